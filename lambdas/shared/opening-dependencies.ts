import { randomUUID } from 'node:crypto';
import { systemClock } from '#domain/ports';
import type { OpenHandoffDeps } from '#domain/use-cases/open-handoff';
import { directory, lifecycleSettings, queuePace, sessions } from './dependencies.ts';
import { once } from './once.ts';
import { pseudonymizer } from './secret-dependencies.ts';

/**
 * What opening a handoff needs (routing, the queue's pace, the audit pseudonym): the create and preview
 * routes and the Open Floor bridge's invite. A module of its own, so only they load the secrets' client.
 */
export const openingDependencies = /* @__PURE__ */ once(
  (): OpenHandoffDeps => ({
    store: { ...sessions(), ...queuePace() },
    directory: directory(),
    clock: systemClock,
    newId: randomUUID,
    settings: lifecycleSettings(),
    pseudonymize: pseudonymizer(),
  }),
);
