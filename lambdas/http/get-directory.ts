import { directoryRoutes } from '#contracts/directory-routes';
import { systemClock } from '#domain/ports';
import { directoryAt } from '#domain/use-cases/read-directory';
import { directory } from '#shared/dependencies';
import { httpHandler, type RouteHandler } from '#shared/http-handler';

const route = directoryRoutes.getDirectory;

// Availability is as of the answer, so the view is built per request (a few agencies and queues: microseconds).
export const main: RouteHandler<typeof route> = async () => directoryAt(directory(), systemClock.now());

export const handler = httpHandler(route, main);
