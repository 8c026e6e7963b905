import { handoffRoutes } from '#contracts/handoff-routes';
import { previewHandoff } from '#domain/use-cases/open-handoff';
import { openingDependencies } from '#shared/opening-dependencies';
import { httpHandler, type RouteHandler } from '#shared/http-handler';

const route = handoffRoutes.previewHandoff;
const deps = openingDependencies();

export const main: RouteHandler<typeof route> = ({ caller, body }) => previewHandoff(deps, caller, body);

export const handler = httpHandler(route, main);
