import type { ProjectionSource } from '#domain/ports';
import { transitionSortKeyPrefix } from '#platform/tables';
import { handoffOf, keys, transitionsOf } from './handoff-items.ts';
import { tableOf, toItem, type TableAccess } from './dynamodb-table.ts';

/**
 * The audit projection's read on DynamoDB: the state item, the insights' mark
 * (`STATE#…`) and the timeline (`TRANSITION#…`) sort together in the
 * handoff's partition, so one consistent query from the state key on reads
 * them all (content and messages sort before it, and stay unread).
 */
export function dynamoProjectionSource(access: TableAccess): ProjectionSource {
  const table = tableOf(access);
  return {
    async projectionInputs(handoffId) {
      const items = await table.queryAll({
        KeyConditionExpression: 'pk = :pk AND sk >= :state',
        ExpressionAttributeValues: toItem({ ':pk': keys.handoff(handoffId), ':state': keys.state }),
        ConsistentRead: true,
      });
      const state = items.find((item) => item.sk === keys.state);
      if (!state) return undefined;
      const ledger = items.find((item) => item.sk === keys.ledgerSort);
      return {
        handoff: handoffOf(state),
        timeline: items.filter((item) => String(item.sk).startsWith(transitionSortKeyPrefix)).flatMap(transitionsOf),
        countedThrough: Number(ledger?.countedThrough ?? 0),
      };
    },
  };
}
