import { PutItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import type { TransferSummary } from '#contracts/audit';
import type { TransferRecords } from '#domain/ports';
import { keys, transferItem } from './handoff-items.ts';
import { decodeCursor, encodeCursor, tableOf, toItem, unmarshall, type TableAccess } from './dynamodb-table.ts';

/** Each agency's transfer records on DynamoDB: one item per agency and transfer, in the agency's partition, by creation time. */
export function dynamoTransferRecords(access: TableAccess): TransferRecords {
  const table = tableOf(access);
  return {
    async putTransferSummaries(handoffVersion, summaries) {
      await Promise.all(
        summaries.map(async ({ orgNumber, summary }) => {
          try {
            await table.client.send(
              new PutItemCommand({
                TableName: table.tableName,
                Item: toItem(transferItem(orgNumber, summary, handoffVersion, access)),
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
      for (const [field, attribute] of [
        ['direction', 'direction'],
        ['counterpart', 'counterpart'],
        ['topic', 'topic'],
        ['reason', 'reason'],
        ['outcome', 'status'],
      ] as const) {
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
        const result = await table.client.send(
          new QueryCommand({
            TableName: table.tableName,
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
  };
}
