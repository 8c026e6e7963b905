import { systemClock } from '#domain/ports';
import { projectTransition } from '#domain/use-cases/audit';
import { busEventHandler } from '#shared/bus-event-handler';
import { directory, insightCounters, sessions, transferRecords } from '#shared/dependencies';
import { logger } from '#shared/logger';

const deps = { store: { ...sessions(), ...transferRecords(), ...insightCounters() }, directory: directory(), clock: systemClock };

/** Keeps each agency's transfer records and insight counters, from every transition on the bus. */
export const handler = busEventHandler({
  handoffTransitioned: async (entry) => {
    const outcome = await projectTransition(deps, entry);
    logger.info('audit projected', { handoffId: entry.handoffId, seq: entry.seq, outcome });
    return outcome;
  },
});
