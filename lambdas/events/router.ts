import { systemClock } from '#domain/ports';
import { rerouteHandoff } from '#domain/use-cases/reroute-handoff';
import { busEventHandler } from '#shared/bus-event-handler';
import { directory, lifecycleSettings, sessions } from '#shared/dependencies';
import { logger } from '#shared/logger';

const deps = { store: sessions(), directory: directory(), clock: systemClock, settings: lifecycleSettings() };

/** On a decline or an expired offer: the next candidate, or fallback to the origin. */
export const handler = busEventHandler({
  handoffTransitioned: async (transition) => {
    const outcome = await rerouteHandoff(deps, transition);
    logger.info('router decided', { handoffId: transition.handoffId, after: transition.to, outcome });
    return outcome;
  },
});
