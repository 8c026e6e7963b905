import type { IdempotencyReceipts } from '#domain/ports';
import { keys } from './handoff-items.ts';
import { tableOf, type TableAccess } from './dynamodb-table.ts';

/** Idempotency receipts on DynamoDB, read back when a request did not go through (the writes put them with their changes). */
export function dynamoReceipts(access: TableAccess): IdempotencyReceipts {
  const table = tableOf(access);
  return {
    async findReceipt(scope, key, now) {
      const item = await table.getItem(keys.receipt({ scope, key }), keys.receiptSort);
      // An expired receipt may linger until DynamoDB's TTL removes it; it no longer counts.
      if (!item || Number(item.expiresAt) * 1000 < now.getTime()) return undefined;
      return table.receiptOf(item, scope, key);
    },
  };
}
