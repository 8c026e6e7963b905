import type { ChainVerification, Insights, TransferPage, TransferQuery, TransferTimeline } from '#contracts/audit';
import { verifyChain } from '../audit-chain.ts';
import { cefLine, transfersCsv } from '../audit-export.ts';
import type { Directory } from '../directory.ts';
import type { Caller, Handoff, TransitionRecord } from '../handoff.ts';
import { handoffInsightIncrements, insightsOf, osloDay } from '../insights.ts';
import * as z from 'zod';
import { InvalidCursor, InvalidRequest } from '../errors.ts';
import { cursorBinding, followCursor, issueCursor } from '../page-cursor.ts';
import type { Clock, HandoffSessions, InsightCounters, TransferFilters, TransferRecords } from '../ports.ts';
import { transferSummaries } from '../transfer-summary.ts';
import { visibleHandoff } from './read-handoff.ts';

export type AuditDeps = { store: HandoffSessions & TransferRecords & InsightCounters; directory: Directory; clock: Clock };

const weekMs = 7 * 86_400_000;
const cefReadsAtOnce = 16;

/**
 * The audit projection, fed by every transition through the table's stream:
 * each agency's record of the transfer (recomputed from state and timeline, so
 * any order of events ends the same) and its insight counters.
 *
 * Only the event of the latest stored transition writes: an earlier event finds
 * the handoff moved on, and the later event, which the stream delivers too,
 * writes the same records from the newer state. It counts in the insights
 * every transition not yet counted, in one transaction that also moves the
 * handoff's mark: the transitions a batch of the stream holds cost one
 * transaction together, not one each (docs/architecture.md, "The cost of a handoff").
 */
export async function projectTransition(deps: AuditDeps, entry: TransitionRecord): Promise<'projected' | 'replayed' | 'gone' | 'superseded'> {
  const handoff = await deps.store.get(entry.handoffId);
  if (!handoff) return 'gone';
  if (handoff.seq !== entry.seq) return 'superseded';
  // The timeline as of the state read: a transition stored since is counted by its own record, which follows.
  const timeline = (await deps.store.timeline(entry.handoffId)).filter((transition) => transition.seq <= handoff.seq);
  await deps.store.putTransferSummaries(handoff.version, transferSummaries(handoff, timeline, deps.directory));
  const after = await deps.store.insightsCountedThrough(handoff.id);
  const uncounted = timeline.filter((transition) => transition.seq > after);
  if (!uncounted.length) return 'replayed';
  const increments = handoffInsightIncrements(uncounted, handoff.createdAt, deps.directory);
  // Transitions that count nothing (an offer sent) move no mark: the next count takes them along, still adding nothing.
  if (!increments.length) return 'projected';
  // Refused only when another delivery of the same events counted them first.
  return (await deps.store.applyInsights(handoff.id, { after, through: handoff.seq }, increments)) ? 'projected' : 'replayed';
}

/** Operations staff see the transfers their agency took part in, and no others (the same rule as every read). */
async function auditedHandoff(deps: AuditDeps, caller: Caller, id: string): Promise<{ handoff: Handoff; timeline: TransitionRecord[] }> {
  const handoff = await visibleHandoff(deps, caller, id);
  return { handoff, timeline: await deps.store.timeline(id) };
}

/** The longest period a search or the insights cover, and the longest one export covers (it is read whole, within one function's time). */
export const maxPeriodDays = { search: 366, export: 31 } as const;

/** The period asked for: [from, to), a week up to now by default, from before to, and no longer than the kind of read allows. */
function periodOf(deps: AuditDeps, query: { from?: string | undefined; to?: string | undefined }, kind: keyof typeof maxPeriodDays = 'search') {
  const maxAuditPeriodDays = maxPeriodDays[kind];
  const to = query.to ?? deps.clock.now().toISOString();
  const from = query.from ?? new Date(Date.parse(to) - weekMs).toISOString();
  const [fromMs, toMs] = [Date.parse(from), Date.parse(to)];
  if (fromMs >= toMs) throw new InvalidRequest('the period is empty', [{ path: [query.from ? 'from' : 'to'], message: 'from must be before to', in: 'query' }]);
  if (toMs - fromMs > maxAuditPeriodDays * 86_400_000) {
    throw new InvalidRequest(`a period is at most ${maxAuditPeriodDays} days`, [
      { path: [query.from ? 'from' : 'to'], message: `at most ${maxAuditPeriodDays} days between from and to; split a longer period`, in: 'query' },
    ]);
  }
  return { from: new Date(fromMs).toISOString(), to: new Date(toMs).toISOString() };
}

