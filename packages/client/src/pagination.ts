import type { BrokerCalls, CallInput, CallResult, OperationId } from './client.ts';
import { operations } from './generated/operations.ts';

type PagedBy<P> = { [K in OperationId]: (typeof operations)[K]['paging'] extends P ? K : never }[OperationId];
/** Operations that answer a page with `nextCursor` (the inbox, the audit search). */
export type CursorPaged = PagedBy<'cursor'>;
/** Operations that answer the items after the one you name (message lists). */
export type AfterPaged = PagedBy<'after'>;
export type Paged = CursorPaged | AfterPaged;
export type ItemOf<K extends Paged> = CallResult<K> extends { items: (infer Item)[] } ? Item : never;

type Page = { items: { id?: string }[]; nextCursor?: string | null };
type PageCall = (input: { params?: unknown; query?: Record<string, unknown> }) => Promise<Page>;

/**
 * Every item of a paged operation, page after page, as one async iterable:
 * cursor pages until `nextCursor` is null; message lists from the item after
 * the last one read until a page comes back empty (so a conversation is read
 * up to now; call again later from the last id for what came since).
 */
export async function* eachItem<K extends Paged>(client: BrokerCalls, id: K, input?: CallInput<K>): AsyncGenerator<ItemOf<K>> {
  const fetchPage = client[id] as unknown as PageCall;
  const given = (input ?? {}) as { params?: unknown; query?: Record<string, unknown> };
  const paging = operations[id].paging;
  let query: Record<string, unknown> = { ...given.query };
  for (;;) {
    const page = await fetchPage({ ...given, query });
    for (const item of page.items) yield item as ItemOf<K>;
    if (paging === 'cursor') {
      if (!page.nextCursor) return;
      query = { ...query, cursor: page.nextCursor };
    } else {
      const last = page.items.at(-1);
      if (!last?.id) return;
      query = { ...query, after: last.id };
    }
  }
}
