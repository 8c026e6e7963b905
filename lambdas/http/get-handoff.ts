import { handoffRoutes } from '#contracts/handoff-routes';
import { systemClock } from '#domain/ports';
import { readHandoff } from '#domain/use-cases/read-handoff';
import { directory, queuePace, sessions } from '#shared/dependencies';
import { httpHandler, type RouteHandler } from '#shared/http-handler';

const route = handoffRoutes.getHandoff;
const deps = { store: { ...sessions(), ...queuePace() }, directory: directory(), clock: systemClock };

export const main: RouteHandler<typeof route> = ({ caller, params }) => readHandoff(deps, caller, params.id);

export const handler = httpHandler(route, main);
