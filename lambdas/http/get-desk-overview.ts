import { deskRoutes } from '#contracts/desk-routes';
import { systemClock } from '#domain/ports';
import { deskOverview } from '#domain/use-cases/desk-overview';
import { directory, queuePace, sessions } from '#shared/dependencies';
import { httpHandler, type RouteHandler } from '#shared/http-handler';

const route = deskRoutes.getDeskOverview;
const deps = { store: { ...sessions(), ...queuePace() }, directory: directory(), clock: systemClock };

export const main: RouteHandler<typeof route> = ({ caller }) => deskOverview(deps, caller);

export const handler = httpHandler(route, main);
