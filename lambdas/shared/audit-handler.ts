import { systemClock } from '#domain/ports';
import { directory, insightCounters, sessions, transferRecords } from './dependencies.ts';
import { once } from './once.ts';

/** What every audit route reads with. */
export const auditDeps = /* @__PURE__ */ once(() => ({
  store: { ...sessions(), ...transferRecords(), ...insightCounters() },
  directory: directory(),
  clock: systemClock,
}));
