import type { QueuePace } from '../ports.ts';
import type { TransitionRecord } from '../handoff.ts';

/**
 * Projection of the bus's accepted events onto a queue's pace: each accept
 * from a human queue is recorded, and the wait estimate reads the recent ones.
 */
export async function recordQueueAccept(store: QueuePace, transition: TransitionRecord): Promise<'recorded' | 'not-a-queue'> {
  if (transition.to !== 'accepted' || transition.assignee?.kind !== 'queue') return 'not-a-queue';
  await store.recordAccept(transition.assignee, transition.at, transition.handoffId);
  return 'recorded';
}
