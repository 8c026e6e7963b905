import { handoffRoutes } from '#contracts/handoff-routes';
import { systemClock } from '#domain/ports';
import { listInbox } from '#domain/use-cases/read-handoff';
import { directory, queuePace, sessions } from '#shared/dependencies';
import { httpHandler, type RouteHandler } from '#shared/http-handler';

const route = handoffRoutes.listInbox;
const deps = { store: { ...sessions(), ...queuePace() }, directory: directory(), clock: systemClock };

export const main: RouteHandler<typeof route> = ({ caller, query }) => listInbox(deps, caller, query);

export const handler = httpHandler(route, main);
