import * as z from 'zod';
import { AdviserId, BotId, EventBusArn, LanguageTag, LocalizedText, MunicipalityNumber, OrgNumber, QueueId, SpeakerUri, Timestamp, Topic } from './common.ts';
import { AgencyContact, CrisisGuidance } from './handoff.ts';
import { weekdays } from './topics.ts';

/** Parts of a handoff's context a receiver may decline to be given; the summary always crosses (it is what a handoff is). */
export const ContextPart = /* @__PURE__ */ z.enum(['transcript', 'identity', 'attributes']).meta({ id: 'ContextPart' });
export type ContextPart = z.infer<typeof ContextPart>;

const Accepts = /* @__PURE__ */ z
  .array(ContextPart)
  .default(['transcript', 'identity', 'attributes'])
  .describe(
    'The parts of the context this receiver takes besides the summary: the broker passes only what both the citizen’s consent and the receiver allow, and the origin’s receipt (sharing) says what crossed.',
  );

export const AgencyKind = /* @__PURE__ */ z.enum(['state', 'municipality']).meta({ id: 'AgencyKind' });

/** An address the broker pushes conversations to: https, or plain http to loopback for local runs. */
const httpsOrLoopback = (what: string) =>
  z
    .url({ protocol: /^https?$/ })
    .refine(
      (url) => url.startsWith('https:') || /^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?\//.test(url),
      `${what}: use https (plain http only to loopback, for local runs)`,
    );

export const BotConfig = /* @__PURE__ */ z
  .strictObject({
    id: BotId,
    name: z.string().min(1).max(100),
    webhookUrl: httpsOrLoopback('webhooks carry conversations')
      .optional()
      .describe('Where offers are pushed (Standard Webhooks), over https. A bot with no way to hear polls GET /v1/inbox.'),
    eventBusArn: EventBusArn.optional().describe('Instead of a webhook: the agency’s own EventBridge bus, for deliveries with the content withheld.'),
    openFloor: z
      .strictObject({
        serviceUrl: httpsOrLoopback('Open Floor envelopes carry conversations'),
        speakerUri: SpeakerUri,
      })
      .optional()
      .describe('Instead of a webhook: the bot speaks Open Floor (signed envelopes to serviceUrl; it answers at POST /v1/openfloor as speakerUri).'),
    topics: z.array(Topic).describe('Topics the bot can take over.'),
    languages: z.array(LanguageTag).min(1),
    accepts: Accepts,
  })
  .refine((bot) => [bot.webhookUrl, bot.eventBusArn, bot.openFloor].filter(Boolean).length <= 1, {
    path: ['webhookUrl'],
    message: 'a bot hears in one way: by webhook, on its event bus, or by Open Floor',
  })
  .meta({ id: 'BotConfig' });

const ClockTime = /* @__PURE__ */ z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'HH:MM, 00:00 to 24:00');

export const OpeningInterval = /* @__PURE__ */ z
  .strictObject({ from: ClockTime, to: ClockTime })
  .refine((interval) => interval.from < interval.to, { message: 'from must be before to' })
  .meta({ id: 'OpeningInterval' });

export { weekdays, type Weekday } from './topics.ts';

export const OpeningHours = /* @__PURE__ */ z
  .strictObject({
    timeZone: z.string().default('Europe/Oslo').describe('IANA time zone the hours are given in.'),
    weekly: z.partialRecord(z.enum(weekdays), z.array(OpeningInterval)).describe('Open intervals per weekday; a missing day is closed.'),
    publicHolidays: z.enum(['NO']).nullable().default('NO').describe('Closed on this country’s public holidays (null: open as any other day).'),
    specialDays: z
      .array(z.strictObject({ date: z.iso.date(), hours: z.array(OpeningInterval) }))
      .default([])
      .describe('Dates with other hours than usual (an empty list: closed), e.g. Christmas Eve.'),
  })
  .meta({ id: 'OpeningHours' });
export type OpeningHours = z.infer<typeof OpeningHours>;

export const QueueConfig = /* @__PURE__ */ z
  .strictObject({
    id: QueueId,
    name: z.string().min(1).max(100),
    skills: z.strictObject({ topics: z.array(Topic).min(1), languages: z.array(LanguageTag).min(1) }),
    openingHours: OpeningHours,
    handlingMinutes: z
      .number()
      .positive()
      .default(10)
      .describe('Typical minutes an adviser spends per conversation; estimates the wait until there are recent accepts to go by.'),
    accepts: Accepts,
    eventBusArn: EventBusArn.optional().describe('The agency’s own EventBridge bus, told of every change while a handoff is in this queue.'),
  })
  .meta({ id: 'QueueConfig', description: 'A human queue: who it is for (skills) and when it is staffed.' });
