import { QueryCommand } from '@aws-sdk/client-dynamodb';
import type { RelayedMessages, StoredMessage } from '#domain/ports';
import { keys, messageItem } from './handoff-items.ts';
import { tableOf, toItem, unmarshall, type TableAccess } from './dynamodb-table.ts';

/** Relayed messages on DynamoDB: one item per message in its handoff's partition, written with its receipt. */
export function dynamoMessages(access: TableAccess): RelayedMessages {
  const table = tableOf(access);
  return {
    async putMessage(message, expiresAt, receipt) {
      const items = [
        table.put(messageItem(message, expiresAt), { expression: 'attribute_not_exists(pk)' }),
        ...(receipt ? [table.receiptPut(receipt, message.at, expiresAt)] : []),
      ];
      await table.transact(items, receipt ? 1 : undefined, () => undefined);
    },

    async getMessage(handoffId, messageId) {
      return (await table.getItem(keys.handoff(handoffId), keys.message(messageId)))?.message as StoredMessage | undefined;
    },

    async messages(handoffId, after, limit) {
      // One page: the sort key starts after the cursor (a key just above it), so a long conversation is read in bounded steps.
      const result = await table.client.send(
        new QueryCommand({
          TableName: table.tableName,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :low AND :high',
          ExpressionAttributeValues: toItem({
            ':pk': keys.handoff(handoffId),
            ':low': keys.message(after ? `${after}\u0000` : ''),
            ':high': keys.message('\uffff'),
          }),
          ConsistentRead: true,
          Limit: limit,
        }),
      );
      return (result.Items ?? []).map((item) => unmarshall(item).message as StoredMessage);
    },
  };
}
