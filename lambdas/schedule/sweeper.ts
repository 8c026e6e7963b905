import middy from '@middy/core';
import type { ScheduledEvent } from 'aws-lambda';
import { systemClock } from '#domain/ports';
import { sweepOverdue } from '#domain/use-cases/sweep-overdue';
import { directory, lifecycleSettings, sessions } from '#shared/dependencies';
import { logged, logger } from '#shared/logger';

const deps = { store: sessions(), directory: directory(), clock: systemClock, settings: lifecycleSettings() };

/** Every minute: handoffs whose deadline passed move on, so every handoff reaches a terminal state. */
export const handler = logged(
  middy<ScheduledEvent, { moved: number; skipped: number }>().handler(async () => {
    const result = await sweepOverdue(deps);
    if (result.moved || result.skipped) logger.info('sweep', result);
    return result;
  }),
);
