import type { Directory } from '../directory.ts';
import type { TransitionRecord } from '../handoff.ts';
import { handoffInsightIncrements } from '../insights.ts';
import type { InsightCounters, ProjectionSource, TransferRecords } from '../ports.ts';
import { transferSummaries } from '../transfer-summary.ts';

export type ProjectTransitionDeps = { store: ProjectionSource & TransferRecords & InsightCounters; directory: Directory };

/**
 * The audit projection, fed by every transition through the table's stream:
 * each agency's record of the transfer (recomputed from state and timeline, so
 * any order of events ends the same) and its insight counters.
 *
 * Only the event of the latest stored transition writes: an earlier event finds
 * the handoff moved on, and the later event, which the stream delivers too,
 * writes the same records from the newer state. It counts in the insights
 * every transition not yet counted, in one transaction that also moves the
 * handoff's mark: the transitions a batch of the stream holds cost one
 * transaction together, not one each (docs/architecture.md, "The cost of a handoff").
 */
export async function projectTransition(deps: ProjectTransitionDeps, entry: TransitionRecord): Promise<'projected' | 'replayed' | 'gone' | 'superseded'> {
  // State, timeline and the insights' mark in one read (one query of the handoff's partition).
  const inputs = await deps.store.projectionInputs(entry.handoffId);
  if (!inputs) return 'gone';
  const { handoff, countedThrough: after } = inputs;
  if (handoff.seq !== entry.seq) return 'superseded';
  // The timeline as of the state read: a transition stored since is counted by its own record, which follows.
  const timeline = inputs.timeline.filter((transition) => transition.seq <= handoff.seq);
  await deps.store.putTransferSummaries(handoff.version, transferSummaries(handoff, timeline, deps.directory));
  const uncounted = timeline.filter((transition) => transition.seq > after);
  if (!uncounted.length) return 'replayed';
  const increments = handoffInsightIncrements(uncounted, handoff.createdAt, deps.directory);
  // Transitions that count nothing (an offer sent) move no mark: the next count takes them along, still adding nothing.
  if (!increments.length) return 'projected';
  // Refused only when another delivery of the same events counted them first.
  return (await deps.store.applyInsights(handoff.id, { after, through: handoff.seq }, increments)) ? 'projected' : 'replayed';
}
