import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import type { TransitionRecord } from '#domain/handoff';
import type { StoredMessage } from '#domain/ports';
import { handoffTable, isInsertUnder, messageSortKeyPrefix, transitionSortKeyPrefix } from '#platform/tables';

/**
 * What an inserted item of the table's stream holds, read back through the
 * item layout (handoff-items.ts writes them): the one place stream readers
 * decode items.
 */
const sortKeyOf = (record: DynamoDBRecord) => record.dynamodb?.Keys?.[handoffTable.sortKey.name]?.S ?? '';
const newImageOf = (record: DynamoDBRecord) => unmarshall(record.dynamodb!.NewImage as Record<string, AttributeValue>);

/** The transition a stream record inserted, if it inserted one. */
export function insertedTransition(record: DynamoDBRecord): TransitionRecord | undefined {
  if (!isInsertUnder([transitionSortKeyPrefix], record.eventName, sortKeyOf(record))) return undefined;
  return newImageOf(record).transition as TransitionRecord;
}

/** The relayed message a stream record inserted, if it inserted one. */
export function insertedMessage(record: DynamoDBRecord): StoredMessage | undefined {
  if (!isInsertUnder([messageSortKeyPrefix], record.eventName, sortKeyOf(record))) return undefined;
  return newImageOf(record).message as StoredMessage;
}
