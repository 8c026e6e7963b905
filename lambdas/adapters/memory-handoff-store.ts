import { IdempotencyReplay, InvalidCursor, VersionConflict } from '#domain/errors';
import { receiptLifetimeSeconds, recentAcceptsKept } from './handoff-items.ts';
import type { Handoff, HandoffContent, TransitionRecord } from '#domain/handoff';
import type { TransferSummary } from '#contracts/audit';
import { queueOrder } from '#domain/human-queue';
import type { InsightDay } from '#domain/insights';
import type {
  DeadLetter,
  DeadLetterStore,
  HandoffSessions,
  HandoffStore,
  IdempotencyReceipt,
  IdempotencyReceipts,
  InsightCounters,
  ProjectionSource,
  QueueKey,
  QueuePace,
  RelayedMessages,
  StoredMessage,
  TransferRecords,
} from '#domain/ports';

const copy = <T>(value: T): T => structuredClone(value);

/** A cursor names the list it belongs to and the last item given, as the table's cursors name their partition. */
const cursorOf = (list: string, itemId: string) => Buffer.from(JSON.stringify([list, itemId])).toString('base64url');
function positionIn(list: string, cursor: string): string {
  try {
    const [owner, itemId] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (owner === list && typeof itemId === 'string') return itemId;
  } catch {
    // Not a cursor this twin gave out.
  }
  throw new InvalidCursor();
}

/**
 * The in-memory twin of the table, for unit tests of the use cases: what each
 * concern's adapter keeps, with the same conditional semantics (version guard,
 * receipt uniqueness). The shared port suite (test/ports) runs the same tests
 * against these adapters and the DynamoDB ones, so the twin cannot drift.
 */
export class MemoryTable {
  readonly handoffs = new Map<string, Handoff>();
  readonly contents = new Map<string, HandoffContent>();
  readonly transitions: TransitionRecord[] = [];
  readonly receipts = new Map<string, IdempotencyReceipt & { expiresAt: number }>();
  readonly letters: DeadLetter[] = [];
  readonly accepts = new Map<string, { at: string; handoffId: string }[]>();
  readonly messageLog: StoredMessage[] = [];
  readonly transfers = new Map<string, { version: number; summary: TransferSummary }>();
  readonly insights = new Map<string, InsightDay>();
  /** How far each handoff's transitions are counted in the insights. */
  readonly ledger = new Map<string, number>();

  /** Throws `IdempotencyReplay` when the key has a live receipt. */
  checkReceipt(receipt: IdempotencyReceipt | undefined, now: string) {
    if (!receipt) return;
    const held = this.receipts.get(`${receipt.claim.scope}#${receipt.claim.key}`);
    if (held && held.expiresAt >= Date.parse(now)) throw new IdempotencyReplay();
  }

  /** Keeps a receipt for its lifetime, or until `contentExpiresAt` when its answer holds content that must go sooner. */
  putReceipt(receipt: IdempotencyReceipt | undefined, now: string, contentExpiresAt?: string) {
    if (!receipt) return;
    const expiresAt = Math.min(Date.parse(now) + receiptLifetimeSeconds * 1000, contentExpiresAt ? Date.parse(contentExpiresAt) : Number.POSITIVE_INFINITY);
    this.receipts.set(`${receipt.claim.scope}#${receipt.claim.key}`, { ...copy(receipt), expiresAt });
  }

  timelineOf(id: string) {
    return this.transitions.filter((record) => record.handoffId === id);
  }
}

