import * as z from 'zod';
import { findNationalIds } from './identifiers.ts';
import {
  AdviserId,
  BotId,
  DataCategory,
  HandoffId,
  LanguageTag,
  LocalizedText,
  MunicipalityNumber,
  NationalId,
  OrgNumber,
  QueueId,
  Timestamp,
  Topic,
} from './common.ts';

/** Every state a handoff can be in (docs/architecture.md). The legal moves between them live in the domain. */
export const handoffStatuses = [
  'requested',
  'routed',
  'offered',
  'accepted',
  'declined',
  'expired',
  'queued',
  'callback_scheduled',
  'completed',
  'cancelled',
  'returned',
  'fallback',
] as const;
export const HandoffStatus = /* @__PURE__ */ z.enum(handoffStatuses).meta({ id: 'HandoffStatus' });
export type HandoffStatus = z.infer<typeof HandoffStatus>;

export const Priority = /* @__PURE__ */ z
  .enum(['urgent', 'normal'])
  .meta({ id: 'Priority', description: 'Urgent (a risk to life or health) goes to the front of a human queue.' });
export type Priority = z.infer<typeof Priority>;

export const HandoffFlag = /* @__PURE__ */ z.enum(['follow_up', 'interpreter_needed']).meta({
  id: 'HandoffFlag',
  description: 'follow_up: an urgent handoff waits for the next opening; interpreter_needed: nobody in the queue speaks the language.',
});
export type HandoffFlag = z.infer<typeof HandoffFlag>;

export const HandoffReason = /* @__PURE__ */ z.enum(['out_of_scope', 'citizen_asked_for_human', 'complex_case', 'risk', 'language']).meta({
  id: 'HandoffReason',
  description:
    'Why the origin hands the conversation over: the question belongs elsewhere, the citizen asked for a human, the case is complex, there is a risk to life or health, or the bot does not speak the language.',
});
export type HandoffReason = z.infer<typeof HandoffReason>;

export const Target = /* @__PURE__ */ z
  .discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('topic') }).meta({ description: 'Whoever is responsible for the topic.' }),
    z.strictObject({ kind: z.literal('agency'), orgNumber: OrgNumber }),
    z.strictObject({ kind: z.literal('bot'), orgNumber: OrgNumber, botId: BotId }),
    z.strictObject({ kind: z.literal('human'), orgNumber: OrgNumber.optional() }).meta({
      description:
        'A human adviser: the queue whose skills match topic and language, at the named agency; without one, at the origin’s own agency when it handles the topic itself, else at the agency responsible for the topic.',
    }),
    z.strictObject({ kind: z.literal('queue'), orgNumber: OrgNumber, queueId: QueueId }),
  ])
  .meta({
    id: 'Target',
    description:
      'Where the conversation should go: a named bot, an agency (its best bot for the topic and language), whoever handles the topic (municipal topics go to the municipality in context.attributes.municipalityNumber), a human adviser, or a named human queue.',
  });
export type Target = z.infer<typeof Target>;

/**
 * A partner's own identifier (a consent record, a conversation): it is written
 * to audit records, exports and bus events, so it is an identifier and not
 * prose: visible ASCII without spaces, and never an identity number in any spelling.
 */
const ReferenceText = /* @__PURE__ */ z
  .string()
  .min(1)
  .max(200)
  .regex(/^[\x21-\x7e]+$/, 'an identifier: visible ASCII characters, no spaces or line breaks')
  .refine((text) => findNationalIds(text).length === 0, 'must not contain a national identity number (it would reach the audit log)');

export const Consent = /* @__PURE__ */ z
  .strictObject({
    shareTranscript: z.boolean().describe('The citizen agreed that the conversation so far may be shared with the receiving agency.'),
    shareIdentity: z.boolean().describe('The citizen agreed that their national identity number may be shared.'),
    reference: ReferenceText.optional().describe("The origin's own reference to the consent record (it is written to the audit log)."),
  })
  .meta({ id: 'Consent' });
export type Consent = z.infer<typeof Consent>;

export const Summary = /* @__PURE__ */ z
  .strictObject({
    text: z.string().trim().min(1).max(2000),
    containsPersonalData: z.boolean().describe('False only when the origin has checked that the text names nobody and holds no personal data.'),
  })
  .meta({ id: 'Summary' });
export type Summary = z.infer<typeof Summary>;

export const TranscriptMessage = /* @__PURE__ */ z
  .strictObject({
    from: z.enum(['citizen', 'bot', 'adviser']),
    text: z.string().min(1).max(4000),
    at: Timestamp,
  })
  .meta({ id: 'TranscriptMessage' });

