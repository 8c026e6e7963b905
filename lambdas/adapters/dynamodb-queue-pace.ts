import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { QueuePace } from '#domain/ports';
import { keys, recentAcceptsKept } from './handoff-items.ts';
import { tableOf, toItem, type TableAccess } from './dynamodb-table.ts';

/** A human queue's recent accepts on DynamoDB: one small item per queue, the newest few kept. */
export function dynamoQueuePace(access: TableAccess): QueuePace {
  const table = tableOf(access);
  return {
    async recentAccepts(queue) {
      const item = await table.getItem(keys.queueStats(queue), keys.statsSort);
      return ((item?.accepts as { at: string }[] | undefined) ?? []).map((accept) => accept.at);
    },

    async recordAccept(queue, at, handoffId) {
      // Read, add, keep the newest; guarded by a version so two accepts at once both count. Replays add nothing.
      for (let attempt = 0; attempt < 5; attempt += 1) {
        const item = await table.getItem(keys.queueStats(queue), keys.statsSort);
        const accepts = (item?.accepts as { at: string; handoffId: string }[] | undefined) ?? [];
        if (accepts.some((accept) => accept.handoffId === handoffId)) return;
        const next = [...accepts, { at, handoffId }].sort((a, b) => a.at.localeCompare(b.at)).slice(-recentAcceptsKept);
        const version = Number(item?.version ?? 0);
        try {
          await table.client.send(
            new PutItemCommand({
              TableName: table.tableName,
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
  };
}