export type QueueConfig = z.infer<typeof QueueConfig>;

export const AdviserConfig = /* @__PURE__ */ z
  .strictObject({
    id: AdviserId,
    name: z.string().min(1).max(100),
    languages: z.array(LanguageTag).min(1),
    queues: z.array(QueueId).min(1).describe('The queues this adviser is on duty for during their opening hours.'),
  })
  .meta({ id: 'AdviserConfig' });
export type AdviserConfig = z.infer<typeof AdviserConfig>;

export const AgencyConfig = /* @__PURE__ */ z
  .strictObject({
    orgNumber: OrgNumber,
    name: z.string().min(1).max(200),
    kind: AgencyKind,
    municipalityNumber: MunicipalityNumber.optional(),
    responsibleFor: z.array(Topic).describe('Topics this agency takes handoffs about.'),
    contact: AgencyContact,
    bots: z.array(BotConfig),
    queues: z.array(QueueConfig).default([]),
    advisers: z.array(AdviserConfig).default([]),
    crisisGuidance: CrisisGuidance.optional().describe('Told to a citizen at risk when no adviser can answer at once.'),
    rateLimit: z
      .strictObject({ requestsPerMinute: z.int().min(1).max(100_000).default(600) })
      .default({ requestsPerMinute: 600 })
      .describe('How many API requests per minute the agency’s systems and staff may make together; more are answered 429 with Retry-After.'),
    delegatedTo: z
      .array(z.strictObject({ orgNumber: OrgNumber, name: z.string().min(1).max(200) }))
      .default([])
      .describe(
        'Suppliers (bot vendors) this agency has delegated API access to in Maskinporten: a token whose `supplier` claim names one of them may act for the agency; any other supplier is refused.',
      ),
    operators: z
      .array(z.strictObject({ id: AdviserId, name: z.string().min(1).max(100) }))
      .default([])
      .describe('Operations staff who may audit this agency’s transfers (ops dashboard, audit API).'),
    officeHours: OpeningHours.default({
      timeZone: 'Europe/Oslo',
      weekly: {
        mon: [{ from: '08:00', to: '16:00' }],
        tue: [{ from: '08:00', to: '16:00' }],
        wed: [{ from: '08:00', to: '16:00' }],
        thu: [{ from: '08:00', to: '16:00' }],
        fri: [{ from: '08:00', to: '16:00' }],
      },
      publicHolidays: 'NO',
      specialDays: [],
    }).describe('What counts as office hours in the insights (transfers outside them are counted).'),
    retention: z
      .strictObject({
        unauthenticatedContentDays: z.number().positive().max(3650).default(2),
        authenticatedContentDays: z.number().positive().max(3650).default(2),
      })
      .default({ unauthenticatedContentDays: 2, authenticatedContentDays: 2 })
      .describe('How long conversation content (context, transcript, messages) is kept; audit metadata has its own, longer period.'),
  })
  .superRefine((agency, ctx) => {
    if (agency.kind === 'municipality' && !agency.municipalityNumber) {
      ctx.addIssue({ code: 'custom', path: ['municipalityNumber'], message: 'a municipality needs its municipality number' });
    }
    const seen = new Set<string>();
    agency.bots.forEach((bot, index) => {
      if (seen.has(bot.id)) ctx.addIssue({ code: 'custom', path: ['bots', index, 'id'], message: `duplicate bot id ${bot.id}` });
      seen.add(bot.id);
    });
    const queueIds = new Set<string>();
    agency.queues.forEach((queue, index) => {
      if (queueIds.has(queue.id)) ctx.addIssue({ code: 'custom', path: ['queues', index, 'id'], message: `duplicate queue id ${queue.id}` });
      queueIds.add(queue.id);
    });
    const adviserIds = new Set<string>();
    agency.advisers.forEach((adviser, index) => {
      if (adviserIds.has(adviser.id)) ctx.addIssue({ code: 'custom', path: ['advisers', index, 'id'], message: `duplicate adviser id ${adviser.id}` });
      adviserIds.add(adviser.id);
      adviser.queues.forEach((queueId, position) => {
        if (!queueIds.has(queueId))
          ctx.addIssue({ code: 'custom', path: ['advisers', index, 'queues', position], message: `no queue ${queueId} at this agency` });
      });
    });
  })
  .meta({ id: 'AgencyConfig' });

