import { routes } from '#contracts/routes';
import { systemClock } from '#domain/ports';
import { listInbox } from '#domain/use-cases/read-handoff';
import { directory, handoffStore } from '#shared/dependencies';
import { httpHandler, type RouteHandler } from '#shared/http-handler';

const route = routes.listInbox;
const deps = { store: handoffStore(), directory: directory(), clock: systemClock };

export const main: RouteHandler<typeof route> = ({ caller, query }) => listInbox(deps, caller, query);

export const handler = httpHandler(route, main);
