import { IdempotencyReplay, InvalidCursor, VersionConflict } from '#domain/errors';
import { recentAcceptsKept } from './handoff-items.ts';
import type { Handoff, HandoffContent, TransitionRecord } from '#domain/handoff';
import type { TransferSummary } from '#contracts/audit';
import { queueOrder } from '#domain/human-queue';
import type { InsightDay, InsightIncrement } from '#domain/insights';
import type { DeadLetter, HandoffStore, IdempotencyReceipt, QueueKey, StoredMessage, TransferFilters } from '#domain/ports';

const copy = <T>(value: T): T => structuredClone(value);

/**
 * The in-memory twin of the DynamoDB store, for unit tests of the use cases:
 * the same conditional semantics (version guard, receipt uniqueness) without a table.
 */
export class MemoryHandoffStore implements HandoffStore {
  readonly handoffs = new Map<string, Handoff>();
  readonly contents = new Map<string, HandoffContent>();
  readonly transitions: TransitionRecord[] = [];
  readonly receipts = new Map<string, IdempotencyReceipt>();
  letters: DeadLetter[] = [];
  readonly accepts = new Map<string, { at: string; handoffId: string }[]>();
  readonly messageLog: StoredMessage[] = [];
  readonly transfers = new Map<string, { version: number; summary: TransferSummary }>();
  readonly insights = new Map<string, InsightDay>();
  readonly ledger = new Set<string>();

