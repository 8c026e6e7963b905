import { envNames } from './environment.ts';

/**
 * The broker's one table (single-table design). Its items, key by key, are
 * listed in docs/architecture.md, "The item layout"; the keys themselves are
 * built in lambdas/adapters/handoff-items.ts.
 */
export const handoffTable = {
  id: 'Handoffs',
  localName: 'handoffs',
  envName: envNames.tableName,
  partitionKey: { name: 'pk', type: 'S' },
  sortKey: { name: 'sk', type: 'S' },
  timeToLiveAttribute: 'expiresAt',
  stream: 'NEW_AND_OLD_IMAGES',
  /**
   * The indexes hold keys only: a state write that keeps an item's index keys
   * costs the index nothing, and a list reads the few state items it names.
   * With every attribute projected, each state write was copied to each index
   * the item is in (64 of 169 write units per handoff, docs/architecture.md).
   */
  indexProjection: 'KEYS_ONLY',
  indexes: {
    inbox: { name: 'inbox', partitionKey: { name: 'inboxPk', type: 'S' }, sortKey: { name: 'inboxSk', type: 'S' } },
    due: { name: 'due', partitionKey: { name: 'duePk', type: 'S' }, sortKey: { name: 'dueSk', type: 'S' } },
    queue: { name: 'queue', partitionKey: { name: 'queuePk', type: 'S' }, sortKey: { name: 'queueSk', type: 'S' } },
  },
} as const;

/** The stream carries every item change; transitions and messages are announced on the bus. */
export const transitionSortKeyPrefix = 'TRANSITION#';
export const messageSortKeyPrefix = 'MESSAGE#';

/** The inserts the publisher turns into bus events: the cloud's stream filter and the publisher both read this list. */
export const announcedSortKeyPrefixes = [transitionSortKeyPrefix, messageSortKeyPrefix] as const;

/** Whether a stream record is an insert under one of the prefixes: the filter the cloud's event source mapping and the local poller both apply. */
export const isInsertUnder = (prefixes: readonly string[], eventName: string | undefined, sortKey: string): boolean =>
  eventName === 'INSERT' && prefixes.some((prefix) => sortKey.startsWith(prefix));

/**
 * How the table's stream is delivered to its readers (the publisher, the audit
 * projection), in the cloud (the event source mappings) and on a laptop (the
 * stream pollers) alike: up to
 * `batchSize` records per call, `retryAttempts` before a record goes to the
 * dead-letter queue. How many batches of a shard each reader takes at once is
 * its own (`parallelization` on its trigger, platform/functions.ts).
 */
export const outboxDelivery = { batchSize: 100, retryAttempts: 5 } as const;

export const tables = { handoffs: handoffTable } as const;
export type TableDeclaration = (typeof tables)[keyof typeof tables];

/** Request counts per agency live under this partition-key prefix: the only items the API's read-only functions may write. */
export const ratePartitionPrefix = 'RATE#';
