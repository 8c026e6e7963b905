import { deskRoutes } from '#contracts/desk-routes';
import { systemClock } from '#domain/ports';
import { readHandoff } from '#domain/use-cases/read-handoff';
import { directory, queuePace, sessions } from '#shared/dependencies';
import { httpHandler, type RouteHandler } from '#shared/http-handler';

const route = deskRoutes.getDeskHandoff;
const deps = { store: { ...sessions(), ...queuePace() }, directory: directory(), clock: systemClock };

export const main: RouteHandler<typeof route> = ({ caller, params }) => readHandoff(deps, caller, params.id);

export const handler = httpHandler(route, main);
