import { auditRoutes } from '#contracts/audit-routes';
import { exportAuditCef } from '#domain/use-cases/export-transfers';
import { auditDeps } from '#shared/audit-handler';
import { httpHandler, type RouteHandler } from '#shared/http-handler';

const route = auditRoutes.exportAuditCef;

export const main: RouteHandler<typeof route> = ({ caller, query }) => exportAuditCef(auditDeps(), caller, query);

export const handler = httpHandler(route, main);