export const ContextAttributes = /* @__PURE__ */ z
  .strictObject({
    municipalityNumber: MunicipalityNumber.optional().describe("The citizen's municipality; routes municipal topics."),
  })
  .meta({ id: 'ContextAttributes' });

/** What one handoff's content may weigh: well inside DynamoDB's 400 KB item, so a valid request can always be stored. */
export const maxContextBytes = 300_000;

export const HandoffContext = /* @__PURE__ */ z
  .strictObject({
    summary: Summary,
    transcript: z.array(TranscriptMessage).max(500).optional(),
    attributes: ContextAttributes.optional(),
  })
  .superRefine((context, ctx) => {
    const bytes = new TextEncoder().encode(JSON.stringify(context)).length;
    if (bytes > maxContextBytes) {
      ctx.addIssue({
        code: 'custom',
        path: ['transcript'],
        message: `the context is ${bytes} bytes; at most ${maxContextBytes} are accepted (send the latest part of the transcript)`,
      });
    }
  })
  .meta({ id: 'HandoffContext', description: `Summary, transcript and attributes; at most ${maxContextBytes} bytes as JSON.` });
export type HandoffContext = z.infer<typeof HandoffContext>;

export const ContactChannel = /* @__PURE__ */ z.enum(['phone', 'sms', 'email']).meta({ id: 'ContactChannel' });
export type ContactChannel = z.infer<typeof ContactChannel>;

export const CitizenContact = /* @__PURE__ */ z
  .strictObject({
    channel: ContactChannel,
    phone: z
      .string()
      .regex(/^\+?[0-9 ]{8,16}$/, 'a phone number: digits, spaces and an optional leading +')
      .refine((phone) => findNationalIds(phone).length === 0, 'this is a national identity number, not a phone number')
      .optional(),
    email: z.email().optional(),
  })
  .refine((contact) => (contact.channel === 'email' ? !!contact.email : !!contact.phone), {
    message: 'give the phone number or e-mail address for the chosen channel',
  })
  .meta({ id: 'CitizenContact', description: 'How an adviser may call the citizen back; used for callbacks only.' });

export const Citizen = /* @__PURE__ */ z
  .strictObject({ nationalId: NationalId.optional(), contact: CitizenContact.optional() })
  .meta({ id: 'Citizen', description: 'Who the citizen is (shared only under identity consent) and how to call them back.' });
export type Citizen = z.infer<typeof Citizen>;

export const CreateHandoffRequest = /* @__PURE__ */ z
  .strictObject({
    origin: z.strictObject({
      botId: BotId.describe("The handing-over bot, one of the caller agency's bots in the directory."),
      conversationId: ReferenceText.describe("The origin's own id of the conversation."),
    }),
    target: Target,
    reason: HandoffReason,
    topic: Topic,
    language: LanguageTag.describe("The citizen's language."),
    consent: Consent,
    context: HandoffContext,
    citizen: Citizen.optional(),
    preference: z
      .enum(['wait', 'callback'])
      .optional()
      .describe('For a human target: the citizen prefers to wait in the queue (default) or to be called back (needs citizen.contact).'),
  })
  .meta({
    id: 'CreateHandoffRequest',
    description:
      'Without consent.shareTranscript, only a summary marked free of personal data may be sent and no transcript; without consent.shareIdentity, no citizen.nationalId (the broker refuses (422) rather than hold data it may not pass on), and any identity number written in the summary or the transcript is replaced by "[fnr]" (the answer\'s sharing.identityNumbersRemoved counts them).',
  });
export type CreateHandoffRequest = z.infer<typeof CreateHandoffRequest>;

export const DeclineReason = /* @__PURE__ */ z.enum(['out_of_scope', 'no_capacity', 'language_not_supported', 'other']).meta({ id: 'DeclineReason' });
export const CancelReason = /* @__PURE__ */ z.enum(['citizen_left', 'resolved_by_origin', 'other']).meta({ id: 'CancelReason' });
export const Resolution = /* @__PURE__ */ z.enum(['resolved', 'referred', 'unresolved']).meta({ id: 'Resolution' });

/**
 * Why a handoff is in its current state, when a reason applies: the party's
 * own reason code, or the broker's when the broker moved it.
 */
export const StatusReason = /* @__PURE__ */ z
  .enum([
    ...DeclineReason.options,
    ...CancelReason.options,
    ...Resolution.options,
    'undeliverable',
    'offer_expired',
    'no_other_candidate',
    'rerouted',
    'inactivity',
    'queue_closed',
    'callback_requested',
    'callback_due',
  ])
  .meta({ id: 'StatusReason' });
export type StatusReason = z.infer<typeof StatusReason>;

