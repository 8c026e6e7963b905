import type { TransferPage, TransferQuery } from '#contracts/audit';
import { cefLine, transfersCsv } from '../audit-export.ts';
import type { Caller } from '../handoff.ts';
import { type AuditDeps, filtersOf, periodOf } from './audit-period.ts';

const cefReadsAtOnce = 16;

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
