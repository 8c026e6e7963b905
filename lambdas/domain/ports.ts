import type { WebhookPayload } from '#contracts/webhooks';
import type { Change } from './handoff-lifecycle.ts';
import type { BotRef, Handoff, HandoffContent } from './handoff.ts';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** An Idempotency-Key as claimed by one request of one agency. */
export type IdempotencyClaim = { scope: string; key: string; requestHash: string };

/** The first answer to a claimed key, stored in the same write as the change it answers. */
export type IdempotencyReceipt = { claim: IdempotencyClaim; response: unknown };

export type Page<T> = { items: T[]; nextCursor: string | null };

export type DeadLetter = {
  messageId: string;
  handoffId: string;
  seq: number;
  kind: 'offer' | 'status';
  bot: BotRef;
  attempts: number;
  lastError: string;
  at: string;
};

/** Session state on a table: every write is conditional, every change records its transitions. */
export interface HandoffStore {
  /** Stores a new handoff with its content. Throws `IdempotencyReplay` when the receipt's key is taken. */
  create(change: Change, content: HandoffContent, receipt?: IdempotencyReceipt): Promise<void>;
  /**
   * Commits a change if the stored handoff still has `change.expectedVersion`.
   * Throws `VersionConflict` otherwise, and `IdempotencyReplay` when the receipt's key is taken.
   */
  commit(change: Change, options?: { content?: Partial<HandoffContent>; receipt?: IdempotencyReceipt }): Promise<void>;
  get(id: string): Promise<Handoff | undefined>;
  getContent(id: string): Promise<HandoffContent | undefined>;
  getContents(ids: string[]): Promise<Map<string, HandoffContent>>;
  /** Offers waiting for an agency, oldest first. Throws `InvalidRequest` for a cursor that is not the caller's. */
  inbox(orgNumber: string, page: { limit: number; cursor?: string | undefined }): Promise<Page<Handoff>>;
  /** Open handoffs whose deadline is at or before `now`, earliest first. */
  due(now: string, limit: number): Promise<Handoff[]>;
  findReceipt(scope: string, key: string): Promise<IdempotencyReceipt | undefined>;
  recordDeadLetter(letter: DeadLetter): Promise<void>;
  deadLetters(limit: number): Promise<DeadLetter[]>;
}

export type WebhookDelivery = { url: string; bot: BotRef; messageId: string; payload: WebhookPayload };

export type DeliveryOutcome =
  | { delivered: true; attempts: number; status: number }
  | { delivered: false; attempts: number; lastError: string };

/** Delivers a signed webhook, retrying with backoff; answers once it succeeded or gave up. */
export interface WebhookSender {
  deliver(delivery: WebhookDelivery): Promise<DeliveryOutcome>;
}