const filtersOf = (query: TransferQuery): TransferFilters => ({
  direction: query.direction,
  counterpart: query.counterpart,
  topic: query.topic,
  reason: query.reason,
  outcome: query.outcome,
});

/** What a transfer search's cursor carries: the period its first page resolved, and the store's position in it. */
const PinnedPage = z.strictObject({ from: z.iso.datetime(), to: z.iso.datetime(), at: z.string().min(1) });

export async function searchTransfers(deps: AuditDeps, caller: Caller, query: TransferQuery): Promise<TransferPage> {
  const binding = cursorBinding('transfers', caller, query);
  // "The last week" moves with the clock: later pages keep the period the first page resolved, carried in the cursor.
  const pinned = query.cursor ? pinnedPageOf(followCursor(binding, query.cursor)!) : undefined;
  const period = pinned ? pinnedPeriod(deps, pinned) : periodOf(deps, query);
  const page = await deps.store.searchTransfers(caller.orgNumber, { ...period, filters: filtersOf(query), limit: query.limit ?? 50, cursor: pinned?.at });
  const next = page.nextCursor && Buffer.from(JSON.stringify({ ...period, at: page.nextCursor })).toString('base64url');
  return { items: page.items, nextCursor: issueCursor(binding, next) };
}

/** A cursor's period passes the same checks as one asked for; one that does not was not given out by this list. */
function pinnedPeriod(deps: AuditDeps, pinned: z.infer<typeof PinnedPage>) {
  try {
    return periodOf(deps, pinned);
  } catch {
    throw new InvalidCursor();
  }
}

function pinnedPageOf(cursor: string): z.infer<typeof PinnedPage> {
  try {
    return PinnedPage.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw new InvalidCursor();
  }
}

/** Every transfer matching the filters, page by page. */
async function allTransfers(deps: AuditDeps, caller: Caller, query: TransferQuery) {
  const period = periodOf(deps, query, 'export');
  const items: TransferPage['items'] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.store.searchTransfers(caller.orgNumber, { ...period, filters: filtersOf(query), limit: 200, cursor });
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return items;
}

export const verification = (handoff: Handoff, timeline: TransitionRecord[], now: Date): ChainVerification => ({
  ...verifyChain(timeline, handoff.auditHead),
  head: handoff.auditHead,
  checkedAt: now.toISOString(),
});

/** One transfer's full audit timeline, checked entry by entry. */
export async function transferTimeline(deps: AuditDeps, caller: Caller, id: string): Promise<TransferTimeline> {
  const { handoff, timeline } = await auditedHandoff(deps, caller, id);
  const summary = transferSummaries(handoff, timeline, deps.directory).find((candidate) => candidate.orgNumber === caller.orgNumber)!.summary;
  return { transfer: summary, entries: timeline, verification: verification(handoff, timeline, deps.clock.now()) };
}

export async function verifyTransfer(deps: AuditDeps, caller: Caller, id: string): Promise<ChainVerification> {
  const { handoff, timeline } = await auditedHandoff(deps, caller, id);
  return verification(handoff, timeline, deps.clock.now());
}

export async function exportTransfersCsv(deps: AuditDeps, caller: Caller, query: TransferQuery): Promise<string> {
  return transfersCsv(await allTransfers(deps, caller, query));
}

/** The audit entries of the matching transfers as CEF lines, oldest transfer first. */
export async function exportAuditCef(deps: AuditDeps, caller: Caller, query: TransferQuery): Promise<string> {
  const transfers = (await allTransfers(deps, caller, query)).reverse();
  const lines: string[] = [];
  // Timelines are read a few at a time: a week of transfers is too many to read one by one within a request.
  for (let start = 0; start < transfers.length; start += cefReadsAtOnce) {
    const batch = transfers.slice(start, start + cefReadsAtOnce);
    const timelines = await Promise.all(batch.map((transfer) => deps.store.timeline(transfer.handoffId)));
    for (const [index, transfer] of batch.entries()) lines.push(...timelines[index]!.map((entry) => cefLine(entry, transfer.citizenPseudonym)));
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}

/** The insights of a period, added up from the projection's days (no scan of the handoffs). */
export async function insights(deps: AuditDeps, caller: Caller, query: { from?: string | undefined; to?: string | undefined }): Promise<Insights> {
  const period = periodOf(deps, query);
  const fromDay = osloDay(period.from);
  const toDay = osloDay(Date.parse(period.to) - 1);
  const days = await deps.store.insightDays(caller.orgNumber, fromDay, toDay);
  return insightsOf(caller.orgNumber, fromDay, toDay, days, deps.directory);
}
