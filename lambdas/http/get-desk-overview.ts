import { routes } from '#contracts/routes';
import { systemClock } from '#domain/ports';
import { deskOverview } from '#domain/use-cases/desk-overview';
import { directory, handoffStore } from '#shared/dependencies';
import { httpHandler, type RouteHandler } from '#shared/http-handler';

const route = routes.getDeskOverview;
const deps = { store: handoffStore(), directory: directory(), clock: systemClock };

export const main: RouteHandler<typeof route> = ({ caller }) => deskOverview(deps, caller);

export const handler = httpHandler(route, main);
