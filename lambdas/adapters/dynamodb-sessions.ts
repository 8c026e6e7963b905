import { QueryCommand, type AttributeValue, type QueryCommandInput, type TransactWriteItem } from '@aws-sdk/client-dynamodb';
import { handoffTable, transitionSortKeyPrefix } from '#platform/tables';
import { VersionConflict } from '#domain/errors';
import type { Handoff, HandoffContent } from '#domain/handoff';
import type { HandoffSessions, Page, QueueKey } from '#domain/ports';
import { contentItem, handoffOf, keys, queueEntry, stateItem, timelineItemOf, transitionsOf } from './handoff-items.ts';
import { decodeCursor, encodeCursor, tableOf, toItem, unmarshall, type TableAccess } from './dynamodb-table.ts';

const contentOf = (item: Record<string, unknown> | undefined): HandoffContent | undefined => {
  if (!item?.context) return undefined;
  const { context, citizen, returnSummary } = item as HandoffContent;
  return { context, ...(citizen ? { citizen } : {}), ...(returnSummary ? { returnSummary } : {}) };
};

const idOf = (item: Record<string, unknown>) => String(item.pk).slice(keys.handoff('').length);

/**
 * Session state on DynamoDB. Every change is one TransactWriteItems: the
 * state item guarded by its version, the change's timeline item (the outbox the
 * table's stream carries to the bus) and, when given, the idempotency receipt.
 */
