import { auditRoutes } from '#contracts/audit-routes';
import { verifyTransfer } from '#domain/use-cases/read-transfer';
import { auditDeps } from '#shared/audit-handler';
import { httpHandler, type RouteHandler } from '#shared/http-handler';
import { logger } from '#shared/logger';

const route = auditRoutes.verifyTransfer;

export const main: RouteHandler<typeof route> = async ({ caller, params }) => {
  const result = await verifyTransfer(auditDeps(), caller, params.id);
  if (!result.valid) logger.warn('audit chain broken', { handoffId: params.id, broken: result.broken });
  return result;
};

export const handler = httpHandler(route, main);
