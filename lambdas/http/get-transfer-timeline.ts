import { auditRoutes } from '#contracts/audit-routes';
import { transferTimeline } from '#domain/use-cases/read-transfer';
import { auditDeps } from '#shared/audit-handler';
import { httpHandler, type RouteHandler } from '#shared/http-handler';

const route = auditRoutes.getTransferTimeline;

export const main: RouteHandler<typeof route> = ({ caller, params }) => transferTimeline(auditDeps(), caller, params.id);

export const handler = httpHandler(route, main);
