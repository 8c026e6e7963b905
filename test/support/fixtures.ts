import { DateTime } from 'luxon';
import type { DirectoryConfigInput } from '#contracts/directory';
import type { CreateHandoffRequest } from '#contracts/handoff';

/** Organisation numbers of real public bodies (valid check digits). */
export const org = {
  nav: '889640782',
  oslo: '958935420',
  bergen: '964338531',
  trondheim: '942110464',
  /** Statens vegvesen: in the directory, but party to none of the handoffs in the tests. */
  vegvesen: '971032081',
} as const;

/** A synthetic fødselsnummer (1 January 1990) and D-number with valid check digits. */
export const syntheticNationalId = '01019010046';
export const syntheticDNumber = '41019010110';

const nationalTopics = ['unemployment-benefit', 'sick-pay', 'pension', 'social-assistance', 'job-seeking'] as const;
const municipalTopics = ['building-permit', 'snow-clearing', 'kindergarten', 'mental-health'] as const;

type AgencyInput = DirectoryConfigInput['agencies'][number];

/**
 * Where bots and queues hear from the broker: webhook URLs by `<orgnr>/<botId>` (a bot without one reads
 * its inbox); an event bus ARN in place of a URL puts the bot on its agency's own bus, and one under
 * `<orgnr>/queue/<queueId>` does the same for a human queue; an Open Floor address makes the bot speak OFP.
 */
export type WebhookUrls = Partial<Record<string, string | OpenFloorAddress>>;

/** A bot that speaks Open Floor: where it takes envelopes, and who it is on the floor. */
export type OpenFloorAddress = { serviceUrl: string; speakerUri: string };

/** Open all day, every day, holidays included: the tests never depend on the hour they run at. */
const alwaysOpen = {
  timeZone: 'Europe/Oslo',
  weekly: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((day) => [day, [{ from: '00:00', to: '24:00' }]])),
  publicHolidays: null,
};

/** The local date two days from now in Oslo, and the instant its queue opens (09:00 Oslo time). */
export function laterOpening(now = new Date()) {
  const day = DateTime.fromJSDate(now, { zone: 'Europe/Oslo' }).plus({ days: 2 }).startOf('day');
  return { date: day.toISODate()!, opensAt: day.set({ hour: 9 }).toUTC().toISO({ suppressMilliseconds: false })! };
}

/** Closed except 09:00–15:00 on one day two days from now: the next opening is known whatever the time. */
const closedUntilLater = (now = new Date()) => ({
  timeZone: 'Europe/Oslo',
  weekly: {},
  publicHolidays: 'NO' as const,
  specialDays: [{ date: laterOpening(now).date, hours: [{ from: '09:00', to: '15:00' }] }],
});

export const navCrisisGuidance = {
  message: { nb: 'Ring 113 hvis livet er i fare. NAV følger opp.', en: 'Call 113 if a life is in danger. NAV will follow up.' },
  contacts: [
    { name: 'Medisinsk nødtelefon', phone: '113', hours: '24/7' },
    { name: 'Mental Helse Hjelpetelefonen', phone: '116 123', hours: '24/7' },
  ],
};

const listenerOf = (address: string | OpenFloorAddress | undefined) =>
  address === undefined
    ? {}
    : typeof address === 'object'
      ? { openFloor: address }
      : address.startsWith('arn:')
        ? { eventBusArn: address }
        : { webhookUrl: address };

const bot = (orgNumber: string, id: string, name: string, topics: readonly string[], languages: string[], urls: WebhookUrls) =>
  ({
    id,
    name,
    ...listenerOf(urls[`${orgNumber}/${id}`]),
    topics: [...topics],
    languages,
  }) as AgencyInput['bots'][number];

