import { operationsRoutes } from '#contracts/operations-routes';
import { listDeadLetters } from '#domain/use-cases/redrive-dead-letters';
import { deadLetters } from '#shared/dependencies';
import { httpHandler, type RouteHandler } from '#shared/http-handler';

const route = operationsRoutes.listDeadLetters;

export const main: RouteHandler<typeof route> = ({ caller, query }) => listDeadLetters({ store: deadLetters() }, caller, query.limit);

export const handler = httpHandler(route, main);
