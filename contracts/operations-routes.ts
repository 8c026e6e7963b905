import { DeadLetterPage, DeadLetterQuery, RedriveRequest, RedriveResult } from './operations.ts';
import type { RouteDefinition } from './route-definition.ts';

/** Operations: the webhooks given up on, and sending them again. */
export const operationsRoutes = {
  listDeadLetters: {
    method: 'GET',
    path: '/v1/ops/dead-letters',
    summary: 'List the webhooks to your agency’s bots that the broker gave up on',
    description:
      'After the last retry a webhook is recorded here (without its content) and the handoff moves on: an offer is declined on the bot’s behalf and rerouted or falls back.',
    tag: 'Operations',
    caller: 'operator',
    scope: 'audit:read',
    query: DeadLetterQuery,
    response: { status: 200, schema: DeadLetterPage },
    problems: [],
  },
  redriveDeadLetters: {
    method: 'POST',
    path: '/v1/ops/dead-letters/redrive',
    summary: 'Send undelivered webhooks again',
    description:
      'Each named dead letter (or the newest few) is sent once more as the handoff stands now: a status notice or a relayed message again, an offer only while it is still open. A letter that fails again is recorded again.',
    tag: 'Operations',
    caller: 'operator',
    scope: 'webhooks:redrive',
    // Safe to repeat: a letter sent again is off the list, and a bot drops a webhook-id it has seen.
    idempotent: false,
    body: RedriveRequest,
    response: { status: 200, schema: RedriveResult },
    problems: [],
  },
} as const satisfies Record<string, RouteDefinition>;
