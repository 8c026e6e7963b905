import { handoffTable, messageSortKeyPrefix, ratePartitionPrefix, transitionSortKeyPrefix } from '#platform/tables';
import type { Change } from '#domain/handoff-lifecycle';
import type { Handoff, HandoffContent, TransitionRecord } from '#domain/handoff';
import type { TransferSummary } from '#contracts/audit';
import type { DeadLetter, IdempotencyClaim, QueueKey, StoredMessage } from '#domain/ports';
import { decodeCompactJson, encodeCompactJson } from './compact-json.ts';

/**
 * How the broker's facts are laid out as items of the one table. Shared by the
 * DynamoDB store and by the stream publisher, which reads items back.
 */
/** The window an agency's request limit counts over. */
export const rateWindowSeconds = 60;

export const keys = {
  handoff: (id: string) => `HANDOFF#${id}`,
  state: 'STATE',
  content: 'CONTENT',
  transition: (seq: number) => `${transitionSortKeyPrefix}${String(seq).padStart(6, '0')}`,
  message: (messageId: string) => `${messageSortKeyPrefix}${messageId}`,
  receipt: (claim: Pick<IdempotencyClaim, 'scope' | 'key'>) => `IDEMPOTENCY#${claim.scope}#${claim.key}`,
  receiptSort: 'RECEIPT',
  deadLetters: (orgNumber: string) => `DEADLETTER#${orgNumber}`,
  inbox: (orgNumber: string) => `INBOX#${orgNumber}`,
  due: 'DUE',
  queue: (queue: QueueKey) => `QUEUE#${queue.orgNumber}#${queue.queueId}`,
  adviser: (orgNumber: string, adviserId: string) => `ADVISER#${orgNumber}#${adviserId}`,
  queueStats: (queue: QueueKey) => `QUEUESTATS#${queue.orgNumber}#${queue.queueId}`,
  statsSort: 'STATS',
  transfers: (orgNumber: string) => `AUDIT#${orgNumber}`,
  transfer: (createdAt: string, handoffId: string) => `${createdAt}#${handoffId}`,
  insights: (orgNumber: string) => `INSIGHT#${orgNumber}`,
  // In the handoff's own partition, sorting between its state and its timeline: the audit projection reads all three in one query.
  ledger: (handoffId: string) => `HANDOFF#${handoffId}`,
  ledgerSort: 'STATE#INSIGHTS-COUNTED',
  rate: (orgNumber: string) => `${ratePartitionPrefix}${orgNumber}`,
};

/** One agency's record of a transfer, with the fields the search filters on kept at the top. */
export function transferItem(orgNumber: string, summary: TransferSummary, handoffVersion: number, retention: Retention) {
  return {
    pk: keys.transfers(orgNumber),
    sk: keys.transfer(summary.createdAt, summary.handoffId),
    version: handoffVersion,
    direction: summary.direction,
    counterpart: summary.counterpart?.orgNumber ?? '-',
    topic: summary.topic,
    reason: summary.reason,
    status: summary.status,
    summary,
    expiresAt: epochSeconds(summary.createdAt, retention.metadataRetentionDays * 86_400),
  };
}

/** Sort-key prefixes in a queue's partition: who waits (urgent first, then oldest) and whose callback is scheduled. */
export const queueEntry = { waiting: 'W#', scheduled: 'S#', taken: 'A#' } as const;

const { inbox, due, queue } = handoffTable.indexes;
const epochSeconds = (iso: string, plusSeconds: number) => Math.floor(Date.parse(iso) / 1000) + plusSeconds;

/** How long audit metadata is kept; content expires when its handoff says (`contentExpiresAt`). */
export type Retention = { metadataRetentionDays: number };

