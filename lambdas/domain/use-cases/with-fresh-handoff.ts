import { HandoffNotFound, VersionConflict } from '../errors.ts';
import type { Handoff } from '../handoff.ts';
import type { HandoffSessions } from '../ports.ts';

const attempts = 3;

/**
 * Runs a read-decide-commit step on the latest stored handoff. When another
 * party won the race (VersionConflict), the step runs again on fresh state, so
 * the decision is always made against what is stored, never a stale copy.
 */
export async function withFreshHandoff<T>(store: HandoffSessions, id: string, step: (current: Handoff) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    const current = await store.get(id);
    if (!current) throw new HandoffNotFound(id);
    try {
      return await step(current);
    } catch (error) {
      if (!(error instanceof VersionConflict) || attempt === attempts) throw error;
    }
  }
}
