import { describe, expect, it } from 'vitest';
import { handoffTable } from '#platform/tables';
import { itemSize, writeBilling } from '../../bench/write-billing.ts';

const { inbox, due } = handoffTable.indexes;
const text = (value: string) => ({ S: value });
const item = (pk: string, bytes: number, extra: Record<string, { S: string }> = {}) => ({
  pk: text(pk),
  sk: text('STATE'),
  body: text('x'.repeat(bytes)),
  ...extra,
});

describe('the benchmark’s write billing', () => {
  it('sizes an item as DynamoDB does: names and values in bytes, one more per element of a map or list', () => {
    expect(itemSize({ pk: text('ab'), n: { N: '12345' }, m: { M: { k: text('v') } }, l: { L: [{ BOOL: true }, text('é')] } })).toBe(
      2 + 2 + (1 + 4) + (1 + 3 + 1 + 1 + 1) + (1 + 3 + 1 + 1 + 1 + 2),
    );
  });

  it('bills each started kilobyte, twice in a transaction, by the larger of the old and new image', () => {
    const billing = writeBilling();
    expect(billing.bill('PutItemCommand', { Item: item('a', 100) })).toEqual({ units: 1, indexUnits: 0 });
    expect(billing.bill('PutItemCommand', { Item: item('b', 1500) })).toEqual({ units: 2, indexUnits: 0 });
    // Two small items in one transaction: 2 × 2 (DynamoDB Local reports 2).
    expect(billing.bill('TransactWriteItemsCommand', { TransactItems: [{ Put: { Item: item('c', 100) } }, { Put: { Item: item('d', 100) } }] })).toEqual({
      units: 4,
      indexUnits: 0,
    });
    // b shrinks to 100 bytes: billed by its 1.5 KB old image.
    expect(billing.bill('PutItemCommand', { Item: item('b', 100) })).toEqual({ units: 2, indexUnits: 0 });
    expect(billing.bill('UpdateItemCommand', { Key: { pk: text('a'), sk: text('STATE') } })).toBeUndefined();
  });

  it('bills an index entry added or removed once, a moved one twice, and an unchanged one not at all', () => {
    const billing = writeBilling();
    const keysOf = (inboxKey?: string, dueKey?: string) => ({
      ...(inboxKey ? { [inbox.partitionKey.name]: text('INBOX#1'), [inbox.sortKey.name]: text(inboxKey) } : {}),
      ...(dueKey ? { [due.partitionKey.name]: text('DUE'), [due.sortKey.name]: text(dueKey) } : {}),
    });
    expect(billing.bill('PutItemCommand', { Item: item('h', 100, keysOf('t1', 'd1')) })).toEqual({ units: 3, indexUnits: 2 });
    expect(billing.bill('PutItemCommand', { Item: item('h', 100, keysOf('t1', 'd1')) })).toEqual({ units: 1, indexUnits: 0 });
    expect(billing.bill('PutItemCommand', { Item: item('h', 100, keysOf(undefined, 'd2')) })).toEqual({ units: 4, indexUnits: 3 });
    expect(billing.bill('DeleteItemCommand', { Key: { pk: text('h'), sk: text('STATE') } })).toEqual({ units: 2, indexUnits: 1 });
  });
});
