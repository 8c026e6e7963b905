import { ConditionalCheckFailedException, UpdateItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { RateLimiter } from '#domain/ports';
import { keys, rateWindowSeconds } from './handoff-items.ts';

/**
 * Per-agency request counts in the handoff table: one conditional increment
 * per request on the item of the current minute, refused once the count has
 * reached the limit. Shared by every Lambda instance, unlike a count in memory.
 */
export function dynamoRateLimiter(options: { client: DynamoDBClient; tableName: string }): RateLimiter {
  return {
    async take(orgNumber, limit, now) {
      const window = Math.floor(now.getTime() / 1000 / rateWindowSeconds) * rateWindowSeconds;
      try {
        await options.client.send(
          new UpdateItemCommand({
            TableName: options.tableName,
            Key: marshall({ pk: keys.rate(orgNumber), sk: String(window) }),
            UpdateExpression: 'ADD hits :one SET expiresAt = :expiresAt',
            ConditionExpression: 'attribute_not_exists(hits) OR hits < :limit',
            // Gone a little after its window: the count is never read again.
            ExpressionAttributeValues: marshall({ ':one': 1, ':limit': limit, ':expiresAt': window + 2 * rateWindowSeconds }),
          }),
        );
        return { allowed: true };
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException)
          return { allowed: false, retryAfterSeconds: window + rateWindowSeconds - Math.floor(now.getTime() / 1000) };
        throw error;
      }
    },
  };
}
