import { TransactWriteItemsCommand, TransactionCanceledException, type TransactWriteItem } from '@aws-sdk/client-dynamodb';
import { acceptCounter, type InsightDay } from '#domain/insights';
import type { InsightCounters } from '#domain/ports';
import { keys } from './handoff-items.ts';
import { tableOf, toItem, type TableAccess } from './dynamodb-table.ts';

/**
 * Insight counters on DynamoDB: one item per agency and Oslo day, its counters
 * added to in place; a ledger item per handoff marks how far its transitions
 * are counted, moved in the same transaction as the counters and only from
 * where the counting began, so each transition counts exactly once.
 */
export function dynamoInsightCounters(access: TableAccess): InsightCounters {
  const table = tableOf(access);
  return {
    async insightsCountedThrough(handoffId) {
      const item = await table.getItem(keys.ledger(handoffId), keys.ledgerSort);
      return Number(item?.countedThrough ?? 0);
    },

    async applyInsights(handoffId, span, increments) {
      const expiresAt = Math.floor(Date.now() / 1000) + access.metadataRetentionDays * 86_400;
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
            TableName: table.tableName,
            Key: toItem({ pk: keys.insights(increment.orgNumber), sk: increment.day }),
            UpdateExpression: `SET #expiresAt = :expiresAt${additions.length ? ` ADD ${additions.join(', ')}` : ''}`,
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: toItem(values),
          },
        };
      });
      try {
        await table.client.send(
          new TransactWriteItemsCommand({
            TransactItems: [
              // Remembered as long as the counters it guards, so a replay from the archive counts nothing twice.
              table.put(
                { pk: keys.ledger(handoffId), sk: keys.ledgerSort, countedThrough: span.through, expiresAt },
                span.after === 0 ? { expression: 'attribute_not_exists(pk)' } : { expression: 'countedThrough = :after', values: { ':after': span.after } },
              ),
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
      const items = await table.queryAll({
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: toItem({ ':pk': keys.insights(orgNumber), ':from': fromDay, ':to': toDay }),
      });
      return items.map(({ pk: _pk, sk, expiresAt: _expiresAt, acceptSeconds, ...counters }): InsightDay => {
        const day: InsightDay = { day: String(sk), counters: counters as Record<string, number> };
        // Days counted before the fixed buckets kept a list of samples: folded into the buckets as they are read.
        for (const seconds of Array.isArray(acceptSeconds) ? (acceptSeconds as number[]) : []) {
          const counter = acceptCounter(seconds);
          day.counters[counter] = (day.counters[counter] ?? 0) + 1;
        }
        return day;
      });
    },
  };
}
