import middy from '@middy/core';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { busEvents, HandoffMessagePostedV1, HandoffTransitionedV1 } from '#contracts/events';
import type { BusEntry } from '#adapters/event-publisher';
import { insertedMessage, insertedTransitions } from '#adapters/stream-records';
import { eventPublisher } from '#shared/bus-dependencies';
import { logged, logger } from '#shared/logger';

type Announcement = { entry: BusEntry; handoffId: string; label: string };

/**
 * The events an inserted item announces, in order: a change's transitions, or
 * a relayed message. Each is parsed against the contract's strict schema, so
 * nothing but the declared fields (no content, no message text, no identity)
 * can reach the bus.
 */
export function announcementsOf(record: DynamoDBRecord): Announcement[] {
  const transitions = insertedTransitions(record).map((transition): Announcement => {
    const detail = HandoffTransitionedV1.parse({ schemaVersion: 1, ...transition });
    const spec = busEvents.handoffTransitioned;
    return {
      entry: { source: spec.source, detailType: spec.detailType, detail, time: new Date(detail.at) },
      handoffId: detail.handoffId,
      label: `→ ${detail.to}`,
    };
  });
  if (transitions.length) return transitions;
  const message = insertedMessage(record);
  if (message) {
    const detail = HandoffMessagePostedV1.parse({
      schemaVersion: 1,
      handoffId: message.handoffId,
      messageId: message.id,
      fromRole: message.fromRole,
      at: message.at,
    });
    const spec = busEvents.handoffMessagePosted;
    return [{ entry: { source: spec.source, detailType: spec.detailType, detail, time: new Date(detail.at) }, handoffId: detail.handoffId, label: 'message' }];
  }
  return [];
}

/** The outbox relay: timeline and message items written to the table become events on the bus. */
export const main = async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
  const announced = event.Records.flatMap((record) => announcementsOf(record).map((announcement) => ({ record, ...announcement })));
  if (!announced.length) return { batchItemFailures: [] };
  const { failed } = await eventPublisher()(announced.map(({ entry }) => entry));
  for (const [index, { entry, handoffId, label }] of announced.entries()) {
    if (!failed.some((failure) => failure.index === index)) logger.info('published', { handoffId, event: entry.detailType, what: label });
  }
  if (!failed.length) return { batchItemFailures: [] };
  logger.warn('bus refused events', { failed: failed.map((failure) => failure.errorCode) });
  return {
    batchItemFailures: [
      {
        itemIdentifier: retryFrom(
          announced,
          failed.map((failure) => failure.index),
        ),
      },
    ],
  };
};

/**
 * The record the stream retries from when the bus refused events (by their index among those announced): the
 * record of the first refused one, since stream order matters per handoff. A change's events before the refused
 * one go out again: delivery is at least once, and a repeat carries the same webhook id.
 */
export function retryFrom(announced: { record: DynamoDBRecord }[], refused: number[]): string {
  return announced[Math.min(...refused)]!.record.dynamodb!.SequenceNumber!;
}

export const handler = logged(middy<DynamoDBStreamEvent, DynamoDBBatchResponse>().handler(main));