/** The directory the integration tests run against, with webhooks pointing at recording bots. */
export function testDirectory(urls: WebhookUrls, now = new Date()): DirectoryConfigInput {
  const municipality = (orgNumber: string, name: string, municipalityNumber: string, botId: string): AgencyInput => ({
    orgNumber,
    name,
    kind: 'municipality',
    municipalityNumber,
    responsibleFor: [...municipalTopics],
    contact: { url: `https://example.kommune.no/${municipalityNumber}` },
    bots: [bot(orgNumber, botId, `${name} bot`, municipalTopics, ['nb', 'en'], urls)],
  });
  // Races and fuzz runs send thousands of requests a minute: the limit is tested on its own (trust-between-agencies.test.ts).
  const generous = { rateLimit: { requestsPerMinute: 100_000 } };
  const agencies: AgencyInput[] = [
    {
      orgNumber: org.nav,
      name: 'NAV',
      kind: 'state',
      responsibleFor: [...nationalTopics],
      contact: { url: 'https://www.nav.no/kontaktoss', phone: '55 55 33 33' },
      bots: [
        bot(org.nav, 'frida', 'Frida', nationalTopics, ['nb', 'nn', 'en'], urls),
        bot(org.nav, 'frida-reserve', 'Frida (reserve)', nationalTopics, ['nb'], urls),
      ],
      queues: [
        {
          id: 'work',
          name: 'Arbeid',
          skills: { topics: ['unemployment-benefit', 'job-seeking'], languages: ['nb', 'en', 'ro'] },
          openingHours: alwaysOpen,
          handlingMinutes: 6,
        },
        {
          id: 'social',
          name: 'Sosiale tjenester',
          skills: { topics: ['social-assistance'], languages: ['nb'] },
          openingHours: alwaysOpen,
          handlingMinutes: 10,
        },
        { id: 'pension', name: 'Pensjon', skills: { topics: ['pension'], languages: ['nb', 'en'] }, openingHours: closedUntilLater(now) },
      ],
      advisers: [
        { id: 'nav-ana', name: 'Ana Berg', languages: ['nb', 'en'], queues: ['work', 'social', 'pension'] },
        { id: 'nav-ionut', name: 'Ionuț Popescu', languages: ['ro', 'nb'], queues: ['work'] },
      ],
      crisisGuidance: navCrisisGuidance,
      operators: [{ id: 'nav-ops', name: 'Mari Dahl' }],
    },
    {
      ...municipality(org.oslo, 'Oslo kommune', '0301', 'kommune-kari'),
      queues: [{ id: 'service-desk', name: 'Servicetorget', skills: { topics: [...municipalTopics], languages: ['nb', 'en'] }, openingHours: alwaysOpen }],
      advisers: [{ id: 'oslo-per', name: 'Per Olsen', languages: ['nb'], queues: ['service-desk'] }],
      operators: [{ id: 'oslo-ops', name: 'Jon Berg' }],
    },
    { ...municipality(org.bergen, 'Bergen kommune', '4601', 'kommune-kari'), operators: [{ id: 'bergen-ops', name: 'Ida Lie' }] },
    municipality(org.trondheim, 'Trondheim kommune', '5001', 'tk-assistent'),
    {
      orgNumber: org.vegvesen,
      name: 'Statens vegvesen',
      kind: 'state',
      responsibleFor: [],
      contact: { url: 'https://www.vegvesen.no/' },
      bots: [bot(org.vegvesen, 'vegbot', 'Vegbot', [], ['nb'], urls)],
    },
  ];
  const withQueueBuses = (agency: AgencyInput): AgencyInput => ({
    ...agency,
    queues: (agency.queues ?? []).map((queue) => {
      const busArn = urls[`${agency.orgNumber}/queue/${queue.id}`];
      return typeof busArn === 'string' ? { ...queue, eventBusArn: busArn } : queue;
    }),
  });
  return { agencies: agencies.map((agency) => withQueueBuses({ ...generous, ...agency })) };
}

/** Story 2's request: Frida at NAV hands a building-permit question to the citizen's municipality; nothing personal is shared. */
export function buildingPermitQuestion(municipalityNumber: string): CreateHandoffRequest {
  return {
    origin: { botId: 'frida', conversationId: `frida-${Math.random().toString(36).slice(2)}` },
    target: { kind: 'topic' },
    reason: 'out_of_scope',
    topic: 'building-permit',
    language: 'nb',
    consent: { shareTranscript: false, shareIdentity: false },
    context: {
      summary: { text: 'Wants to build a garage and asks whether it needs a permit.', containsPersonalData: false },
      attributes: { municipalityNumber },
    },
  };
}

/** Story 1's request: Kommune-Kari in Oslo hands an unemployment-benefit question to whoever handles it. */
export function unemploymentQuestion(overrides: Partial<CreateHandoffRequest> = {}): CreateHandoffRequest {
  return {
    origin: { botId: 'kommune-kari', conversationId: `conversation-${Math.random().toString(36).slice(2)}` },
    target: { kind: 'topic' },
    reason: 'out_of_scope',
    topic: 'unemployment-benefit',
    language: 'nb',
    consent: { shareTranscript: true, shareIdentity: false, reference: 'consent-42' },
    context: {
      summary: { text: 'Lost their job last week; asks how to apply for unemployment benefit.', containsPersonalData: false },
      transcript: [
        { from: 'citizen', text: 'Jeg mistet jobben i forrige uke, hvordan søker jeg dagpenger?', at: '2026-11-24T08:00:00Z' },
        { from: 'bot', text: 'Det er NAV som behandler dagpenger. Skal jeg sende deg videre?', at: '2026-11-24T08:00:05Z' },
        { from: 'citizen', text: 'Ja, gjerne.', at: '2026-11-24T08:00:09Z' },
      ],
      attributes: { municipalityNumber: '0301' },
    },
    ...overrides,
  };
}