/** The directory file: which agencies take part, their bots and what they handle. */
export const DirectoryConfig = /* @__PURE__ */ z
  .strictObject({
    $schema: z.string().optional(),
    agencies: z.array(AgencyConfig).min(1),
  })
  .superRefine((directory, ctx) => {
    const orgNumbers = new Set<string>();
    const municipalities = new Set<string>();
    // An Open Floor sender is known by its speaker URI: two bots may not share one.
    const speakers = new Set<string>();
    directory.agencies.forEach((agency, index) => {
      agency.bots.forEach((bot, botIndex) => {
        if (!bot.openFloor) return;
        if (speakers.has(bot.openFloor.speakerUri))
          ctx.addIssue({
            code: 'custom',
            path: ['agencies', index, 'bots', botIndex, 'openFloor', 'speakerUri'],
            message: `two bots claim the speaker URI ${bot.openFloor.speakerUri}`,
          });
        speakers.add(bot.openFloor.speakerUri);
      });
    });
    directory.agencies.forEach((agency, index) => {
      if (orgNumbers.has(agency.orgNumber)) {
        ctx.addIssue({ code: 'custom', path: ['agencies', index, 'orgNumber'], message: `duplicate organisation number ${agency.orgNumber}` });
      }
      orgNumbers.add(agency.orgNumber);
      if (agency.municipalityNumber) {
        if (municipalities.has(agency.municipalityNumber)) {
          ctx.addIssue({
            code: 'custom',
            path: ['agencies', index, 'municipalityNumber'],
            message: `two agencies claim municipality ${agency.municipalityNumber}`,
          });
        }
        municipalities.add(agency.municipalityNumber);
      }
    });
  })
  .meta({
    id: 'DirectoryConfig',
    description:
      // biome-ignore lint/suspicious/noTemplateCurlyInString: `${NAME}` is the directory file's placeholder syntax, described here.
      'The directory file. `${NAME}` anywhere in it is replaced by the environment variable NAME before it is read (a missing one is an error); this schema describes the file after that. Fields with a default may be left out.',
  });
export type DirectoryConfig = z.infer<typeof DirectoryConfig>;
/** A directory as written in a file, before defaults are filled in. */
export type DirectoryConfigInput = z.input<typeof DirectoryConfig>;
export type AgencyConfig = z.infer<typeof AgencyConfig>;
export type BotConfig = z.infer<typeof BotConfig>;

export const TopicEntry = /* @__PURE__ */ z
  .strictObject({ code: Topic, scope: z.enum(['national', 'municipal']), label: LocalizedText })
  .meta({ id: 'TopicEntry' });

/** Whether a queue is staffed at the moment of an answer, by its opening hours, public holidays and special days. */
export const QueueAvailability = /* @__PURE__ */ z
  .strictObject({
    open: z.boolean().describe('Open by its hours (public holidays and special days included) and with an adviser on its roster.'),
    closesAt: Timestamp.nullable().describe('While open: when it closes, as far as the next 60 days of its hours tell.'),
    nextOpening: Timestamp.nullable().describe('While closed: when it opens next; null when no opening is ahead in the hours known.'),
  })
  .meta({ id: 'QueueAvailability' });

/** What partners may read of the directory: no webhook addresses. */
export const DirectoryView = /* @__PURE__ */ z
  .strictObject({
    topics: z.array(TopicEntry),
    agencies: z.array(
      z.strictObject({
        orgNumber: OrgNumber,
        name: z.string(),
        kind: AgencyKind,
        municipalityNumber: MunicipalityNumber.optional(),
        responsibleFor: z.array(Topic),
        contact: AgencyContact,
        bots: z.array(
          z.strictObject({
            id: BotId,
            name: z.string(),
            topics: z.array(Topic),
            languages: z.array(LanguageTag),
            delivery: z
              .enum(['webhook', 'eventBus', 'openFloor', 'inbox'])
              .describe('How the bot hears of offers: signed webhooks, its agency’s own event bus, Open Floor envelopes, or its inbox.'),
          }),
        ),
        queues: z.array(
          z.strictObject({
            id: QueueId,
            name: z.string(),
            topics: z.array(Topic),
            languages: z.array(LanguageTag).describe('Languages the queue is staffed for.'),
            openingHours: OpeningHours,
            availability: QueueAvailability,
          }),
        ),
        humans: z
          .strictObject({
            availableNow: z.boolean().describe('Whether any of the agency’s queues is staffed now.'),
            nextOpening: Timestamp.nullable().describe(
              'When the first of its queues opens next, while none is open; null when one is open or none opens in the hours known.',
            ),
          })
          .describe('Whether a person at the agency can take a conversation, as of the answer: decide before asking the citizen.'),
      }),
    ),
  })
  .meta({ id: 'Directory' });
export type DirectoryView = z.infer<typeof DirectoryView>;

export { topicEntries } from './topics.ts';
