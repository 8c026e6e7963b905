import middy from '@middy/core';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { insertedTransitions } from '#adapters/stream-records';
import { projectTransition } from '#domain/use-cases/project-transition';
import { directory, insightCounters, projectionSource, transferRecords } from '#shared/dependencies';
import { logged, logger } from '#shared/logger';

const deps = { store: { ...projectionSource(), ...transferRecords(), ...insightCounters() }, directory: directory() };

/**
 * Keeps each agency's transfer records and insight counters, as a second
 * reader of the table's stream: a batch holds the transitions of many
 * handoffs, projected in stream order (so each handoff's in order), one after
 * another, one batch of a shard at a time (its trigger's `parallelization`): the
 * work spreads out instead of coming at the table all at once, ahead of the
 * requests partners wait on. A failure reports its record; the stream retries
 * from there, and what is projected again changes nothing.
 */
export const main = async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
  // A handoff is read once per batch, however many of its transitions the batch holds: the projection never
  // writes its state, only the batch's latest event of it acts (the others find it moved on), and a record
  // written from a state older than the stored one is rewritten by the later event.
  const read = new Map<string, ReturnType<typeof deps.store.projectionInputs>>();
  const batch = {
    ...deps,
    store: { ...deps.store, projectionInputs: (id: string) => read.get(id) ?? read.set(id, deps.store.projectionInputs(id)).get(id)! },
  };
  for (const record of event.Records) {
    for (const transition of insertedTransitions(record)) {
      try {
        const outcome = await projectTransition(batch, transition);
        logger.info('audit projected', { handoffId: transition.handoffId, seq: transition.seq, outcome });
      } catch (error) {
        logger.error('audit projection failed', {
          handoffId: transition.handoffId,
          seq: transition.seq,
          error: error instanceof Error ? error.message : String(error),
        });
        return { batchItemFailures: [{ itemIdentifier: record.dynamodb!.SequenceNumber! }] };
      }
    }
  }
  return { batchItemFailures: [] };
};

export const handler = logged(middy<DynamoDBStreamEvent, DynamoDBBatchResponse>().handler(main));
