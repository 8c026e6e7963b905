import type { IdempotencyReceipts } from '#domain/ports';
import { keys } from './handoff-items.ts';
import { tableOf, type TableAccess } from './dynamodb-table.ts';

/** Idempotency receipts on DynamoDB, read back when a request did not go through (the writes put them with their changes). */
export function dynamoReceipts(access: TableAccess): IdempotencyReceipts {
  const table = tableOf(access);
  return {
    async findReceipt(scope, key, now) {
      const item = await table.getItem(keys.receipt({ scope, key }), keys.receiptSort);
      // An expired receipt may linger until DynamoDB's TTL removes it; it no longer counts. Whole seconds, as the write's condition counts.
      if (!item || Number(item.expiresAt) < Math.floor(now.getTime() / 1000)) return undefined;
      return table.receiptOf(item, scope, key);
    },
  };
}
