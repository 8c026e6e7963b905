import { VersionConflict } from '../errors.ts';
import { changeOf, move, onDeadline, type LifecycleSettings } from '../handoff-lifecycle.ts';
import { brokerActor, type Handoff } from '../handoff.ts';
import type { Clock, HandoffStore } from '../ports.ts';

export type SweepDeps = { store: HandoffStore; clock: Clock; settings: LifecycleSettings };

const batchSize = 100;
const maxBatches = 20;

/**
 * Moves every handoff whose deadline has passed, by the lifecycle's rule book:
 * unanswered offers expire (the router then reroutes or falls back), handoffs
 * stuck after a decline or expiry fall back, idle accepted conversations are
 * closed. A handoff that moved meanwhile is left alone.
 */
export async function sweepOverdue(deps: SweepDeps): Promise<{ moved: number; skipped: number }> {
  let moved = 0;
  let skipped = 0;
  for (let batch = 0; batch < maxBatches; batch += 1) {
    const now = deps.clock.now().toISOString();
    const due = await deps.store.due(now, batchSize);
    for (const handoff of due) {
      if (await moveOn(deps, handoff, now)) moved += 1;
      else skipped += 1;
    }
    if (due.length < batchSize) break;
  }
  return { moved, skipped };
}

async function moveOn(deps: SweepDeps, handoff: Handoff, at: string): Promise<boolean> {
  const rule = onDeadline[handoff.status];
  if (!rule) return false;
  const statusReason = rule.statusReason === 'keep' ? handoff.statusReason : rule.statusReason;
  const set = rule.to === 'fallback' ? { assignee: null } : {};
  try {
    await deps.store.commit(move(changeOf(handoff), { to: rule.to, actor: brokerActor, at, statusReason, set }, deps.settings));
    return true;
  } catch (error) {
    if (error instanceof VersionConflict) return false;
    throw error;
  }
}
