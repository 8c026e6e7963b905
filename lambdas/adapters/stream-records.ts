import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import type { TransitionRecord } from '#domain/handoff';
import type { StoredMessage } from '#domain/ports';
import { handoffTable, isInsertUnder, messageSortKeyPrefix, transitionSortKeyPrefix } from '#platform/tables';
import { transitionsOf } from './handoff-items.ts';

/**
 * What an inserted item of the table's stream holds, read back through the
 * item layout (handoff-items.ts writes them): the one place stream readers
 * decode items.
 */
const sortKeyOf = (record: DynamoDBRecord) => record.dynamodb?.Keys?.[handoffTable.sortKey.name]?.S ?? '';
const newImageOf = (record: DynamoDBRecord) => unmarshall(record.dynamodb!.NewImage as Record<string, AttributeValue>);

/** The transitions a stream record inserted (a change's timeline item), in order; none for any other record. */
export function insertedTransitions(record: DynamoDBRecord): TransitionRecord[] {
  if (!isInsertUnder([transitionSortKeyPrefix], record.eventName, sortKeyOf(record))) return [];
  const image = newImageOf(record);
  // Lambda's event carries a binary attribute as base64 text; the local poller's SDK read, as bytes.
  return transitionsOf(typeof image.transitions === 'string' ? { ...image, transitions: Buffer.from(image.transitions, 'base64') } : image);
}

/** The relayed message a stream record inserted, if it inserted one. */
export function insertedMessage(record: DynamoDBRecord): StoredMessage | undefined {
  if (!isInsertUnder([messageSortKeyPrefix], record.eventName, sortKeyOf(record))) return undefined;
  return newImageOf(record).message as StoredMessage;
}