export const AcceptRequest = /* @__PURE__ */ z.strictObject({}).meta({ id: 'AcceptRequest' });
export const DeclineRequest = /* @__PURE__ */ z.strictObject({ reason: DeclineReason }).meta({ id: 'DeclineRequest' });
export const CompleteRequest = /* @__PURE__ */ z.strictObject({ resolution: Resolution }).meta({ id: 'CompleteRequest' });
export const CancelRequest = /* @__PURE__ */ z.strictObject({ reason: CancelReason }).meta({ id: 'CancelRequest' });
export const ReturnRequest = /* @__PURE__ */ z
  .strictObject({ summary: Summary.describe('What the receiving side did, for the origin to carry on.') })
  .meta({ id: 'ReturnRequest' });

export const AgencyContact = /* @__PURE__ */ z
  .strictObject({ url: z.url(), phone: z.string().min(3).max(30).optional() })
  .meta({ id: 'AgencyContact', description: 'Where a citizen can reach the agency directly.' });

export const Assignee = /* @__PURE__ */ z
  .discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('bot'),
      orgNumber: OrgNumber,
      agencyName: z.string(),
      botId: BotId,
      botName: z.string(),
    }),
    z.strictObject({
      kind: z.literal('queue'),
      orgNumber: OrgNumber,
      agencyName: z.string(),
      queueId: QueueId,
      queueName: z.string(),
      adviserId: AdviserId.nullable().describe('The adviser who accepted, once one has.'),
      adviserName: z.string().nullable(),
    }),
  ])
  .meta({ id: 'Assignee', description: 'Who has been offered, or has taken, the conversation: a bot, or a human queue and its adviser.' });
export type Assignee = z.infer<typeof Assignee>;

export const CrisisContact = /* @__PURE__ */ z
  .strictObject({ name: z.string(), phone: z.string(), url: z.url().optional(), hours: z.string().describe('e.g. "24/7"') })
  .meta({ id: 'CrisisContact' });

export const CrisisGuidance = /* @__PURE__ */ z
  .strictObject({ message: LocalizedText, contacts: z.array(CrisisContact).min(1) })
  .meta({ id: 'CrisisGuidance', description: 'What to tell a citizen at risk when no adviser can answer at once, configured per agency.' });
export type CrisisGuidance = z.infer<typeof CrisisGuidance>;

export const CitizenOption = /* @__PURE__ */ z.enum(['wait', 'stay_with_bot', 'callback']).meta({ id: 'CitizenOption' });

export const CitizenGuidance = /* @__PURE__ */ z
  .strictObject({
    handledBy: z.strictObject({ kind: z.enum(['bot', 'human', 'origin']), agencyName: z.string(), name: z.string() }).nullable(),
    humanAvailableNow: z.boolean(),
    estimatedWaitSeconds: z.int().min(0).nullable(),
    nextOpening: Timestamp.nullable().describe('When the human queue opens next, if it is closed now.'),
    interpreterNeeded: z.boolean().describe('No adviser in the queue speaks the citizen’s language.'),
    options: z.array(CitizenOption),
    contact: AgencyContact.nullable(),
    crisis: CrisisGuidance.nullable().describe('Set for a handoff about a risk to life or health.'),
    message: LocalizedText,
  })
  .meta({
    id: 'CitizenGuidance',
    description: 'What the origin should tell the citizen now: who takes over, whether a human is available, the wait, and the options.',
  });
export type CitizenGuidance = z.infer<typeof CitizenGuidance>;

export const PlatformStates = /* @__PURE__ */ z
  .strictObject({
    chatPlatform: z
      .enum(['virtual_agent', 'in_human_chat_queue', 'assigned_to_human'])
      .describe(
        'Where the conversation is, as chat platforms used in Nordic public services name it: with a bot (virtual_agent), waiting for an adviser (in_human_chat_queue), or with one (assigned_to_human).',
      ),
    botFramework: z
      .strictObject({
        activity: z.enum(['handoff.initiate', 'handoff.status']),
        state: z.enum(['accepted', 'failed', 'completed']).nullable(),
      })
      .describe(
        'The Microsoft Bot Framework handoff activity this state corresponds to: handoff.initiate while the handoff is on its way (state null), then handoff.status with accepted, failed (cancelled, or nobody could take it) or completed (completed, or returned to the origin).',
      ),
  })
  .meta({
    id: 'PlatformStates',
    description: 'The handoff status in the words of the chat platforms partners already use, so their integration code needs no new state machine.',
  });
export type PlatformStates = z.infer<typeof PlatformStates>;

