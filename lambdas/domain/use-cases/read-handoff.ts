import type { HandoffDetail, InboxPage } from '#contracts/handoff';
import type { Directory } from '../directory.ts';
import { HandoffNotFound } from '../errors.ts';
import { handoffDetail } from '../handoff-views.ts';
import type { Caller } from '../handoff.ts';
import type { HandoffStore } from '../ports.ts';

export type ReadDeps = { store: HandoffStore; directory: Directory };

/** A handoff the caller's agency takes part in; anyone else is told it does not exist. */
export async function readHandoff(deps: ReadDeps, caller: Caller, id: string): Promise<HandoffDetail> {
  const handoff = await deps.store.get(id);
  if (!handoff || !handoff.participants.includes(caller.orgNumber)) throw new HandoffNotFound(id);
  const content = await deps.store.getContent(id);
  return handoffDetail(handoff, content, deps.directory, caller.orgNumber);
}

/** Offers waiting for the caller's agency, with the content it may now see. */
export async function listInbox(
  deps: ReadDeps,
  caller: Caller,
  query: { limit?: number | undefined; cursor?: string | undefined },
): Promise<InboxPage> {
  const page = await deps.store.inbox(caller.orgNumber, { limit: query.limit ?? 25, cursor: query.cursor });
  const contents = await deps.store.getContents(page.items.map((handoff) => handoff.id));
  return {
    items: page.items.map((handoff) => handoffDetail(handoff, contents.get(handoff.id), deps.directory, caller.orgNumber)),
    nextCursor: page.nextCursor,
  };
}
