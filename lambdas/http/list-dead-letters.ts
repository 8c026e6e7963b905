import { routes } from '#contracts/routes';
import { listDeadLetters } from '#domain/use-cases/redrive-dead-letters';
import { handoffStore } from '#shared/dependencies';
import { httpHandler, type RouteHandler } from '#shared/http-handler';

const route = routes.listDeadLetters;

export const main: RouteHandler<typeof route> = ({ caller, query }) => listDeadLetters({ store: handoffStore() }, caller, query.limit);

export const handler = httpHandler(route, main);
