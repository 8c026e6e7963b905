import type { AttributeValue, TransactWriteItem, WriteRequest } from '@aws-sdk/client-dynamodb';
import { keys } from '#adapters/handoff-items';
import { handoffTable, messageSortKeyPrefix, ratePartitionPrefix, transitionSortKeyPrefix } from '#platform/tables';

type Item = Record<string, AttributeValue>;

const utf8 = (text: string) => Buffer.byteLength(text, 'utf8');

/** An attribute value's size as DynamoDB counts it (strings and binaries by their bytes, numbers by their digits, each list or map element one more byte). */
function valueSize(value: AttributeValue): number {
  if (value.S !== undefined) return utf8(value.S);
  if (value.N !== undefined) return Math.ceil(value.N.replace(/^-|\.|e.*$/gi, '').replace(/^0+/, '').length / 2) + 1;
  if (value.B !== undefined) return value.B.length;
  if (value.BOOL !== undefined || value.NULL !== undefined) return 1;
  if (value.SS) return value.SS.reduce((total, entry) => total + utf8(entry), 0);
  if (value.NS) return value.NS.reduce((total, entry) => total + entry.length, 0);
  if (value.BS) return value.BS.reduce((total, entry) => total + entry.length, 0);
  if (value.L) return 3 + value.L.reduce((total, entry) => total + 1 + valueSize(entry), 0);
  if (value.M) return 3 + Object.entries(value.M).reduce((total, [name, entry]) => total + 1 + utf8(name) + valueSize(entry), 0);
  return 0;
}

export const itemSize = (item: Item) => Object.entries(item).reduce((total, [name, value]) => total + utf8(name) + valueSize(value), 0);
const unitsOf = (bytes: number) => Math.max(1, Math.ceil(bytes / 1024));
const keyOf = (item: Item) => `${item[handoffTable.partitionKey.name]?.S}\u0000${item[handoffTable.sortKey.name]?.S}`;

type Known = { size: number; indexKeys: (string | undefined)[] };

/** The fact an item records, read from its key (the item layout's own keys): what a lifecycle's write units pay for. */
export function factOf(key: Item): string {
  const pk = key[handoffTable.partitionKey.name]?.S ?? '';
  const sk = key[handoffTable.sortKey.name]?.S ?? '';
  if (pk.startsWith(keys.handoff(''))) {
    if (sk === keys.state) return 'state';
    if (sk === keys.content) return 'content';
    if (sk === keys.ledgerSort) return 'insights mark';
    if (sk.startsWith(transitionSortKeyPrefix)) return 'timeline';
    if (sk.startsWith(messageSortKeyPrefix)) return 'message';
  }
  if (sk === keys.receiptSort) return 'receipt';
  if (sk === keys.statsSort) return 'queue pace';
  if (pk.startsWith(keys.transfers(''))) return 'audit record';
  if (pk.startsWith(keys.insights(''))) return 'insight counters';
  if (pk.startsWith(keys.deadLetters(''))) return 'dead letter';
  if (pk.startsWith(ratePartitionPrefix)) return 'rate limit';
  return 'other';
}

/** Index entries are billed as a fact of their own. */
export const indexFact = 'index entries';

/**
 * What a write costs: its units, the share of them spent on index entries, the
 * units per fact the items record, and how many of the units are a
 * transaction's second copy (what the same items would not cost written plainly).
 */
export type Bill = { units: number; indexUnits: number; facts: Record<string, number>; doubled: number };

export function billOf(fact: string, itemUnits: number, indexUnits: number, factor: number): Bill {
  const facts: Record<string, number> = { [fact]: itemUnits };
  if (indexUnits) facts[indexFact] = indexUnits;
  const units = itemUnits + indexUnits;
  return { units, indexUnits, facts, doubled: factor === 2 ? units / 2 : 0 };
}

/**
 * Write units as AWS bills them, from the items sent: an item's size rounded up
 * to 1 KB (the larger of its old and new image), twice inside a transaction,
 * plus one unit per index entry written or removed (two when its key moves; the
 * indexes hold keys only, so an unchanged key costs nothing). DynamoDB Local's
 * own reports cannot be used for this: it reports a transaction by its largest
 * item only. The old image is known from earlier writes seen here.
 */
export function writeBilling() {
  const known = new Map<string, Known>();
  const indexes = Object.values(handoffTable.indexes);
  const indexKeysOf = (item: Item) =>
    indexes.map((index) => {
      const pk = item[index.partitionKey.name]?.S;
      const sk = item[index.sortKey.name]?.S;
      return pk && sk ? `${pk}\u0000${sk}` : undefined;
    });

  function put(item: Item, factor: number) {
    const key = keyOf(item);
    const before = known.get(key);
    const after: Known = { size: itemSize(item), indexKeys: indexKeysOf(item) };
    known.set(key, after);
    let indexUnits = 0;
    after.indexKeys.forEach((entry, position) => {
      const old = before?.indexKeys[position];
      if (entry !== old) indexUnits += entry && old ? 2 : 1;
    });
    const itemUnits = factor * unitsOf(Math.max(before?.size ?? 0, after.size));
    return billOf(factOf(item), itemUnits, factor * indexUnits, factor);
  }

  /** An update or delete: billed by the item's size as last seen here (or one unit for a small item never seen whole). */
  function touch(key: Item, factor: number, removes: boolean) {
    const before = known.get(keyOf(key));
    const indexUnits = removes ? (before?.indexKeys.filter(Boolean).length ?? 0) : 0;
    if (removes) known.delete(keyOf(key));
    return billOf(factOf(key), factor * unitsOf(before?.size ?? 0), factor * indexUnits, factor);
  }

  const none: Bill = { units: 0, indexUnits: 0, facts: {}, doubled: 0 };
  const add = (a: Bill, b: Bill): Bill => ({
    units: a.units + b.units,
    indexUnits: a.indexUnits + b.indexUnits,
    facts: Object.fromEntries(
      [...new Set([...Object.keys(a.facts), ...Object.keys(b.facts)])].map((fact) => [fact, (a.facts[fact] ?? 0) + (b.facts[fact] ?? 0)]),
    ),
    doubled: a.doubled + b.doubled,
  });

  /** The units of one write command, or undefined for a plain UpdateItem (whose reported units are right). */
  function bill(command: string, input: Record<string, unknown>): Bill | undefined {
    switch (command) {
      case 'PutItemCommand':
        return put(input.Item as Item, 1);
      case 'DeleteItemCommand':
        return touch(input.Key as Item, 1, true);
      case 'TransactWriteItemsCommand':
        return (input.TransactItems as TransactWriteItem[]).reduce<Bill>((total, entry) => {
          if (entry.Put) return add(total, put(entry.Put.Item!, 2));
          if (entry.Update) return add(total, touch(entry.Update.Key!, 2, false));
          if (entry.Delete) return add(total, touch(entry.Delete.Key!, 2, true));
          return add(total, billOf(factOf(entry.ConditionCheck!.Key!), 2, 0, 2));
        }, none);
      case 'BatchWriteItemCommand':
        return Object.values(input.RequestItems as Record<string, WriteRequest[]>)
          .flat()
          .reduce<Bill>(
            (total, request) => add(total, request.PutRequest ? put(request.PutRequest.Item!, 1) : touch(request.DeleteRequest!.Key!, 1, true)),
            none,
          );
      default:
        return undefined;
    }
  }
  return { bill };
}
