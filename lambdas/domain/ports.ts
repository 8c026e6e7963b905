import type { AgencyBusEvent } from '#contracts/agency-bus';
import type { TransferSummary } from '#contracts/audit';
import type { HandoffReason, HandoffStatus } from '#contracts/handoff';
import type { TopicCode } from '#contracts/topics';
import type { OpenFloorEnvelope } from '#contracts/openfloor';
import type { WebhookPayload } from '#contracts/webhooks';
import type { Change } from './handoff-lifecycle.ts';
import type { BotRef, Handoff, HandoffContent, QueueKey, TransitionRecord } from './handoff.ts';
import type { InsightDay, InsightIncrement } from './insights.ts';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** An Idempotency-Key as claimed by one request of one agency. */
export type IdempotencyClaim = { scope: string; key: string; requestHash: string };

/** The first answer to a claimed key, stored in the same write as the change it answers. */
export type IdempotencyReceipt = { claim: IdempotencyClaim; response: unknown };

export type Page<T> = { items: T[]; nextCursor: string | null };

/** Counts an agency's requests per fixed window; one shared count across every function instance. */
export interface RateLimiter {
  /** Counts one request; when the agency has already made `limit` in the window that holds `now`, how many seconds until the next. */
  take(orgNumber: string, limit: number, now: Date): Promise<{ allowed: true } | { allowed: false; retryAfterSeconds: number }>;
}

export type DeadLetter = {
  messageId: string;
  handoffId: string;
  seq: number;
  kind: 'offer' | 'status' | 'message';
  /** For a relayed message: the message's own id. */
  relayedMessageId?: string;
  bot: BotRef;
  attempts: number;
  lastError: string;
  at: string;
};

/** A relayed message, as stored (with the content, under the content's retention). */
export type StoredMessage = {
  id: string;
  handoffId: string;
  from: 'citizen' | 'bot' | 'adviser';
  fromRole: 'origin' | 'target';
  orgNumber: string;
  adviserId: string | null;
  text: string;
  at: string;
};

export type { QueueKey } from './handoff.ts';

export type TransferFilters = {
  direction?: 'in' | 'out' | undefined;
  counterpart?: string | undefined;
  topic?: TopicCode | undefined;
  reason?: HandoffReason | undefined;
  outcome?: HandoffStatus | undefined;
};

/** Session state: every write is conditional, every change records its transitions (the timeline and the outbox). */
export interface HandoffSessions {
  /** Stores a new handoff with its content. Throws `IdempotencyReplay` when the receipt's key is taken, `VersionConflict` when the id is. */
  create(change: Change, content: HandoffContent, receipt?: IdempotencyReceipt): Promise<void>;
  /**
   * Commits a change if the stored handoff still has `change.expectedVersion`.
   * Throws `VersionConflict` otherwise, and `IdempotencyReplay` when the receipt's key is taken.
   * `contentExpiresEarlier`: the handoff's `contentExpiresAt` moved earlier, and the content item's own expiry follows it.
   */
  commit(change: Change, options?: { content?: Partial<HandoffContent>; receipt?: IdempotencyReceipt; contentExpiresEarlier?: boolean }): Promise<void>;
  get(id: string): Promise<Handoff | undefined>;
  getContent(id: string): Promise<HandoffContent | undefined>;
  /** The handoff and its content in one read, for a reader that needs both (an offer's webhook). */
  getWithContent(id: string): Promise<{ handoff: Handoff; content: HandoffContent | undefined } | undefined>;
  getContents(ids: string[]): Promise<Map<string, HandoffContent>>;
  /** Offers waiting for an agency's bots, oldest first. Throws `InvalidCursor` for a cursor that is not the caller's. */
  inbox(orgNumber: string, page: { limit: number; cursor?: string | undefined }): Promise<Page<Handoff>>;
  /** Open handoffs whose deadline is at or before `now`, earliest first. */
  due(now: string, limit: number): Promise<Handoff[]>;
  /** A human queue: who waits (urgent first, then longest waiting) and whose callback is scheduled (earliest first). */
  queueEntries(queue: QueueKey): Promise<{ waiting: Handoff[]; scheduled: Handoff[] }>;
  /** Conversations an adviser has accepted and not yet closed. */
  adviserConversations(orgNumber: string, adviserId: string): Promise<Handoff[]>;
  /** A handoff's audit entries in the order they are stored. */
  timeline(handoffId: string): Promise<TransitionRecord[]>;
}

