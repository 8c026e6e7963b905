import { handoffTable, transitionSortKeyPrefix } from '#platform/tables';
import type { Change } from '#domain/handoff-lifecycle';
import type { Handoff, HandoffContent, TransitionRecord } from '#domain/handoff';
import type { DeadLetter, IdempotencyClaim } from '#domain/ports';

/**
 * How the broker's facts are laid out as items of the one table. Shared by the
 * DynamoDB store and by the stream publisher, which reads transition items back.
 */
export const keys = {
  handoff: (id: string) => `HANDOFF#${id}`,
  state: 'STATE',
  content: 'CONTENT',
  transition: (seq: number) => `${transitionSortKeyPrefix}${String(seq).padStart(6, '0')}`,
  receipt: (claim: Pick<IdempotencyClaim, 'scope' | 'key'>) => `IDEMPOTENCY#${claim.scope}#${claim.key}`,
  receiptSort: 'RECEIPT',
  deadLetters: 'DEADLETTER',
  inbox: (orgNumber: string) => `INBOX#${orgNumber}`,
  due: 'DUE',
};

const { inbox, due } = handoffTable.indexes;
const epochSeconds = (iso: string, plusSeconds: number) => Math.floor(Date.parse(iso) / 1000) + plusSeconds;

export type Retention = { contentRetentionSeconds: number; metadataRetentionDays: number };

/** The state item, with the sparse index keys that make it show in an inbox or in the sweeper's due list. */
export function stateItem(handoff: Handoff, retention: Retention) {
  return {
    pk: keys.handoff(handoff.id),
    sk: keys.state,
    version: handoff.version,
    handoff,
    expiresAt: epochSeconds(handoff.createdAt, retention.metadataRetentionDays * 86_400),
    ...(handoff.status === 'offered' && handoff.assignee
      ? { [inbox.partitionKey.name]: keys.inbox(handoff.assignee.orgNumber), [inbox.sortKey.name]: `${handoff.updatedAt}#${handoff.id}` }
      : {}),
    ...(handoff.deadline ? { [due.partitionKey.name]: keys.due, [due.sortKey.name]: `${handoff.deadline}#${handoff.id}` } : {}),
  };
}

export function contentItem(id: string, createdAt: string, content: HandoffContent, retention: Retention) {
  return { pk: keys.handoff(id), sk: keys.content, ...content, expiresAt: epochSeconds(createdAt, retention.contentRetentionSeconds) };
}

export function transitionItem(record: TransitionRecord, createdAt: string, retention: Retention) {
  return {
    pk: keys.handoff(record.handoffId),
    sk: keys.transition(record.seq),
    transition: record,
    expiresAt: epochSeconds(createdAt, retention.metadataRetentionDays * 86_400),
  };
}

export const transitionItemsOf = (change: Change, retention: Retention) =>
  change.transitions.map((record) => transitionItem(record, change.handoff.createdAt, retention));

export function deadLetterItem(letter: DeadLetter) {
  return { pk: keys.deadLetters, sk: `${letter.at}#${letter.messageId}`, letter, expiresAt: epochSeconds(letter.at, 14 * 86_400) };
}

export const receiptLifetimeSeconds = 24 * 3600;
