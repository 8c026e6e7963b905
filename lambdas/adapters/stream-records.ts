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
/** The item a record inserted. Lambda's event carries a binary attribute as base64 text, the local poller's SDK read as bytes: both become bytes. */
const newImageOf = (record: DynamoDBRecord) =>
  unmarshall(
    Object.fromEntries(
      Object.entries(record.dynamodb!.NewImage as Record<string, AttributeValue | { B: string }>).map(([name, value]) => [
        name,
        typeof value.B === 'string' ? { B: Buffer.from(value.B, 'base64') } : value,
      ]),
    ) as Record<string, AttributeValue>,
  );

/** The transitions a stream record inserted (a change's timeline item), in order; none for any other record. */
export function insertedTransitions(record: DynamoDBRecord): TransitionRecord[] {
  if (!isInsertUnder([transitionSortKeyPrefix], record.eventName, sortKeyOf(record))) return [];
  return transitionsOf(newImageOf(record));
}

/** The relayed message a stream record inserted, if it inserted one. */
export function insertedMessage(record: DynamoDBRecord): StoredMessage | undefined {
  if (!isInsertUnder([messageSortKeyPrefix], record.eventName, sortKeyOf(record))) return undefined;
  return newImageOf(record).message as StoredMessage;
}
