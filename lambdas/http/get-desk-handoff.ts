import { routes } from '#contracts/routes';
import { systemClock } from '#domain/ports';
import { readHandoff } from '#domain/use-cases/read-handoff';
import { directory, handoffStore } from '#shared/dependencies';
import { httpHandler, type RouteHandler } from '#shared/http-handler';

const route = routes.getDeskHandoff;
const deps = { store: handoffStore(), directory: directory(), clock: systemClock };

export const main: RouteHandler<typeof route> = ({ caller, params }) => readHandoff(deps, caller, params.id);

export const handler = httpHandler(route, main);
