import { routes } from '#contracts/routes';
import { transferTimeline } from '#domain/use-cases/audit';
import { auditDeps } from '#shared/audit-handler';
import { httpHandler, type RouteHandler } from '#shared/http-handler';

const route = routes.getTransferTimeline;

export const main: RouteHandler<typeof route> = ({ caller, params }) => transferTimeline(auditDeps(), caller, params.id);

export const handler = httpHandler(route, main);
