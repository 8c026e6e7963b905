import type { CrisisGuidance } from '#contracts/handoff';
import type { Directory } from './directory.ts';
import type { Handoff } from './handoff.ts';

/**
 * What every citizen at risk is told when no agency has configured its own
 * guidance: the emergency number and a helpline open day and night. A
 * handoff about risk never goes without it.
 */
export const nationalCrisisGuidance: CrisisGuidance = {
  message: {
    nb: 'Er du i fare nå, ring 113. Trenger du noen å snakke med, kan du ringe Mental Helse Hjelpetelefonen på 116 123. Den er åpen hele døgnet.',
    en: 'If you are in danger now, call 113. If you need someone to talk to, call the Mental Health helpline on 116 123, open day and night.',
  },
  contacts: [
    { name: 'Medisinsk nødtelefon', phone: '113', hours: '24/7' },
    { name: 'Mental Helse Hjelpetelefonen', phone: '116 123', url: 'https://mentalhelse.no/hjelpetelefonen', hours: '24/7' },
  ],
};

/** The crisis guidance for a handoff about risk: the receiving agency's, else the origin's, else the national one. */
export function crisisGuidanceFor(
  handoff: Pick<Handoff, 'reason' | 'assignee' | 'candidates'> & { origin: Pick<Handoff['origin'], 'orgNumber'> },
  directory: Directory,
): CrisisGuidance | null {
  if (handoff.reason !== 'risk') return null;
  const receiving = handoff.assignee ?? handoff.candidates[0];
  return (
    (receiving && directory.agency(receiving.orgNumber)?.crisisGuidance) ?? directory.agency(handoff.origin.orgNumber)?.crisisGuidance ?? nationalCrisisGuidance
  );
}
