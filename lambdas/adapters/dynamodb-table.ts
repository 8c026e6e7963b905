import {
  BatchGetItemCommand,
  GetItemCommand,
  QueryCommand,
  TransactWriteItemsCommand,
  TransactionCanceledException,
  type AttributeValue,
  type DynamoDBClient,
  type QueryCommandInput,
  type TransactWriteItem,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { IdempotencyReplay, InvalidCursor } from '#domain/errors';
import type { IdempotencyReceipt } from '#domain/ports';
import { keys, receiptLifetimeSeconds, type Retention } from './handoff-items.ts';
import { decodeCompactJson, encodeCompactJson } from './compact-json.ts';

/** Where each concern's DynamoDB adapter keeps its items: the one table, its client and the metadata retention. */
export type TableAccess = { client: DynamoDBClient; tableName: string } & Retention;

export const toItem = (value: Record<string, unknown>) => marshall(value, { removeUndefinedValues: true });
export { unmarshall };

export const encodeCursor = (key: Record<string, unknown>) => Buffer.from(JSON.stringify(key)).toString('base64url');

/**
 * A cursor back into a key, if it is exactly a key of this list: the expected
 * attributes and no others, strings only, in the caller's own partition.
 * Anything else is refused, never followed.
 */
export function decodeCursor(cursor: string, attributes: string[], isOwn: (key: Record<string, string>) => boolean): Record<string, string> {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursor();
  }
  const wellFormed =
    !!key &&
    typeof key === 'object' &&
    !Array.isArray(key) &&
    Object.keys(key).length === attributes.length &&
    attributes.every((name) => typeof (key as Record<string, unknown>)[name] === 'string' && ((key as Record<string, string>)[name] ?? '').length <= 1024);
  if (!wellFormed || !isOwn(key as Record<string, string>)) throw new InvalidCursor();
  return key as Record<string, string>;
}

type Condition = { expression: string; values?: Record<string, unknown>; names?: Record<string, string> };

/** The table's reads and writes shared by every concern's adapter. */
export function tableOf({ client, tableName }: TableAccess) {
  const put = (item: Record<string, unknown>, condition?: Condition): TransactWriteItem => ({
    Put: {
      TableName: tableName,
      Item: toItem(item),
      ...(condition
        ? {
            ConditionExpression: condition.expression,
            ...(condition.values ? { ExpressionAttributeValues: toItem(condition.values) } : {}),
            ...(condition.names ? { ExpressionAttributeNames: condition.names } : {}),
          }
        : {}),
    },
  });

  /**
   * The receipt of a change, written in the change's own transaction. It lives a day, or less when its answer
   * holds content that must go sooner (`contentExpiresAt`). The answer is kept compressed (docs/architecture.md).
   */
  const receiptPut = (receipt: IdempotencyReceipt, now: string, contentExpiresAt?: string) =>
    put(
      {
        pk: keys.receipt(receipt.claim),
        sk: keys.receiptSort,
        requestHash: receipt.claim.requestHash,
        response: encodeCompactJson(receipt.response),
        expiresAt: Math.min(
          Math.floor(Date.parse(now) / 1000) + receiptLifetimeSeconds,
          contentExpiresAt ? Math.floor(Date.parse(contentExpiresAt) / 1000) : Number.POSITIVE_INFINITY,
        ),
      },
      // An expired receipt may linger until DynamoDB's TTL removes it; it no longer counts.
      { expression: 'attribute_not_exists(pk) OR expiresAt < :now', values: { ':now': Math.floor(Date.parse(now) / 1000) } },
    );

  const receiptOf = (item: Record<string, unknown>, scope: string, key: string): IdempotencyReceipt => ({
    // Receipts written before the answer was compressed kept the hash in their `claim`; they live out their day.
    claim: { scope, key, requestHash: String(item.requestHash ?? (item.claim as { requestHash?: string } | undefined)?.requestHash) },
    response: decodeCompactJson<unknown>(item.response as Uint8Array | string),
  });

  /**
   * Writes items in one transaction. A refused receipt (at `receiptIndex`) is a replay; any other refused
   * condition, or a transaction in flight on the same items, is answered by `onConflict`.
   */
  async function transact(items: TransactWriteItem[], receiptIndex: number | undefined, onConflict: (reasons: string[]) => Error | undefined) {
    try {
      await client.send(new TransactWriteItemsCommand({ TransactItems: items }));
    } catch (error) {
      if (error instanceof TransactionCanceledException) {
        const reasons = (error.CancellationReasons ?? []).map((reason) => reason.Code ?? 'None');
        if (receiptIndex !== undefined && reasons[receiptIndex] === 'ConditionalCheckFailed') throw new IdempotencyReplay();
        const mapped = onConflict(reasons);
        if (mapped) throw mapped;
      }
      throw error;
    }
  }

  async function getItem(pk: string, sk: string) {
    const { Item } = await client.send(new GetItemCommand({ TableName: tableName, Key: toItem({ pk, sk }), ConsistentRead: true }));
    return Item ? unmarshall(Item) : undefined;
  }

  /** Items by key, consistently read, a hundred to a request; those not there are left out, in no order. */
  async function getItems(itemKeys: { pk: string; sk: string }[]): Promise<Record<string, unknown>[]> {
    const found: Record<string, unknown>[] = [];
    const unique = [...new Map(itemKeys.map((key) => [`${key.pk}\n${key.sk}`, key])).values()];
    for (let start = 0; start < unique.length; start += 100) {
      let request: Record<string, { Keys: ReturnType<typeof toItem>[]; ConsistentRead: boolean }> | undefined = {
        [tableName]: { Keys: unique.slice(start, start + 100).map((key) => toItem(key)), ConsistentRead: true },
      };
      while (request && Object.keys(request).length) {
        const result = await client.send(new BatchGetItemCommand({ RequestItems: request }));
        found.push(...(result.Responses?.[tableName] ?? []).map((raw) => unmarshall(raw)));
        request = result.UnprocessedKeys as typeof request;
      }
    }
    return found;
  }

  /** Every item a query matches, page after page, unmarshalled, in sort-key order. */
  async function queryAll(input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, AttributeValue> | undefined;
    do {
      const result = await client.send(new QueryCommand({ ...input, TableName: tableName, ...(start ? { ExclusiveStartKey: start } : {}) }));
      items.push(...(result.Items ?? []).map((item) => unmarshall(item)));
      start = result.LastEvaluatedKey;
    } while (start);
    return items;
  }

  /** Every item of one partition of an index. */
  const queryIndex = (index: { name: string; partitionKey: { name: string } }, partition: string) =>
    queryAll({
      IndexName: index.name,
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': index.partitionKey.name },
      ExpressionAttributeValues: toItem({ ':pk': partition }),
    });

  return { client, tableName, put, receiptPut, receiptOf, transact, getItem, getItems, queryAll, queryIndex };
}

export type Table = ReturnType<typeof tableOf>;
