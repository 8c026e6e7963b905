import { DeleteItemCommand, PutItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import type { DeadLetter, DeadLetterStore } from '#domain/ports';
import { deadLetterItem, deadLetterKey, keys } from './handoff-items.ts';
import { tableOf, toItem, unmarshall, type TableAccess } from './dynamodb-table.ts';

/** Dead letters on DynamoDB: one item per webhook given up on, in the partition of the agency whose bot it was for. */
export function dynamoDeadLetters(access: TableAccess): DeadLetterStore {
  const { client, tableName } = tableOf(access);
  return {
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
