import type { Insights } from '#contracts/audit';
import type { Caller } from '../handoff.ts';
import { insightsOf, osloDay } from '../insights.ts';
import { type AuditDeps, periodOf } from './audit-period.ts';

/** The insights of a period, added up from the projection's days (no scan of the handoffs). */
export async function insights(deps: AuditDeps, caller: Caller, query: { from?: string | undefined; to?: string | undefined }): Promise<Insights> {
  const period = periodOf(deps, query);
  const fromDay = osloDay(period.from);
  const toDay = osloDay(Date.parse(period.to) - 1);
  const days = await deps.store.insightDays(caller.orgNumber, fromDay, toDay);
  return insightsOf(caller.orgNumber, fromDay, toDay, days, deps.directory);
}