/** Where a handoff shows on the queue index: waiting, scheduled, or with the adviser who took it. */
function queuePlacement(handoff: Handoff): { pk: string; sk: string } | undefined {
  const assignee = handoff.assignee;
  if (assignee?.kind !== 'queue') return undefined;
  if (handoff.status === 'queued') {
    const rank = handoff.priority === 'urgent' ? 0 : 1;
    return { pk: keys.queue(assignee), sk: `${queueEntry.waiting}${rank}#${handoff.waitingSince}#${handoff.id}` };
  }
  if (handoff.status === 'callback_scheduled' && handoff.callback) {
    const rank = handoff.priority === 'urgent' ? 0 : 1;
    return { pk: keys.queue(assignee), sk: `${queueEntry.scheduled}${handoff.callback.at}#${rank}#${handoff.id}` };
  }
  if (handoff.status === 'accepted' && assignee.adviserId) {
    return { pk: keys.adviser(assignee.orgNumber, assignee.adviserId), sk: `${queueEntry.taken}${handoff.updatedAt}#${handoff.id}` };
  }
  return undefined;
}

/** The state item, with the sparse index keys that put it in an inbox, a queue, or the sweeper's due list. */
export function stateItem(handoff: Handoff, retention: Retention) {
  const placement = queuePlacement(handoff);
  return {
    pk: keys.handoff(handoff.id),
    sk: keys.state,
    version: handoff.version,
    handoff: encodeCompactJson(handoff),
    expiresAt: epochSeconds(handoff.createdAt, retention.metadataRetentionDays * 86_400),
    ...(handoff.status === 'offered' && handoff.assignee?.kind === 'bot'
      ? { [inbox.partitionKey.name]: keys.inbox(handoff.assignee.orgNumber), [inbox.sortKey.name]: `${handoff.updatedAt}#${handoff.id}` }
      : {}),
    ...(handoff.deadline ? { [due.partitionKey.name]: keys.due, [due.sortKey.name]: `${handoff.deadline}#${handoff.id}` } : {}),
    ...(placement ? { [queue.partitionKey.name]: placement.pk, [queue.sortKey.name]: placement.sk } : {}),
  };
}

/** The handoff a state item holds (deflated; items written before that hold it as a map). */
export const handoffOf = (item: Record<string, unknown>): Handoff => decodeCompactJson<Handoff>(item.handoff as Uint8Array);

export function contentItem(id: string, content: HandoffContent, expiresAt: string) {
  return { pk: keys.handoff(id), sk: keys.content, ...content, expiresAt: epochSeconds(expiresAt, 0) };
}

/**
 * One item per change, holding the transitions committed together (a create
 * has three: requested, routed, offered), deflated: the timeline, and the
 * outbox the table's stream carries to the bus. Its sort key is the first
 * transition's seq, so the timeline reads in order; one item a change rather
 * than one a transition saves a create two items of its transaction
 * (docs/architecture.md, "The cost of a handoff").
 */
export const timelineItemOf = (change: Change, retention: Retention) =>
  change.transitions.length
    ? {
        pk: keys.handoff(change.handoff.id),
        sk: keys.transition(change.transitions[0]!.seq),
        transitions: encodeCompactJson(change.transitions),
        expiresAt: epochSeconds(change.handoff.createdAt, retention.metadataRetentionDays * 86_400),
      }
    : undefined;

/** The transitions a timeline item holds (items written before one item a change held one, as a map). */
export const transitionsOf = (item: Record<string, unknown>): TransitionRecord[] =>
  item.transitions ? decodeCompactJson<TransitionRecord[]>(item.transitions as Uint8Array) : [item.transition as TransitionRecord];

/** A relayed message: content, so it expires with the conversation's content. */
export function messageItem(message: StoredMessage, expiresAt: string) {
  return { pk: keys.handoff(message.handoffId), sk: keys.message(message.id), message, expiresAt: epochSeconds(expiresAt, 0) };
}

/** A webhook given up on, in the partition of the agency whose bot it was for, so its operators list their own. */
export function deadLetterItem(letter: DeadLetter) {
  return { ...deadLetterKey(letter), letter, expiresAt: epochSeconds(letter.at, 14 * 86_400) };
}

export const deadLetterKey = (letter: Pick<DeadLetter, 'bot' | 'at' | 'messageId'>) => ({
  pk: keys.deadLetters(letter.bot.orgNumber),
  sk: `${letter.at}#${letter.messageId}`,
});

export const receiptLifetimeSeconds = 24 * 3600;

/** How many recent accepts a queue keeps for its wait estimate. */
export const recentAcceptsKept = 20;
