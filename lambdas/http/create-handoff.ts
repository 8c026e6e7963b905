import { handoffRoutes } from '#contracts/handoff-routes';
import { openHandoff } from '#domain/use-cases/open-handoff';
import { openingDependencies } from '#shared/opening-dependencies';
import { httpHandler, type RouteHandler } from '#shared/http-handler';
import { logger } from '#shared/logger';

const route = handoffRoutes.createHandoff;
const deps = openingDependencies();

export const main: RouteHandler<typeof route> = async ({ caller, body, idempotency }) => {
  const handoff = await openHandoff(deps, caller, body, idempotency);
  logger.info('handoff opened', {
    handoffId: handoff.id,
    status: handoff.status,
    topic: handoff.topic,
    originOrgNumber: caller.orgNumber,
    assigneeOrgNumber: handoff.assignee?.orgNumber,
  });
  return handoff;
};

export const handler = httpHandler(route, main);