/** Messages relayed between the parties of a handoff, kept with its content. */
export interface RelayedMessages {
  /**
   * Stores a relayed message until `expiresAt` (its insert is announced on the bus without its text), with the
   * idempotency receipt in the same write. Throws `IdempotencyReplay` when the receipt's key is taken.
   */
  putMessage(message: StoredMessage, expiresAt: string, receipt?: IdempotencyReceipt): Promise<void>;
  getMessage(handoffId: string, messageId: string): Promise<StoredMessage | undefined>;
  /** At most `limit` messages after a message id, oldest first. */
  messages(handoffId: string, after: string | undefined, limit: number): Promise<StoredMessage[]>;
}

/** How fast a human queue is being served: the wait estimate's evidence. */
export interface QueuePace {
  /** When the queue's recent conversations were accepted, oldest first. */
  recentAccepts(queue: QueueKey): Promise<string[]>;
  /** Adds an accept to the queue's recent accepts, once (a projection of the bus's accepted events). */
  recordAccept(queue: QueueKey, at: string, handoffId: string): Promise<void>;
}

/** Each agency's record of the transfers it took part in: the audit projection. */
export interface TransferRecords {
  /** Writes each agency's record of a transfer, unless a record of a newer version of the handoff is there already. */
  putTransferSummaries(handoffVersion: number, summaries: { orgNumber: string; summary: TransferSummary }[]): Promise<void>;
  /** An agency's transfers created in [from, to), newest first. Throws `InvalidCursor` for a cursor that is not the caller's. */
  searchTransfers(
    orgNumber: string,
    query: { from: string; to: string; filters: TransferFilters; limit: number; cursor?: string | undefined },
  ): Promise<Page<TransferSummary>>;
}

/** Transitions of one handoff, by seq: those after `after`, up to and with `through`. */
export type InsightSpan = { after: number; through: number };

/** Each agency's insight counters per day. */
export interface InsightCounters {
  /** How far a handoff's transitions have been counted: the seq of the last one counted, 0 for none. */
  insightsCountedThrough(handoffId: string): Promise<number>;
  /**
   * Adds the counters of a handoff's transitions after `span.after` up to `span.through`, and moves its mark
   * there, at once: false, adding nothing, when the mark is no longer at `span.after` (another delivery counted them).
   */
  applyInsights(handoffId: string, span: InsightSpan, increments: InsightIncrement[]): Promise<boolean>;
  /** An agency's insight days from `fromDay` to `toDay` (Oslo dates, inclusive). */
  insightDays(orgNumber: string, fromDay: string, toDay: string): Promise<InsightDay[]>;
}

/** What the audit projection reads of one handoff, in one read. */
export interface ProjectionSource {
  /** Its state, its timeline in order, and how far its transitions are counted in the insights (0 for none); undefined when it is gone. */
  projectionInputs(handoffId: string): Promise<{ handoff: Handoff; timeline: TransitionRecord[]; countedThrough: number } | undefined>;
}

/** The first answers to Idempotency-Keys, written with the changes they answer (by the sessions and the messages). */
export interface IdempotencyReceipts {
  /** The receipt of a key, unless there is none or it had expired at `now`. */
  findReceipt(scope: string, key: string, now: Date): Promise<IdempotencyReceipt | undefined>;
}

/** Webhooks the broker gave up on, per agency, for its operators to send again. */
export interface DeadLetterStore {
  recordDeadLetter(letter: DeadLetter): Promise<void>;
  /** The webhooks to an agency's bots that were given up on, newest first. */
  deadLetters(orgNumber: string, limit: number): Promise<DeadLetter[]>;
  removeDeadLetter(letter: DeadLetter): Promise<void>;
}

/** Every concern kept in the broker's one table, as a function's dependencies compose them. */
export type HandoffStore = HandoffSessions &
  RelayedMessages &
  QueuePace &
  TransferRecords &
  InsightCounters &
  ProjectionSource &
  IdempotencyReceipts &
  DeadLetterStore;

/** A signed push to a bot: a webhook, or an Open Floor envelope to a bot that speaks it (signed the same way). */
export type WebhookDelivery = { url: string; bot: BotRef; messageId: string; payload: WebhookPayload | OpenFloorEnvelope };

export type DeliveryOutcome = { delivered: true; attempts: number; status: number } | { delivered: false; attempts: number; lastError: string };

/** Delivers a signed webhook, retrying with backoff; answers once it succeeded or gave up. */
export interface WebhookSender {
  deliver(delivery: WebhookDelivery): Promise<DeliveryOutcome>;
}

/**
 * Puts a delivery event on the broker's bus, from where the recipient's own
 * rule forwards it to the agency's bus. Throws when the bus did not take it,
 * so the event that drove the delivery is retried.
 */
export interface AgencyBus {
  put(event: AgencyBusEvent): Promise<void>;
}
