import middy from '@middy/core';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { insertedTransition } from '#adapters/stream-records';
import type { TransitionRecord } from '#domain/handoff';
import { systemClock } from '#domain/ports';
import { projectTransition } from '#domain/use-cases/audit';
import { directory, insightCounters, sessions, transferRecords } from '#shared/dependencies';
import { logged, logger } from '#shared/logger';

const deps = { store: { ...sessions(), ...transferRecords(), ...insightCounters() }, directory: directory(), clock: systemClock };

/**
 * Keeps each agency's transfer records and insight counters, as a second
 * reader of the table's stream: a batch holds the transitions of many
 * handoffs, each handoff's in order. Handoffs are projected side by side; a
 * failure reports the earliest failed record, and the stream retries from
 * there (what was projected again changes nothing).
 */
export const main = async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
  const byHandoff = new Map<string, { record: DynamoDBRecord; transition: TransitionRecord }[]>();
  for (const record of event.Records) {
    const transition = insertedTransition(record);
    if (transition) byHandoff.set(transition.handoffId, [...(byHandoff.get(transition.handoffId) ?? []), { record, transition }]);
  }
  const failed: DynamoDBRecord[] = [];
  await Promise.all(
    [...byHandoff.values()].map(async (entries) => {
      for (const { record, transition } of entries) {
        try {
          const outcome = await projectTransition(deps, transition);
          logger.info('audit projected', { handoffId: transition.handoffId, seq: transition.seq, outcome });
        } catch (error) {
          logger.error('audit projection failed', { handoffId: transition.handoffId, seq: transition.seq, error: error instanceof Error ? error.message : String(error) });
          failed.push(record);
          return;
        }
      }
    }),
  );
  if (!failed.length) return { batchItemFailures: [] };
  const position = (record: DynamoDBRecord) => event.Records.indexOf(record);
  const first = failed.reduce((earliest, record) => (position(record) < position(earliest) ? record : earliest));
  return { batchItemFailures: [{ itemIdentifier: first.dynamodb!.SequenceNumber! }] };
};

export const handler = logged(
  middy<DynamoDBStreamEvent, DynamoDBBatchResponse>()
    .handler(main),
);
