/**
 * The shared topic taxonomy. A topic's scope says who is responsible for it:
 * `national` topics go to the agency that declares them in the directory,
 * `municipal` topics go to the citizen's own municipality.
 */
export const topicTaxonomy = {
  'unemployment-benefit': { scope: 'national', nb: 'Dagpenger', en: 'Unemployment benefit' },
  'sick-pay': { scope: 'national', nb: 'Sykepenger', en: 'Sick pay' },
  'work-assessment-allowance': { scope: 'national', nb: 'Arbeidsavklaringspenger', en: 'Work assessment allowance' },
  'parental-benefit': { scope: 'national', nb: 'Foreldrepenger', en: 'Parental benefit' },
  'child-benefit': { scope: 'national', nb: 'Barnetrygd', en: 'Child benefit' },
  'pension': { scope: 'national', nb: 'Pensjon', en: 'Pension' },
  'job-seeking': { scope: 'national', nb: 'Arbeidssøking', en: 'Looking for work' },
  'social-assistance': { scope: 'national', nb: 'Økonomisk sosialhjelp', en: 'Social assistance' },
  'building-permit': { scope: 'municipal', nb: 'Byggesak', en: 'Building permit' },
  'snow-clearing': { scope: 'municipal', nb: 'Brøyting', en: 'Snow clearing' },
  'kindergarten': { scope: 'municipal', nb: 'Barnehage', en: 'Kindergarten' },
  'waste-collection': { scope: 'municipal', nb: 'Renovasjon', en: 'Waste collection' },
  'property-tax': { scope: 'municipal', nb: 'Eiendomsskatt', en: 'Property tax' },
  'home-care': { scope: 'municipal', nb: 'Hjemmetjenester', en: 'Home care' },
  'mental-health': { scope: 'municipal', nb: 'Psykisk helse', en: 'Mental health' },
} as const satisfies Record<string, { scope: 'national' | 'municipal'; nb: string; en: string }>;

export type TopicCode = keyof typeof topicTaxonomy;
export const topicCodes = Object.keys(topicTaxonomy) as [TopicCode, ...TopicCode[]];
export const topicScope = (topic: TopicCode) => topicTaxonomy[topic].scope;

/** The taxonomy as the directory view lists it (the `TopicEntry` schema in `directory.ts` describes it). */
export const topicEntries = () =>
  topicCodes.map((code) => ({
    code,
    scope: topicTaxonomy[code].scope,
    label: { nb: topicTaxonomy[code].nb, en: topicTaxonomy[code].en },
  }));

/**
 * Monday first, as Luxon's `weekday` (1–7) counts. Kept with the plain
 * constants rather than the directory's schemas, so domain code that needs it
 * does not load them.
 */
export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof weekdays)[number];
