import { Logger } from '@aws-lambda-powertools/logger';

/**
 * The broker's structured JSON logger. Log lines carry ids, states, topics and
 * organisation numbers, never conversation content or identity numbers: pass
 * `{ handoffId }` as the correlation key on every line about a handoff.
 */
export const logger = new Logger({ serviceName: 'handoff-broker' });
