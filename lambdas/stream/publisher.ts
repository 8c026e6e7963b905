import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { busEvents, HandoffTransitionedV1 } from '#contracts/events';
import { transitionSortKeyPrefix } from '#platform/tables';
import { eventPublisher } from '#shared/dependencies';
import { logger } from '#shared/logger';

const isNewTransition = (record: DynamoDBRecord) =>
  record.eventName === 'INSERT' && (record.dynamodb?.Keys?.sk?.S ?? '').startsWith(transitionSortKeyPrefix);

/**
 * The outbox relay: every transition item written to the table becomes one
 * HandoffTransitioned event on the bus. The event is parsed against the
 * contract's strict schema, so nothing but the declared fields (no content,
 * no identity) can reach the bus.
 */
export const main = async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
  const transitions = event.Records.filter(isNewTransition);
  if (!transitions.length) return { batchItemFailures: [] };
  const spec = busEvents.handoffTransitioned;
  const entries = transitions.map((record) => {
    const item = unmarshall(record.dynamodb!.NewImage as Record<string, AttributeValue>);
    const detail = HandoffTransitionedV1.parse({ schemaVersion: 1, ...item.transition });
    return { source: spec.source, detailType: spec.detailType, detail, time: new Date(detail.at) };
  });
  const { failed } = await eventPublisher()(entries);
  for (const [index, entry] of entries.entries()) {
    if (failed.some((failure) => failure.index === index)) continue;
    logger.info('transition published', { handoffId: entry.detail.handoffId, seq: entry.detail.seq, to: entry.detail.to });
  }
  if (!failed.length) return { batchItemFailures: [] };
  // Stream order matters per handoff: report the first failure; the stream retries from there.
  const first = Math.min(...failed.map((failure) => failure.index));
  logger.warn('bus refused events', { failed: failed.map((failure) => failure.errorCode) });
  return { batchItemFailures: [{ itemIdentifier: transitions[first]!.dynamodb!.SequenceNumber! }] };
};

export const handler = middy<DynamoDBStreamEvent, DynamoDBBatchResponse>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(main);
