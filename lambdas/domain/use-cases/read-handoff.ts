import type { HandoffDetail, InboxPage } from '#contracts/handoff';
import type { Directory } from '../directory.ts';
import { HandoffNotFound } from '../errors.ts';
import { handoffDetail, type Viewer } from '../handoff-views.ts';
import type { Caller, Handoff } from '../handoff.ts';
import type { Clock, HandoffSessions, QueuePace } from '../ports.ts';
import { maySee } from '../access.ts';
import { cursorBinding, followCursor, issueCursor } from '../page-cursor.ts';
import { liveContent } from '../retention.ts';
import { snapshotOf } from './queue-snapshot.ts';

export const viewerOf = (caller: Caller): Viewer => ({ orgNumber: caller.orgNumber, adviser: caller.adviserId !== null });

export type ReadDeps = { store: HandoffSessions & QueuePace; directory: Directory; clock: Clock };

/** The handoff if the caller may see it (see access.ts); anyone else is told it does not exist. */
export async function visibleHandoff(deps: { store: HandoffSessions; directory: ReadDeps['directory'] }, caller: Caller, id: string): Promise<Handoff> {
  const handoff = await deps.store.get(id);
  if (!handoff || !maySee(handoff, caller, deps.directory)) throw new HandoffNotFound(id);
  return handoff;
}

/** A handoff with the content the caller may see and, while it waits for a human, its place and wait. */
export async function readHandoff(deps: ReadDeps, caller: Caller, id: string): Promise<HandoffDetail> {
  const handoff = await visibleHandoff(deps, caller, id);
  const now = deps.clock.now();
  const [content, snapshot] = await Promise.all([deps.store.getContent(id), snapshotOf(deps, handoff, now)]);
  return handoffDetail(handoff, liveContent(handoff, content, now), deps.directory, viewerOf(caller), snapshot);
}

/** Offers waiting for the caller's agency, with the content it may now see. */
export async function listInbox(deps: ReadDeps, caller: Caller, query: { limit?: number | undefined; cursor?: string | undefined }): Promise<InboxPage> {
  const binding = cursorBinding('inbox', caller);
  const page = await deps.store.inbox(caller.orgNumber, { limit: query.limit ?? 25, cursor: followCursor(binding, query.cursor) });
  const contents = await deps.store.getContents(page.items.map((handoff) => handoff.id));
  return {
    items: page.items.map((handoff) =>
      handoffDetail(handoff, liveContent(handoff, contents.get(handoff.id), deps.clock.now()), deps.directory, viewerOf(caller)),
    ),
    nextCursor: issueCursor(binding, page.nextCursor),
  };
}
