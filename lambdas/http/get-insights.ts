import { auditRoutes } from '#contracts/audit-routes';
import { insights } from '#domain/use-cases/report-insights';
import { auditDeps } from '#shared/audit-handler';
import { httpHandler, type RouteHandler } from '#shared/http-handler';

const route = auditRoutes.getInsights;

export const main: RouteHandler<typeof route> = ({ caller, query }) => insights(auditDeps(), caller, query);

export const handler = httpHandler(route, main);
