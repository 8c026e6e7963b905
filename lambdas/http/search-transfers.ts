import { auditRoutes } from '#contracts/audit-routes';
import { searchTransfers } from '#domain/use-cases/search-transfers';
import { auditDeps } from '#shared/audit-handler';
import { httpHandler, type RouteHandler } from '#shared/http-handler';

const route = auditRoutes.searchTransfers;

export const main: RouteHandler<typeof route> = ({ caller, query }) => searchTransfers(auditDeps(), caller, query);

export const handler = httpHandler(route, main);
