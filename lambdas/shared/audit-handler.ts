import { systemClock } from '#domain/ports';
import { directory, handoffStore } from './dependencies.ts';
import { once } from './once.ts';

/** What every audit route reads with. */
export const auditDeps = once(() => ({ store: handoffStore(), directory: directory(), clock: systemClock }));
