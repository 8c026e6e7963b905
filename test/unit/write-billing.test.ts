import { describe, expect, it } from 'vitest';
import { handoffTable } from '#platform/tables';
import { factOf, itemSize, writeBilling } from '../../bench/write-billing.ts';

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
    expect(billing.bill('PutItemCommand', { Item: item('a', 100) })).toMatchObject({ units: 1, indexUnits: 0 });
    expect(billing.bill('PutItemCommand', { Item: item('b', 1500) })).toMatchObject({ units: 2, indexUnits: 0 });
    // Two small items in one transaction: 2 × 2 (DynamoDB Local reports 2).
    expect(billing.bill('TransactWriteItemsCommand', { TransactItems: [{ Put: { Item: item('c', 100) } }, { Put: { Item: item('d', 100) } }] })).toMatchObject({
      units: 4,
      indexUnits: 0,
      doubled: 2,
    });
    // b shrinks to 100 bytes: billed by its 1.5 KB old image.
    expect(billing.bill('PutItemCommand', { Item: item('b', 100) })).toMatchObject({ units: 2, indexUnits: 0 });
    expect(billing.bill('UpdateItemCommand', { Key: { pk: text('a'), sk: text('STATE') } })).toBeUndefined();
  });

  it('bills an index entry added or removed once, a moved one twice, and an unchanged one not at all', () => {
    const billing = writeBilling();
    const keysOf = (inboxKey?: string, dueKey?: string) => ({
      ...(inboxKey ? { [inbox.partitionKey.name]: text('INBOX#1'), [inbox.sortKey.name]: text(inboxKey) } : {}),
      ...(dueKey ? { [due.partitionKey.name]: text('DUE'), [due.sortKey.name]: text(dueKey) } : {}),
    });
    expect(billing.bill('PutItemCommand', { Item: item('h', 100, keysOf('t1', 'd1')) })).toMatchObject({ units: 3, indexUnits: 2 });
    expect(billing.bill('PutItemCommand', { Item: item('h', 100, keysOf('t1', 'd1')) })).toMatchObject({ units: 1, indexUnits: 0 });
    expect(billing.bill('PutItemCommand', { Item: item('h', 100, keysOf(undefined, 'd2')) })).toMatchObject({ units: 4, indexUnits: 3 });
    expect(billing.bill('DeleteItemCommand', { Key: { pk: text('h'), sk: text('STATE') } })).toMatchObject({ units: 2, indexUnits: 1 });
  });

  it('says what each unit pays for, by the item layout’s keys, and how much is a transaction’s second copy', () => {
    const key = (pk: string, sk: string) => ({ pk: text(pk), sk: text(sk) });
    expect(factOf(key('HANDOFF#h', 'STATE'))).toBe('state');
    expect(factOf(key('HANDOFF#h', 'CONTENT'))).toBe('content');
    expect(factOf(key('HANDOFF#h', 'TRANSITION#000001'))).toBe('timeline');
    expect(factOf(key('HANDOFF#h', 'STATE#INSIGHTS-COUNTED'))).toBe('insights mark');
    expect(factOf(key('IDEMPOTENCY#889640782#k', 'RECEIPT'))).toBe('receipt');
    expect(factOf(key('AUDIT#889640782', '2026-12-01T00:00:00Z#h'))).toBe('audit record');
    expect(factOf(key('RATE#889640782', '29390000'))).toBe('rate limit');
    const billing = writeBilling();
    const state = { ...key('HANDOFF#x', 'STATE'), body: text('x'.repeat(100)), [due.partitionKey.name]: text('DUE'), [due.sortKey.name]: text('d1') };
    const receipt = { ...key('IDEMPOTENCY#o#k', 'RECEIPT'), body: text('x'.repeat(1500)) };
    expect(billing.bill('TransactWriteItemsCommand', { TransactItems: [{ Put: { Item: state } }, { Put: { Item: receipt } }] })).toEqual({
      units: 2 + 2 + 4,
      indexUnits: 2,
      facts: { state: 2, 'index entries': 2, receipt: 4 },
      doubled: 4,
    });
    expect(billing.bill('PutItemCommand', { Item: { ...state, [due.sortKey.name]: text('d2') } })).toEqual({
      units: 3,
      indexUnits: 2,
      facts: { state: 1, 'index entries': 2 },
      doubled: 0,
    });
  });
});