  #claimReceipt(receipt: IdempotencyReceipt | undefined) {
    if (!receipt) return;
    const id = `${receipt.claim.scope}#${receipt.claim.key}`;
    if (this.receipts.has(id)) throw new IdempotencyReplay();
    this.receipts.set(id, copy(receipt));
  }

  async create(change: Parameters<HandoffStore['create']>[0], content: HandoffContent, receipt?: IdempotencyReceipt) {
    if (this.handoffs.has(change.handoff.id)) throw new Error(`handoff ${change.handoff.id} exists`);
    this.#claimReceipt(receipt);
    this.handoffs.set(change.handoff.id, copy(change.handoff));
    this.contents.set(change.handoff.id, copy(content));
    this.transitions.push(...copy(change.transitions));
  }

  async commit(change: Parameters<HandoffStore['commit']>[0], options: Parameters<HandoffStore['commit']>[1] = {}) {
    const stored = this.handoffs.get(change.handoff.id);
    if (options.receipt && this.receipts.has(`${options.receipt.claim.scope}#${options.receipt.claim.key}`)) throw new IdempotencyReplay();
    if (!stored || stored.version !== change.expectedVersion) throw new VersionConflict(change.handoff.id);
    this.#claimReceipt(options.receipt);
    this.handoffs.set(change.handoff.id, copy(change.handoff));
    if (options.content) {
      const current = this.contents.get(change.handoff.id);
      if (current) this.contents.set(change.handoff.id, { ...current, ...copy(options.content) });
    }
    this.transitions.push(...copy(change.transitions));
  }

  async get(id: string) {
    const handoff = this.handoffs.get(id);
    return handoff && copy(handoff);
  }

  async getContent(id: string) {
    const content = this.contents.get(id);
    return content && copy(content);
  }

  async getContents(ids: string[]) {
    return new Map(ids.flatMap((id) => (this.contents.has(id) ? [[id, copy(this.contents.get(id)!)] as const] : [])));
  }

  async inbox(orgNumber: string, { limit, cursor }: { limit: number; cursor?: string | undefined }) {
    const waiting = [...this.handoffs.values()]
      .filter((handoff) => handoff.status === 'offered' && handoff.assignee?.orgNumber === orgNumber)
      .sort((a, b) => a.updatedAt.localeCompare(b.updatedAt) || a.id.localeCompare(b.id));
    let start = 0;
    if (cursor) {
      start = waiting.findIndex((handoff) => handoff.id === cursor) + 1;
      if (start === 0) throw new InvalidCursor();
    }
    const items = waiting.slice(start, start + limit);
    const more = start + limit < waiting.length;
    return { items: copy(items), nextCursor: more ? items.at(-1)!.id : null };
  }

  async due(now: string, limit: number) {
    return copy(
      [...this.handoffs.values()]
        .filter((handoff) => handoff.deadline !== null && handoff.deadline <= now)
        .sort((a, b) => a.deadline!.localeCompare(b.deadline!))
        .slice(0, limit),
    );
  }

  #inQueue(queue: QueueKey, status: string) {
    return [...this.handoffs.values()].filter(
      (handoff) => handoff.status === status && handoff.assignee?.kind === 'queue' && handoff.assignee.orgNumber === queue.orgNumber && handoff.assignee.queueId === queue.queueId,
    );
  }

  async queueEntries(queue: QueueKey) {
    return {
      waiting: copy(this.#inQueue(queue, 'queued').sort(queueOrder)),
      scheduled: copy(this.#inQueue(queue, 'callback_scheduled').sort((a, b) => a.callback!.at.localeCompare(b.callback!.at) || queueOrder(a, b))),
    };
  }

  async adviserConversations(orgNumber: string, adviserId: string) {
    return copy(
      [...this.handoffs.values()].filter(
        (handoff) => handoff.status === 'accepted' && handoff.assignee?.kind === 'queue' && handoff.assignee.orgNumber === orgNumber && handoff.assignee.adviserId === adviserId,
      ),
    );
  }

  async recentAccepts(queue: QueueKey) {
    return (this.accepts.get(`${queue.orgNumber}#${queue.queueId}`) ?? []).map((accept) => accept.at);
  }

  async recordAccept(queue: QueueKey, at: string, handoffId: string) {
    const key = `${queue.orgNumber}#${queue.queueId}`;
    const accepts = this.accepts.get(key) ?? [];
    if (accepts.some((accept) => accept.handoffId === handoffId)) return;
    this.accepts.set(key, [...accepts, { at, handoffId }].sort((a, b) => a.at.localeCompare(b.at)).slice(-recentAcceptsKept));
  }

  async putMessage(message: StoredMessage, _expiresAt: string, receipt?: IdempotencyReceipt) {
    this.#claimReceipt(receipt);
    this.messageLog.push(copy(message));
  }

  async getMessage(handoffId: string, messageId: string) {
    const found = this.messageLog.find((message) => message.handoffId === handoffId && message.id === messageId);
    return found && copy(found);
  }

  async messages(handoffId: string, after: string | undefined, limit: number) {
    return copy(
      this.messageLog
        .filter((message) => message.handoffId === handoffId && (!after || message.id > after))
        .sort((a, b) => a.id.localeCompare(b.id))
        .slice(0, limit),
    );
  }

  async timeline(handoffId: string) {
    return copy(this.timelineOf(handoffId));
  }

  async putTransferSummaries(handoffVersion: number, summaries: { orgNumber: string; summary: TransferSummary }[]) {
    for (const { orgNumber, summary } of summaries) {
      const key = `${orgNumber}#${summary.handoffId}`;
      if ((this.transfers.get(key)?.version ?? 0) < handoffVersion) this.transfers.set(key, { version: handoffVersion, summary: copy(summary) });
    }
  }

  async searchTransfers(orgNumber: string, query: { from: string; to: string; filters: TransferFilters; limit: number; cursor?: string | undefined }) {
    const { filters } = query;
    const matching = [...this.transfers.entries()]
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
    const start = query.cursor ? matching.findIndex((summary) => summary.handoffId === query.cursor) + 1 : 0;
    const items = matching.slice(start, start + query.limit);
    return { items: copy(items), nextCursor: start + query.limit < matching.length ? items.at(-1)!.handoffId : null };
  }

  async applyInsights(eventKey: string, increments: InsightIncrement[]) {
    if (this.ledger.has(eventKey)) return false;
    this.ledger.add(eventKey);
    for (const increment of increments) {
      const key = `${increment.orgNumber}#${increment.day}`;
      const day = this.insights.get(key) ?? { day: increment.day, counters: {} };
      for (const [name, value] of Object.entries(increment.counters)) day.counters[name] = (day.counters[name] ?? 0) + value;
      this.insights.set(key, day);
    }
    return true;
  }

  async insightDays(orgNumber: string, fromDay: string, toDay: string) {
    return copy(
      [...this.insights.entries()]
        .filter(([key, day]) => key.startsWith(`${orgNumber}#`) && day.day >= fromDay && day.day <= toDay)
        .map(([, day]) => day),
    );
  }

  async findReceipt(scope: string, key: string) {
    const receipt = this.receipts.get(`${scope}#${key}`);
    return receipt && copy(receipt);
  }

  async recordDeadLetter(letter: DeadLetter) {
    this.letters.push(copy(letter));
  }

  async deadLetters(orgNumber: string, limit: number) {
    return copy(this.letters.filter((letter) => letter.bot.orgNumber === orgNumber).slice(-limit).reverse());
  }

  async removeDeadLetter(letter: DeadLetter) {
    this.letters = this.letters.filter((kept) => kept.messageId !== letter.messageId || kept.at !== letter.at);
  }

  timelineOf(id: string) {
    return this.transitions.filter((record) => record.handoffId === id);
  }
}
