import { VersionConflict } from '../errors.ts';
import type { Change } from '../handoff-lifecycle.ts';
import type { HandoffSessions } from '../ports.ts';

/**
 * Commits a move the broker decided on its own (an offer, a decline for an
 * undeliverable bot, a reroute): true when it is recorded, false when another
 * party moved the handoff first (the broker's decision is moot). A conflict
 * that moved nothing (a concurrent transaction that then failed, or
 * throttling) is thrown again, so the bus delivers the event again instead of
 * dropping the move.
 */
export async function commitUnlessMoved(
  store: Pick<HandoffSessions, 'commit' | 'get'>,
  change: Change,
  options?: Parameters<HandoffSessions['commit']>[1],
): Promise<boolean> {
  try {
    await store.commit(change, options);
    return true;
  } catch (error) {
    if (!(error instanceof VersionConflict)) throw error;
    const current = await store.get(change.handoff.id);
    if (current && current.version === change.expectedVersion) throw error;
    return false;
  }
}