export function memorySessions(table: MemoryTable): HandoffSessions {
  const inQueue = (queue: QueueKey, status: string) =>
    [...table.handoffs.values()].filter(
      (handoff) =>
        handoff.status === status &&
        handoff.assignee?.kind === 'queue' &&
        handoff.assignee.orgNumber === queue.orgNumber &&
        handoff.assignee.queueId === queue.queueId,
    );
  return {
    async create(change, content, receipt) {
      table.checkReceipt(receipt, change.handoff.updatedAt);
      if (table.handoffs.has(change.handoff.id)) throw new VersionConflict(change.handoff.id);
      table.putReceipt(receipt, change.handoff.updatedAt);
      table.handoffs.set(change.handoff.id, copy(change.handoff));
      table.contents.set(change.handoff.id, copy(content));
      table.transitions.push(...copy(change.transitions));
    },

    async commit(change, options = {}) {
      const stored = table.handoffs.get(change.handoff.id);
      table.checkReceipt(options.receipt, change.handoff.updatedAt);
      if (!stored || stored.version !== change.expectedVersion) throw new VersionConflict(change.handoff.id);
      table.putReceipt(options.receipt, change.handoff.updatedAt);
      table.handoffs.set(change.handoff.id, copy(change.handoff));
      if (options.content) {
        const current = table.contents.get(change.handoff.id);
        if (current) table.contents.set(change.handoff.id, { ...current, ...copy(options.content) });
      }
      table.transitions.push(...copy(change.transitions));
    },

    async get(id) {
      const handoff = table.handoffs.get(id);
      return handoff && copy(handoff);
    },

    async getContent(id) {
      const content = table.contents.get(id);
      return content && copy(content);
    },

    async getWithContent(id) {
      const handoff = table.handoffs.get(id);
      const content = table.contents.get(id);
      return handoff && { handoff: copy(handoff), content: content && copy(content) };
    },

    async getContents(ids) {
      return new Map(ids.flatMap((id) => (table.contents.has(id) ? [[id, copy(table.contents.get(id)!)] as const] : [])));
    },

    async inbox(orgNumber, { limit, cursor }) {
      const waiting = [...table.handoffs.values()]
        .filter((handoff) => handoff.status === 'offered' && handoff.assignee?.kind === 'bot' && handoff.assignee.orgNumber === orgNumber)
        .sort((a, b) => a.updatedAt.localeCompare(b.updatedAt) || a.id.localeCompare(b.id));
      const list = `inbox#${orgNumber}`;
      let start = 0;
      if (cursor) {
        const after = positionIn(list, cursor);
        start = waiting.findIndex((handoff) => handoff.id === after) + 1;
      }
      const items = waiting.slice(start, start + limit);
      const more = start + limit < waiting.length;
      return { items: copy(items), nextCursor: more ? cursorOf(list, items.at(-1)!.id) : null };
    },

    async due(now, limit) {
      return copy(
        [...table.handoffs.values()]
          .filter((handoff) => handoff.deadline !== null && handoff.deadline <= now)
          .sort((a, b) => a.deadline!.localeCompare(b.deadline!) || a.id.localeCompare(b.id))
          .slice(0, limit),
      );
    },

    async queueEntries(queue) {
      return {
        waiting: copy(inQueue(queue, 'queued').sort(queueOrder)),
        scheduled: copy(inQueue(queue, 'callback_scheduled').sort((a, b) => a.callback!.at.localeCompare(b.callback!.at) || queueOrder(a, b))),
      };
    },

    async adviserConversations(orgNumber, adviserId) {
      return copy(
        [...table.handoffs.values()].filter(
          (handoff) =>
            handoff.status === 'accepted' &&
            handoff.assignee?.kind === 'queue' &&
            handoff.assignee.orgNumber === orgNumber &&
            handoff.assignee.adviserId === adviserId,
        ),
      );
    },

    async timeline(handoffId) {
      return copy(table.timelineOf(handoffId));
    },
  };
}

export function memoryMessages(table: MemoryTable): RelayedMessages {
  return {
    async putMessage(message, expiresAt, receipt) {
      table.checkReceipt(receipt, message.at);
      if (table.messageLog.some((kept) => kept.handoffId === message.handoffId && kept.id === message.id)) throw new Error(`message ${message.id} exists`);
      table.putReceipt(receipt, message.at, expiresAt);
      table.messageLog.push(copy(message));
    },

    async getMessage(handoffId, messageId) {
      const found = table.messageLog.find((message) => message.handoffId === handoffId && message.id === messageId);
      return found && copy(found);
    },

    async messages(handoffId, after, limit) {
      return copy(
        table.messageLog
          .filter((message) => message.handoffId === handoffId && (!after || message.id > after))
          .sort((a, b) => a.id.localeCompare(b.id))
          .slice(0, limit),
      );
    },
  };
}

export function memoryQueuePace(table: MemoryTable): QueuePace {
  return {
    async recentAccepts(queue) {
      return (table.accepts.get(`${queue.orgNumber}#${queue.queueId}`) ?? []).map((accept) => accept.at);
    },

    async recordAccept(queue, at, handoffId) {
      const key = `${queue.orgNumber}#${queue.queueId}`;
      const accepts = table.accepts.get(key) ?? [];
      if (accepts.some((accept) => accept.handoffId === handoffId)) return;
      table.accepts.set(key, [...accepts, { at, handoffId }].sort((a, b) => a.at.localeCompare(b.at)).slice(-recentAcceptsKept));
    },
  };
}