export function dynamoSessions(access: TableAccess): HandoffSessions {
  const table = tableOf(access);
  const { tableName, client, put } = table;
  const conflictOn = (id: string) => (reasons: string[]) =>
    // A refused state condition, or another transaction in flight on the same handoff: the same race, decided again on fresh state.
    reasons[0] === 'ConditionalCheckFailed' || reasons.includes('TransactionConflict') ? new VersionConflict(id) : undefined;

  /** The current state items an index names (it holds keys only), in the index's order; those gone since are left out. */
  async function statesNamed(indexItems: Record<string, unknown>[]): Promise<Handoff[]> {
    const ids = indexItems.map(idOf);
    const found = new Map((await table.getItems(ids.map((id) => ({ pk: keys.handoff(id), sk: keys.state })))).map((item) => [idOf(item), handoffOf(item)]));
    return ids.flatMap((id) => (found.has(id) ? [found.get(id)!] : []));
  }

  /**
   * Up to `limit` handoffs an index names that still belong there (read fresh: an index may lag its table),
   * reading on past those that moved, so a short page means the end of the list. `next` continues after the last read.
   */
  async function freshFromIndex(
    query: Omit<QueryCommandInput, 'TableName' | 'Limit' | 'ExclusiveStartKey'>,
    limit: number,
    start: Record<string, AttributeValue> | undefined,
    belongs: (handoff: Handoff) => boolean,
  ): Promise<{ items: Handoff[]; next: Record<string, AttributeValue> | undefined }> {
    const items: Handoff[] = [];
    let next = start;
    do {
      const result = await client.send(
        new QueryCommand({ ...query, TableName: tableName, Limit: limit - items.length, ...(next ? { ExclusiveStartKey: next } : {}) }),
      );
      items.push(...(await statesNamed((result.Items ?? []).map((item) => unmarshall(item)))).filter(belongs));
      next = result.LastEvaluatedKey;
    } while (next && items.length < limit);
    return { items, next };
  }

  return {
    async create(change, content, receipt) {
      const timeline = timelineItemOf(change, access);
      const items = [
        put(stateItem(change.handoff, access), { expression: 'attribute_not_exists(pk)' }),
        put(contentItem(change.handoff.id, content, change.handoff.contentExpiresAt)),
        ...(timeline ? [put(timeline)] : []),
        ...(receipt ? [table.receiptPut(receipt, change.handoff.updatedAt)] : []),
      ];
      await table.transact(items, receipt ? items.length - 1 : undefined, conflictOn(change.handoff.id));
    },

    async commit(change, { content, receipt, contentExpiresEarlier } = {}) {
      const expiresAt = Math.floor(Date.parse(change.handoff.contentExpiresAt) / 1000);
      const contentKey = toItem({ pk: keys.handoff(change.handoff.id), sk: keys.content });
      const contentUpdate: TransactWriteItem[] =
        content && Object.keys(content).length
          ? [
              {
                Update: {
                  TableName: tableName,
                  Key: contentKey,
                  // If TTL already took the content, the recreated item must expire too.
                  UpdateExpression: `SET ${Object.keys(content)
                    .map((name) => `#${name} = :${name}`)
                    .join(', ')}, expiresAt = if_not_exists(expiresAt, :expiresAt)`,
                  ExpressionAttributeNames: Object.fromEntries(Object.keys(content).map((name) => [`#${name}`, name])),
                  ExpressionAttributeValues: toItem({
                    ...Object.fromEntries(Object.entries(content).map(([name, value]) => [`:${name}`, value])),
                    ':expiresAt': expiresAt,
                  }),
                },
              },
            ]
          : contentExpiresEarlier
            ? [
                {
                  Update: {
                    TableName: tableName,
                    Key: contentKey,
                    // Gone by the earliest policy of all who held it (an item TTL already took stays an empty, expiring key).
                    UpdateExpression: 'SET expiresAt = :expiresAt',
                    ExpressionAttributeValues: toItem({ ':expiresAt': expiresAt }),
                  },
                },
              ]
            : [];
      const timeline = timelineItemOf(change, access);
      const items = [
        put(stateItem(change.handoff, access), {
          expression: '#version = :expected',
          names: { '#version': 'version' },
          values: { ':expected': change.expectedVersion },
        }),
        ...(timeline ? [put(timeline, { expression: 'attribute_not_exists(pk)' })] : []),
        ...contentUpdate,
        ...(receipt ? [table.receiptPut(receipt, change.handoff.updatedAt)] : []),
      ];
      await table.transact(items, receipt ? items.length - 1 : undefined, conflictOn(change.handoff.id));
    },

    async get(id) {
      const item = await table.getItem(keys.handoff(id), keys.state);
      return item ? handoffOf(item) : undefined;
    },

    async getContent(id) {
      return contentOf(await table.getItem(keys.handoff(id), keys.content));
    },

    async getWithContent(id) {
      const items = await table.getItems([keys.state, keys.content].map((sk) => ({ pk: keys.handoff(id), sk })));
      const state = items.find((item) => item.sk === keys.state);
      return state && { handoff: handoffOf(state), content: contentOf(items.find((item) => item.sk === keys.content)) };
    },

    async getContents(ids) {
      const found = new Map<string, HandoffContent>();
      for (const item of await table.getItems(ids.map((id) => ({ pk: keys.handoff(id), sk: keys.content })))) {
        const content = contentOf(item);
        if (content) found.set(idOf(item), content);
      }
      return found;
    },

    async inbox(orgNumber, { limit, cursor }): Promise<Page<Handoff>> {
      const { inbox } = handoffTable.indexes;
      const partition = keys.inbox(orgNumber);
      const start = cursor
        ? toItem(decodeCursor(cursor, ['pk', 'sk', inbox.partitionKey.name, inbox.sortKey.name], (key) => key[inbox.partitionKey.name] === partition))
        : undefined;
      const { items, next } = await freshFromIndex(
        {
          IndexName: inbox.name,
          KeyConditionExpression: '#pk = :pk',
          ExpressionAttributeNames: { '#pk': inbox.partitionKey.name },
          ExpressionAttributeValues: toItem({ ':pk': partition }),
        },
        limit,
        start,
        // Kept only while it still waits in this inbox.
        (handoff) => handoff.status === 'offered' && handoff.assignee?.kind === 'bot' && handoff.assignee.orgNumber === orgNumber,
      );
      return { items, nextCursor: next ? encodeCursor(unmarshall(next)) : null };
    },

    async due(now, limit) {
      const { due } = handoffTable.indexes;
      const { items } = await freshFromIndex(
        {
          IndexName: due.name,
          KeyConditionExpression: '#pk = :pk AND #sk <= :until',
          ExpressionAttributeNames: { '#pk': due.partitionKey.name, '#sk': due.sortKey.name },
          // '~' sorts after every character of "<deadline>#<id>", so deadlines equal to now are included.
          ExpressionAttributeValues: toItem({ ':pk': keys.due, ':until': `${now}~` }),
        },
        limit,
        undefined,
        (handoff) => handoff.deadline !== null && handoff.deadline <= now,
      );
      return items;
    },

    async queueEntries(queue: QueueKey) {
      const items = await table.queryIndex(handoffTable.indexes.queue, keys.queue(queue));
      const inQueue = (handoff: Handoff) =>
        handoff.assignee?.kind === 'queue' && handoff.assignee.orgNumber === queue.orgNumber && handoff.assignee.queueId === queue.queueId;
      const entries = (prefix: string) => items.filter((item) => String(item[handoffTable.indexes.queue.sortKey.name]).startsWith(prefix));
      const [waiting, scheduled] = await Promise.all([statesNamed(entries(queueEntry.waiting)), statesNamed(entries(queueEntry.scheduled))]);
      return {
        waiting: waiting.filter((handoff) => inQueue(handoff) && handoff.status === 'queued'),
        scheduled: scheduled.filter((handoff) => inQueue(handoff) && handoff.status === 'callback_scheduled'),
      };
    },

    async adviserConversations(orgNumber, adviserId) {
      const named = await statesNamed(await table.queryIndex(handoffTable.indexes.queue, keys.adviser(orgNumber, adviserId)));
      return named.filter(
        (handoff) =>
          handoff.status === 'accepted' &&
          handoff.assignee?.kind === 'queue' &&
          handoff.assignee.adviserId === adviserId &&
          handoff.assignee.orgNumber === orgNumber,
      );
    },

    async timeline(handoffId) {
      const items = await table.queryAll({
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: toItem({ ':pk': keys.handoff(handoffId), ':prefix': transitionSortKeyPrefix }),
        ConsistentRead: true,
      });
      return items.flatMap(transitionsOf);
    },
  };
}