export const HandoffView = /* @__PURE__ */ z
  .strictObject({
    id: HandoffId,
    status: HandoffStatus,
    statusReason: StatusReason.nullable(),
    version: z.int().min(1).describe('Increases with every state change.'),
    createdAt: Timestamp,
    updatedAt: Timestamp,
    origin: z.strictObject({ orgNumber: OrgNumber, agencyName: z.string(), botId: BotId, conversationId: z.string() }),
    target: Target,
    assignee: Assignee.nullable(),
    reason: HandoffReason,
    topic: Topic,
    language: LanguageTag,
    consent: Consent,
    respondBy: Timestamp.nullable().describe('When the current offer times out, if one is open.'),
    priority: Priority,
    flags: z.array(HandoffFlag),
    queue: z
      .strictObject({
        position: z.int().min(1).nullable().describe('1 is next; null when not waiting in the queue.'),
        estimatedWaitSeconds: z.int().min(0).nullable(),
        estimateBasis: z.enum(['recent_accepts', 'handling_time']).nullable(),
      })
      .nullable(),
    callback: z.strictObject({ at: Timestamp, channel: ContactChannel.nullable() }).nullable().describe('A scheduled callback or follow-up.'),
    sharing: z
      .strictObject({
        categories: z.array(DataCategory).describe('What the current assignee receives; empty while nobody has it.'),
        identityNumbersRemoved: z
          .int()
          .min(0)
          .describe('Identity numbers taken out of the summary and transcript because the citizen did not consent to share their identity.'),
      })
      .describe('The receipt of what crossed to the assignee.'),
    citizenGuidance: CitizenGuidance,
    platformStates: PlatformStates,
  })
  .meta({ id: 'Handoff', description: 'A handoff without its conversation content.' });
export type HandoffView = z.infer<typeof HandoffView>;

export const HandoffDetail = /* @__PURE__ */ HandoffView.extend({
  context: HandoffContext.nullable().describe('null once the content has expired, or when the caller may not see it.'),
  citizen: Citizen.optional(),
  returnSummary: Summary.optional(),
}).meta({
  id: 'HandoffDetail',
  description: 'A handoff with the content the caller may see. Content is kept for a limited time, then expires.',
});
export type HandoffDetail = z.infer<typeof HandoffDetail>;

export const HandoffIdParams = /* @__PURE__ */ z.strictObject({ id: HandoffId });

export const InboxQuery = /* @__PURE__ */ z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).optional(),
  cursor: z.string().min(1).max(500).optional(),
});

export const InboxPage = /* @__PURE__ */ z
  .strictObject({ items: z.array(HandoffDetail), nextCursor: z.string().nullable() })
  .meta({ id: 'InboxPage', description: "Offers waiting for the caller's agency, oldest first." });
export type InboxPage = z.infer<typeof InboxPage>;

export const HandoffPreview = /* @__PURE__ */ z
  .strictObject({
    wouldBe: HandoffStatus.describe('The status the handoff would get if created now.'),
    assignee: Assignee,
    priority: Priority,
    queue: HandoffView.shape.queue,
    callback: HandoffView.shape.callback,
    citizenGuidance: CitizenGuidance,
  })
  .meta({ id: 'HandoffPreview', description: 'Who would take the conversation and what to tell the citizen; nothing is created.' });
export type HandoffPreview = z.infer<typeof HandoffPreview>;

export const MessageAuthor = /* @__PURE__ */ z.enum(['citizen', 'bot', 'adviser']).meta({ id: 'MessageAuthor' });

export const PostMessageRequest = /* @__PURE__ */ z
  .strictObject({
    text: z.string().trim().min(1).max(4000),
    from: z.enum(['citizen', 'bot']).optional().describe('For partner bots: relaying the citizen (default) or speaking as the bot.'),
  })
  .meta({ id: 'PostMessageRequest' });

export const Message = /* @__PURE__ */ z
  .strictObject({
    id: z.string().describe('Sortable; pass the last one you have as `after`.'),
    handoffId: HandoffId,
    from: MessageAuthor,
    orgNumber: OrgNumber.describe('The agency whose side posted it.'),
    adviserName: z.string().nullable(),
    text: z.string(),
    at: Timestamp,
  })
  .meta({ id: 'Message', description: 'A message relayed between the citizen (through the origin bot) and the adviser or bot that took over.' });
export type Message = z.infer<typeof Message>;

export const MessagesQuery = /* @__PURE__ */ z.strictObject({
  after: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z~[0-9a-f]{8}$/, 'a message id from this list')
    .optional()
    .describe('The id of the last message you have.'),
  limit: z.coerce.number().int().min(1).max(200).optional().describe('At most this many messages (default 100); ask again after the last one for more.'),
});

export const MessagePage = /* @__PURE__ */ z
  .strictObject({ items: z.array(Message) })
  .meta({ id: 'MessagePage', description: 'Messages after the cursor, oldest first.' });
export type MessagePage = z.infer<typeof MessagePage>;
