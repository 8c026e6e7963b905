import {
  BatchGetItemCommand,
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  TransactWriteItemsCommand,
  TransactionCanceledException,
  type AttributeValue,
  type DynamoDBClient,
  type QueryCommandInput,
  type TransactWriteItem,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { handoffTable, transitionSortKeyPrefix } from '#platform/tables';
import { IdempotencyReplay, InvalidCursor, VersionConflict } from '#domain/errors';
import type { Change } from '#domain/handoff-lifecycle';
import type { Handoff, HandoffContent } from '#domain/handoff';
import type { DeadLetter, HandoffStore, IdempotencyReceipt, Page, QueueKey, StoredMessage } from '#domain/ports';
import type { TransferSummary } from '#contracts/audit';
import type { InsightDay } from '#domain/insights';
import type { TransitionRecord } from '#domain/handoff';
import {
  contentItem,
  deadLetterItem,
  deadLetterKey,
  keys,
  transferItem,
  messageItem,
  queueEntry,
  receiptLifetimeSeconds,
  recentAcceptsKept,
  stateItem,
  transitionItemsOf,
  type Retention,
} from './handoff-items.ts';

const toItem = (value: Record<string, unknown>) => marshall(value, { removeUndefinedValues: true });

const encodeCursor = (key: Record<string, unknown>) => Buffer.from(JSON.stringify(key)).toString('base64url');

/**
 * A cursor back into a key, if it is exactly a key of this list: the expected
 * attributes and no others, strings only, in the caller's own partition.
 * Anything else is refused, never followed.
 */
function decodeCursor(cursor: string, attributes: string[], isOwn: (key: Record<string, string>) => boolean): Record<string, string> {
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

/**
 * The handoff store on DynamoDB. Every change is one TransactWriteItems: the
 * state item guarded by its version, the transition items (the outbox the
 * table's stream carries to the bus) and, when given, the idempotency receipt.
 */
export function dynamoHandoffStore(options: { client: DynamoDBClient; tableName: string } & Retention): HandoffStore {
  const { client, tableName } = options;
  const retention: Retention = options;

  const put = (item: Record<string, unknown>, condition?: { expression: string; values?: Record<string, unknown>; names?: Record<string, string> }): TransactWriteItem => ({
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

  /** A receipt lives a day, or less when its answer holds content that must go sooner (`contentExpiresAt`). */
  const receiptPut = (receipt: IdempotencyReceipt, now: string, contentExpiresAt?: string) =>
    put(
      {
        pk: keys.receipt(receipt.claim),
        sk: keys.receiptSort,
        claim: receipt.claim,
        response: JSON.stringify(receipt.response),
        expiresAt: Math.min(
          Math.floor(Date.parse(now) / 1000) + receiptLifetimeSeconds,
          contentExpiresAt ? Math.floor(Date.parse(contentExpiresAt) / 1000) : Number.POSITIVE_INFINITY,
        ),
      },
      // An expired receipt may linger until DynamoDB's TTL removes it; it no longer counts.
      { expression: 'attribute_not_exists(pk) OR expiresAt < :now', values: { ':now': Math.floor(Date.parse(now) / 1000) } },
    );

  async function transact(items: TransactWriteItem[], change: Change, receiptIndex: number | undefined) {
    try {
      await client.send(new TransactWriteItemsCommand({ TransactItems: items }));
    } catch (error) {
      if (error instanceof TransactionCanceledException) {
        const reasons = error.CancellationReasons ?? [];
        if (receiptIndex !== undefined && reasons[receiptIndex]?.Code === 'ConditionalCheckFailed') throw new IdempotencyReplay();
        if (reasons[0]?.Code === 'ConditionalCheckFailed') throw new VersionConflict(change.handoff.id);
        // Another transaction on the same handoff was in flight: the same race as a version conflict, decided again on fresh state.
        if (reasons.some((reason) => reason.Code === 'TransactionConflict')) throw new VersionConflict(change.handoff.id);
      }
      throw error;
    }
  }

  async function getItem(pk: string, sk: string) {
    const { Item } = await client.send(new GetItemCommand({ TableName: tableName, Key: toItem({ pk, sk }), ConsistentRead: true }));
    return Item ? unmarshall(Item) : undefined;
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

  /** The current state items an index names (it holds keys only), in the index's order; those gone since are left out. */
  async function statesNamed(indexItems: Record<string, unknown>[]): Promise<Handoff[]> {
    const ids = indexItems.map((item) => String(item.pk).slice(keys.handoff('').length));
    const found = new Map<string, Handoff>();
    for (let start = 0; start < ids.length; start += 100) {
      let request: Record<string, { Keys: ReturnType<typeof toItem>[]; ConsistentRead: boolean }> | undefined = {
        [tableName]: { Keys: [...new Set(ids.slice(start, start + 100))].map((id) => toItem({ pk: keys.handoff(id), sk: keys.state })), ConsistentRead: true },
      };
      while (request && Object.keys(request).length) {
        const result = await client.send(new BatchGetItemCommand({ RequestItems: request }));
        for (const raw of result.Responses?.[tableName] ?? []) {
          const handoff = unmarshall(raw).handoff as Handoff;
          found.set(handoff.id, handoff);
        }
        request = result.UnprocessedKeys as typeof request;
      }
    }
    return ids.flatMap((id) => (found.has(id) ? [found.get(id)!] : []));
  }

  const contentOf = (item: Record<string, unknown> | undefined): HandoffContent | undefined => {
    if (!item?.context) return undefined;
    const { context, citizen, returnSummary } = item as HandoffContent;
    return { context, ...(citizen ? { citizen } : {}), ...(returnSummary ? { returnSummary } : {}) };
  };

  return {
    async create(change, content, receipt) {
      const items = [
        put(stateItem(change.handoff, retention), { expression: 'attribute_not_exists(pk)' }),
        put(contentItem(change.handoff.id, content, change.handoff.contentExpiresAt)),
        ...transitionItemsOf(change, retention).map((item) => put(item)),
        ...(receipt ? [receiptPut(receipt, change.handoff.updatedAt)] : []),
      ];
      await transact(items, change, receipt ? items.length - 1 : undefined);
    },

    async commit(change, { content, receipt, contentExpiresEarlier } = {}) {
      const expiresAt = Math.floor(Date.parse(change.handoff.contentExpiresAt) / 1000);
      const contentUpdate: TransactWriteItem[] =
        contentExpiresEarlier && !(content && Object.keys(content).length)
          ? [
              {
                Update: {
                  TableName: tableName,
                  Key: toItem({ pk: keys.handoff(change.handoff.id), sk: keys.content }),
                  // Gone by the earliest policy of all who held it (an item TTL already took stays an empty, expiring key).
                  UpdateExpression: 'SET expiresAt = :expiresAt',
                  ExpressionAttributeValues: toItem({ ':expiresAt': expiresAt }),
                },
              },
            ]
          : content && Object.keys(content).length
          ? [
              {
                Update: {
                  TableName: tableName,
                  Key: toItem({ pk: keys.handoff(change.handoff.id), sk: keys.content }),
                  // If TTL already took the content, the recreated item must expire too.
                  UpdateExpression: `SET ${Object.keys(content).map((name) => `#${name} = :${name}`).join(', ')}, expiresAt = if_not_exists(expiresAt, :expiresAt)`,
                  ExpressionAttributeNames: Object.fromEntries(Object.keys(content).map((name) => [`#${name}`, name])),
                  ExpressionAttributeValues: toItem({
                    ...Object.fromEntries(Object.entries(content).map(([name, value]) => [`:${name}`, value])),
                    ':expiresAt': Math.floor(Date.parse(change.handoff.contentExpiresAt) / 1000),
                  }),
                },
              },
            ]
          : [];
      const items = [
        put(stateItem(change.handoff, retention), {
          expression: '#version = :expected',
          names: { '#version': 'version' },
          values: { ':expected': change.expectedVersion },
        }),
        ...transitionItemsOf(change, retention).map((item) => put(item, { expression: 'attribute_not_exists(pk)' })),
        ...contentUpdate,
        ...(receipt ? [receiptPut(receipt, change.handoff.updatedAt)] : []),
      ];
      await transact(items, change, receipt ? items.length - 1 : undefined);
    },

    async get(id) {
      return (await getItem(keys.handoff(id), keys.state))?.handoff as Handoff | undefined;
    },

    async getContent(id) {
      return contentOf(await getItem(keys.handoff(id), keys.content));
    },

    async getContents(ids) {
      const found = new Map<string, HandoffContent>();
      for (let start = 0; start < ids.length; start += 100) {
        let request: Record<string, { Keys: ReturnType<typeof toItem>[]; ConsistentRead: boolean }> | undefined = {
          [tableName]: { Keys: ids.slice(start, start + 100).map((id) => toItem({ pk: keys.handoff(id), sk: keys.content })), ConsistentRead: true },
        };
        while (request && Object.keys(request).length) {
          const result = await client.send(new BatchGetItemCommand({ RequestItems: request }));
          for (const raw of result.Responses?.[tableName] ?? []) {
            const item = unmarshall(raw);
            const content = contentOf(item);
            if (content) found.set(String(item.pk).slice(keys.handoff('').length), content);
          }
          request = result.UnprocessedKeys as typeof request;
        }
      }
      return found;
    },

    async inbox(orgNumber, { limit, cursor }): Promise<Page<Handoff>> {
      const { inbox } = handoffTable.indexes;
      const partition = keys.inbox(orgNumber);
      const result = await client.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: inbox.name,
          KeyConditionExpression: '#pk = :pk',
          ExpressionAttributeNames: { '#pk': inbox.partitionKey.name },
          ExpressionAttributeValues: toItem({ ':pk': partition }),
          Limit: limit,
          ...(cursor
            ? {
                ExclusiveStartKey: toItem(
                  decodeCursor(cursor, ['pk', 'sk', inbox.partitionKey.name, inbox.sortKey.name], (key) => key[inbox.partitionKey.name] === partition),
                ),
              }
            : {}),
        }),
      );
      // The index may lag the table: what it names is read fresh, and kept only if it still waits in this inbox.
      const named = await statesNamed((result.Items ?? []).map((item) => unmarshall(item)));
      return {
        items: named.filter((handoff) => handoff.status === 'offered' && handoff.assignee?.kind === 'bot' && handoff.assignee.orgNumber === orgNumber),
        nextCursor: result.LastEvaluatedKey ? encodeCursor(unmarshall(result.LastEvaluatedKey)) : null,
      };
    },

    async due(now, limit) {
      const { due } = handoffTable.indexes;
      const result = await client.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: due.name,
          KeyConditionExpression: '#pk = :pk AND #sk <= :until',
          ExpressionAttributeNames: { '#pk': due.partitionKey.name, '#sk': due.sortKey.name },
          // '~' sorts after every character of "<deadline>#<id>", so deadlines equal to now are included.
          ExpressionAttributeValues: toItem({ ':pk': keys.due, ':until': `${now}~` }),
          Limit: limit,
        }),
      );
      return (await statesNamed((result.Items ?? []).map((item) => unmarshall(item)))).filter((handoff) => handoff.deadline !== null && handoff.deadline <= now);
    },

    async queueEntries(queue: QueueKey) {
      const items = await queryIndex(handoffTable.indexes.queue, keys.queue(queue));
      const inQueue = (handoff: Handoff) => handoff.assignee?.kind === 'queue' && handoff.assignee.orgNumber === queue.orgNumber && handoff.assignee.queueId === queue.queueId;
      const entries = (prefix: string) => items.filter((item) => String(item[handoffTable.indexes.queue.sortKey.name]).startsWith(prefix));
      const [waiting, scheduled] = await Promise.all([statesNamed(entries(queueEntry.waiting)), statesNamed(entries(queueEntry.scheduled))]);
      return {
        waiting: waiting.filter((handoff) => inQueue(handoff) && handoff.status === 'queued'),
        scheduled: scheduled.filter((handoff) => inQueue(handoff) && handoff.status === 'callback_scheduled'),
      };
    },

    async adviserConversations(orgNumber, adviserId) {
      const named = await statesNamed(await queryIndex(handoffTable.indexes.queue, keys.adviser(orgNumber, adviserId)));
      return named.filter((handoff) => handoff.status === 'accepted' && handoff.assignee?.kind === 'queue' && handoff.assignee.adviserId === adviserId && handoff.assignee.orgNumber === orgNumber);
    },

    async recentAccepts(queue) {
      const item = await getItem(keys.queueStats(queue), keys.statsSort);
      return ((item?.accepts as { at: string }[] | undefined) ?? []).map((accept) => accept.at);
    },

    async recordAccept(queue, at, handoffId) {
      // Read, add, keep the newest; guarded by a version so two accepts at once both count. Replays add nothing.
      for (let attempt = 0; attempt < 5; attempt += 1) {
        const item = await getItem(keys.queueStats(queue), keys.statsSort);
        const accepts = (item?.accepts as { at: string; handoffId: string }[] | undefined) ?? [];
        if (accepts.some((accept) => accept.handoffId === handoffId)) return;
        const next = [...accepts, { at, handoffId }].sort((a, b) => a.at.localeCompare(b.at)).slice(-recentAcceptsKept);
        const version = Number(item?.version ?? 0);
        try {
          await client.send(
            new PutItemCommand({
              TableName: tableName,
              Item: toItem({ pk: keys.queueStats(queue), sk: keys.statsSort, accepts: next, version: version + 1 }),
              ConditionExpression: 'attribute_not_exists(pk) OR version = :version',
              ExpressionAttributeValues: toItem({ ':version': version }),
            }),
          );
          return;
        } catch (error) {
          if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error;
        }
      }
      throw new Error(`could not record an accept for ${keys.queueStats(queue)} after 5 attempts`);
    },

    async putMessage(message, expiresAt, receipt) {
      const items = [put(messageItem(message, expiresAt), { expression: 'attribute_not_exists(pk)' }), ...(receipt ? [receiptPut(receipt, message.at, expiresAt)] : [])];
      try {
        await client.send(new TransactWriteItemsCommand({ TransactItems: items }));
      } catch (error) {
        if (receipt && error instanceof TransactionCanceledException && error.CancellationReasons?.[1]?.Code === 'ConditionalCheckFailed') throw new IdempotencyReplay();
        throw error;
      }
    },

    async getMessage(handoffId, messageId) {
      return (await getItem(keys.handoff(handoffId), keys.message(messageId)))?.message as StoredMessage | undefined;
    },

    async messages(handoffId, after, limit) {
      // One page: the sort key starts after the cursor (a key just above it), so a long conversation is read in bounded steps.
      const result = await client.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :low AND :high',
          ExpressionAttributeValues: toItem({ ':pk': keys.handoff(handoffId), ':low': keys.message(after ? `${after}\u0000` : ''), ':high': keys.message('\uffff') }),
          ConsistentRead: true,
          Limit: limit,
        }),
      );
      return (result.Items ?? []).map((item) => unmarshall(item).message as StoredMessage);
    },

    async timeline(handoffId) {
      const items = await queryAll({
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: toItem({ ':pk': keys.handoff(handoffId), ':prefix': transitionSortKeyPrefix }),
        ConsistentRead: true,
      });
      return items.map((item) => item.transition as TransitionRecord);
    },

    async putTransferSummaries(handoffVersion, summaries) {
      await Promise.all(
        summaries.map(async ({ orgNumber, summary }) => {
          try {
            await client.send(
              new PutItemCommand({
                TableName: tableName,
                Item: toItem(transferItem(orgNumber, summary, handoffVersion, retention)),
                ConditionExpression: 'attribute_not_exists(pk) OR version < :version',
                ExpressionAttributeValues: toItem({ ':version': handoffVersion }),
              }),
            );
          } catch (error) {
            // A record of this version or a newer one is there already: an older or repeated event changes nothing.
            if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error;
          }
        }),
      );
    },

    async searchTransfers(orgNumber, { from, to, filters, limit, cursor }) {
      const partition = keys.transfers(orgNumber);
      const conditions: string[] = [];
      const values: Record<string, unknown> = { ':pk': partition, ':from': from, ':to': to };
      const names: Record<string, string> = {};
      for (const [field, attribute] of [['direction', 'direction'], ['counterpart', 'counterpart'], ['topic', 'topic'], ['reason', 'reason'], ['outcome', 'status']] as const) {
        const value = filters[field];
        if (value === undefined) continue;
        names[`#${attribute}`] = attribute;
        values[`:${attribute}`] = value;
        conditions.push(`#${attribute} = :${attribute}`);
      }
      // A start outside [from, to] is one DynamoDB refuses: refused here as the caller's mistake.
      const start = cursor ? decodeCursor(cursor, ['pk', 'sk'], (key) => key.pk === partition && (key.sk ?? '') >= from && (key.sk ?? '') <= to) : undefined;
      // DynamoDB limits what it reads before filtering: read on until a page has `limit` matches or the range ends.
      const items: TransferSummary[] = [];
      let next = start ? toItem(start) : undefined;
      do {
        const result = await client.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
            ...(conditions.length ? { FilterExpression: conditions.join(' AND '), ExpressionAttributeNames: names } : {}),
            ExpressionAttributeValues: toItem(values),
            ScanIndexForward: false,
            Limit: limit - items.length,
            ...(next ? { ExclusiveStartKey: next } : {}),
          }),
        );
        items.push(...(result.Items ?? []).map((item) => unmarshall(item).summary as TransferSummary));
        next = result.LastEvaluatedKey;
      } while (next && items.length < limit);
      return { items, nextCursor: next ? encodeCursor(unmarshall(next)) : null };
    },

    async applyInsights(eventKey, increments) {
      const now = Math.floor(Date.now() / 1000);
      const expiresAt = now + retention.metadataRetentionDays * 86_400;
      const updates: TransactWriteItem[] = increments.map((increment) => {
        const names: Record<string, string> = { '#expiresAt': 'expiresAt' };
        const values: Record<string, unknown> = { ':expiresAt': expiresAt };
        const additions = Object.entries(increment.counters).map(([name, value], index) => {
          names[`#c${index}`] = name;
          values[`:c${index}`] = value;
          return `#c${index} :c${index}`;
        });
        return {
          Update: {
            TableName: tableName,
            Key: toItem({ pk: keys.insights(increment.orgNumber), sk: increment.day }),
            UpdateExpression: `SET #expiresAt = :expiresAt${additions.length ? ` ADD ${additions.join(', ')}` : ''}`,
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: toItem(values),
          },
        };
      });
      try {
        // The ledger entry and the counters are one write: an event is counted exactly once.
        await client.send(
          new TransactWriteItemsCommand({
            TransactItems: [
              {
                Put: {
                  TableName: tableName,
                  // Remembered as long as the counters it guards, so a replay from the archive counts nothing twice.
                  Item: toItem({ pk: keys.ledger(eventKey), sk: 'EVENT', expiresAt }),
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
              ...updates,
            ],
          }),
        );
        return true;
      } catch (error) {
        if (error instanceof TransactionCanceledException && error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed') return false;
        throw error;
      }
    },

    async insightDays(orgNumber, fromDay, toDay) {
      const items = await queryAll({
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: toItem({ ':pk': keys.insights(orgNumber), ':from': fromDay, ':to': toDay }),
      });
      return items.map(({ pk: _pk, sk, expiresAt: _expiresAt, ...counters }): InsightDay => ({ day: String(sk), counters: counters as Record<string, number> }));
    },

    async findReceipt(scope, key) {
      const item = await getItem(keys.receipt({ scope, key }), keys.receiptSort);
      if (!item || Number(item.expiresAt) * 1000 < Date.now()) return undefined;
      return { claim: item.claim as IdempotencyReceipt['claim'], response: JSON.parse(String(item.response)) };
    },

    async recordDeadLetter(letter) {
      await client.send(new PutItemCommand({ TableName: tableName, Item: toItem(deadLetterItem(letter)) }));
    },

    async removeDeadLetter(letter) {
      await client.send(new DeleteItemCommand({ TableName: tableName, Key: toItem(deadLetterKey(letter)) }));
    },

    async deadLetters(orgNumber, limit) {
      const result = await client.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: toItem({ ':pk': keys.deadLetters(orgNumber) }),
          ScanIndexForward: false,
          Limit: limit,
        }),
      );
      return (result.Items ?? []).map((item) => unmarshall(item).letter as DeadLetter);
    },
  };
}
