import type { DirectoryView } from '#contracts/directory';
import type { Directory } from '../directory.ts';
import { queueState } from '../human-queue.ts';

/**
 * The directory as partners read it at an instant: each queue's availability
 * (open by its hours, public holidays and special days, with an adviser on its
 * roster) and whether a person at the agency can take a conversation now or
 * when next, so a bot decides before it asks the citizen anything.
 */
export function directoryAt(directory: Directory, now: Date): DirectoryView {
  const base = directory.view();
  return {
    ...base,
    agencies: base.agencies.map((agency) => {
      const queues = agency.queues.map((queue) => {
        const state = queueState(directory, { orgNumber: agency.orgNumber, queueId: queue.id }, now);
        // With nobody on its roster a queue never opens, whatever its hours say.
        const nextOpening = state.advisersOnDuty > 0 ? (state.nextOpening?.toISOString() ?? null) : null;
        return { ...queue, availability: { open: state.available, closesAt: state.closesAt?.toISOString() ?? null, nextOpening } };
      });
      const availableNow = queues.some((queue) => queue.availability.open);
      const nextOpenings = queues.flatMap((queue) => (queue.availability.nextOpening ? [queue.availability.nextOpening] : [])).sort();
      return { ...agency, queues, humans: { availableNow, nextOpening: availableNow ? null : (nextOpenings[0] ?? null) } };
    }),
  };
}