export function memoryTransferRecords(table: MemoryTable): TransferRecords {
  return {
    async putTransferSummaries(handoffVersion, summaries) {
      for (const { orgNumber, summary } of summaries) {
        const key = `${orgNumber}#${summary.handoffId}`;
        if ((table.transfers.get(key)?.version ?? 0) < handoffVersion) table.transfers.set(key, { version: handoffVersion, summary: copy(summary) });
      }
    },

    async searchTransfers(orgNumber, query) {
      const { filters } = query;
      const matching = [...table.transfers.entries()]
        .filter(([key]) => key.startsWith(`${orgNumber}#`))
        .map(([, record]) => record.summary)
        .filter((summary) => summary.createdAt >= query.from && summary.createdAt < query.to)
        .filter(
          (summary) =>
            (!filters.direction || summary.direction === filters.direction) &&
            (!filters.counterpart || summary.counterpart?.orgNumber === filters.counterpart) &&
            (!filters.topic || summary.topic === filters.topic) &&
            (!filters.reason || summary.reason === filters.reason) &&
            (!filters.outcome || summary.status === filters.outcome),
        )
        .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.handoffId.localeCompare(a.handoffId));
      const list = `transfers#${orgNumber}`;
      let start = 0;
      if (query.cursor) {
        const after = positionIn(list, query.cursor);
        start = matching.findIndex((summary) => summary.handoffId === after) + 1;
      }
      const items = matching.slice(start, start + query.limit);
      return { items: copy(items), nextCursor: start + query.limit < matching.length ? cursorOf(list, items.at(-1)!.handoffId) : null };
    },
  };
}

export function memoryInsightCounters(table: MemoryTable): InsightCounters {
  return {
    async insightsCountedThrough(handoffId) {
      return table.ledger.get(handoffId) ?? 0;
    },

    async applyInsights(handoffId, span, increments) {
      if ((table.ledger.get(handoffId) ?? 0) !== span.after) return false;
      table.ledger.set(handoffId, span.through);
      for (const increment of increments) {
        const key = `${increment.orgNumber}#${increment.day}`;
        const day = table.insights.get(key) ?? { day: increment.day, counters: {} };
        for (const [name, value] of Object.entries(increment.counters)) day.counters[name] = (day.counters[name] ?? 0) + value;
        table.insights.set(key, day);
      }
      return true;
    },

    async insightDays(orgNumber, fromDay, toDay) {
      return copy(
        [...table.insights.entries()]
          .filter(([key, day]) => key.startsWith(`${orgNumber}#`) && day.day >= fromDay && day.day <= toDay)
          .map(([, day]) => day)
          .sort((a, b) => a.day.localeCompare(b.day)),
      );
    },
  };
}

export function memoryReceipts(table: MemoryTable): IdempotencyReceipts {
  return {
    async findReceipt(scope, key, now) {
      const held = table.receipts.get(`${scope}#${key}`);
      if (!held || held.expiresAt < now.getTime()) return undefined;
      return copy({ claim: held.claim, response: held.response });
    },
  };
}

export function memoryDeadLetters(table: MemoryTable): DeadLetterStore {
  return {
    async recordDeadLetter(letter) {
      table.letters.push(copy(letter));
    },

    async deadLetters(orgNumber, limit) {
      return copy(
        table.letters
          .filter((letter) => letter.bot.orgNumber === orgNumber)
          .sort((a, b) => b.at.localeCompare(a.at) || b.messageId.localeCompare(a.messageId))
          .slice(0, limit),
      );
    },

    async removeDeadLetter(letter) {
      const index = table.letters.findIndex((kept) => kept.messageId === letter.messageId && kept.at === letter.at);
      if (index >= 0) table.letters.splice(index, 1);
    },
  };
}

/** The audit projection's one read: state, timeline and the insights' mark together, as the DynamoDB query returns them. */
export function memoryProjectionSource(table: MemoryTable): ProjectionSource {
  return {
    async projectionInputs(handoffId) {
      const handoff = table.handoffs.get(handoffId);
      if (!handoff) return undefined;
      return { handoff: copy(handoff), timeline: copy(table.timelineOf(handoffId)), countedThrough: table.ledger.get(handoffId) ?? 0 };
    },
  };
}

/** Every concern's twin over one in-memory table, and the table itself for tests to look into. */
export type MemoryHandoffStore = HandoffStore & { readonly table: MemoryTable };

export const memoryHandoffStore = (table = new MemoryTable()): MemoryHandoffStore => ({
  table,
  ...memorySessions(table),
  ...memoryMessages(table),
  ...memoryQueuePace(table),
  ...memoryTransferRecords(table),
  ...memoryInsightCounters(table),
  ...memoryProjectionSource(table),
  ...memoryReceipts(table),
  ...memoryDeadLetters(table),
});
