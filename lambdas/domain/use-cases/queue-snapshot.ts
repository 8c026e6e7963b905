import type { Directory } from '../directory.ts';
import type { Handoff } from '../handoff.ts';
import { queueSnapshot, queueState, waitsInLine, type QueueSnapshot } from '../human-queue.ts';
import type { HandoffSessions, QueuePace } from '../ports.ts';

/**
 * The queue snapshot of a handoff that waits for a human (or would): reads who
 * waits and the queue's recent accepts only while it has a place in the line.
 * Undefined for a handoff that is not about a queue.
 */
export async function snapshotOf(
  deps: { store: HandoffSessions & QueuePace; directory: Directory },
  handoff: Pick<Handoff, 'id' | 'priority' | 'waitingSince' | 'status' | 'assignee' | 'candidates'>,
  now: Date,
): Promise<QueueSnapshot | undefined> {
  const queue = handoff.assignee ?? handoff.candidates[0];
  if (queue?.kind !== 'queue' || !deps.directory.queue(queue)) return undefined;
  const state = queueState(deps.directory, queue, now);
  if (!waitsInLine(handoff)) return { state, position: null, estimate: null };
  const [{ waiting }, recentAccepts] = await Promise.all([deps.store.queueEntries(queue), deps.store.recentAccepts(queue)]);
  return queueSnapshot({ handoff, state, waiting, recentAccepts, now });
}
