import { auditRoutes } from '#contracts/audit-routes';
import { exportTransfersCsv } from '#domain/use-cases/export-transfers';
import { auditDeps } from '#shared/audit-handler';
import { httpHandler, type RouteHandler } from '#shared/http-handler';

const route = auditRoutes.exportTransfersCsv;

export const main: RouteHandler<typeof route> = ({ caller, query }) => exportTransfersCsv(auditDeps(), caller, query);

export const handler = httpHandler(route, main);
