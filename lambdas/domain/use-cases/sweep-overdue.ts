import { deadlineMove } from '../deadlines.ts';
import type { Directory } from '../directory.ts';
import { VersionConflict } from '../errors.ts';
import { changeOf, move, type LifecycleSettings } from '../handoff-lifecycle.ts';
import type { Handoff } from '../handoff.ts';
import type { Clock, HandoffSessions } from '../ports.ts';

export type SweepDeps = { store: HandoffSessions; directory: Directory; clock: Clock; settings: LifecycleSettings };

const batchSize = 100;
const maxBatches = 20;

/**
 * Moves every handoff whose deadline has passed, by the rule book in
 * deadlines.ts, so every handoff reaches a terminal state. A handoff that
 * moved meanwhile is left alone.
 */
export async function sweepOverdue(deps: SweepDeps): Promise<{ moved: number; skipped: number }> {
  let moved = 0;
  let skipped = 0;
  for (let batch = 0; batch < maxBatches; batch += 1) {
    const now = deps.clock.now();
    const due = await deps.store.due(now.toISOString(), batchSize);
    for (const handoff of due) {
      if (await moveOn(deps, handoff, now)) moved += 1;
      else skipped += 1;
    }
    if (due.length < batchSize) break;
  }
  return { moved, skipped };
}

async function moveOn(deps: SweepDeps, handoff: Handoff, now: Date): Promise<boolean> {
  const next = deadlineMove(handoff, { now, directory: deps.directory });
  if (!next) return false;
  try {
    await deps.store.commit(move(changeOf(handoff), next, deps.settings));
    return true;
  } catch (error) {
    if (error instanceof VersionConflict) return false;
    throw error;
  }
}
