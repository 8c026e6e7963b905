import type { TransferQuery } from '#contracts/audit';
import type { Directory } from '../directory.ts';
import { InvalidRequest } from '../errors.ts';
import type { Clock, HandoffSessions, InsightCounters, TransferFilters, TransferRecords } from '../ports.ts';

/** What the audit use cases read: the store's sessions, transfer records and insight counters, the directory, the clock. */
export type AuditDeps = { store: HandoffSessions & TransferRecords & InsightCounters; directory: Directory; clock: Clock };

const weekMs = 7 * 86_400_000;

/** The longest period a search or the insights cover, and the longest one export covers (it is read whole, within one function's time). */
export const maxPeriodDays = { search: 366, export: 31 } as const;

/** The period asked for: [from, to), a week up to now by default, from before to, and no longer than the kind of read allows. */
export function periodOf(deps: AuditDeps, query: { from?: string | undefined; to?: string | undefined }, kind: keyof typeof maxPeriodDays = 'search') {
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

export const filtersOf = (query: TransferQuery): TransferFilters => ({
  direction: query.direction,
  counterpart: query.counterpart,
  topic: query.topic,
  reason: query.reason,
  outcome: query.outcome,
});
