import type { TransferPage, TransferQuery } from '#contracts/audit';
import * as z from 'zod';
import { InvalidCursor } from '../errors.ts';
import type { Caller } from '../handoff.ts';
import { cursorBinding, followCursor, issueCursor } from '../page-cursor.ts';
import { type AuditDeps, filtersOf, periodOf } from './audit-period.ts';

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
