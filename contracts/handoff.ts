import { z } from 'zod';
import {
  BotId,
  HandoffId,
  LanguageTag,
  LocalizedText,
  MunicipalityNumber,
  NationalId,
  OrgNumber,
  Timestamp,
  Topic,
} from './common.ts';

/** Every state a handoff can be in (DESIGN.md §4). The legal moves between them live in the domain. */
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
export const HandoffStatus = z.enum(handoffStatuses).meta({ id: 'HandoffStatus' });
export type HandoffStatus = z.infer<typeof HandoffStatus>;

/** A handoff in one of these states is over: nothing moves it again. */
export const terminalStatuses = ['completed', 'cancelled', 'returned', 'fallback'] as const satisfies HandoffStatus[];

export const HandoffReason = z
  .enum(['out_of_scope', 'citizen_asked_for_human', 'complex_case', 'risk', 'language'])
  .meta({
    id: 'HandoffReason',
    description:
      'Why the origin hands the conversation over: the question belongs elsewhere, the citizen asked for a human, the case is complex, there is a risk to life or health, or the bot does not speak the language.',
  });
export type HandoffReason = z.infer<typeof HandoffReason>;

export const Target = z
  .discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('topic') }).meta({ description: 'Whoever is responsible for the topic.' }),
    z.strictObject({ kind: z.literal('agency'), orgNumber: OrgNumber }),
    z.strictObject({ kind: z.literal('bot'), orgNumber: OrgNumber, botId: BotId }),
  ])
  .meta({
    id: 'Target',
    description:
      'Where the conversation should go: a named bot, an agency (its best bot for the topic and language), or whoever handles the topic (municipal topics go to the municipality in context.attributes.municipalityNumber).',
  });
export type Target = z.infer<typeof Target>;

export const Consent = z
  .strictObject({
    shareTranscript: z.boolean().describe('The citizen agreed that the conversation so far may be shared with the receiving agency.'),
    shareIdentity: z.boolean().describe('The citizen agreed that their national identity number may be shared.'),
    reference: z.string().min(1).max(200).optional().describe("The origin's own reference to the consent record."),
  })
  .meta({ id: 'Consent' });
export type Consent = z.infer<typeof Consent>;

export const Summary = z
  .strictObject({
    text: z.string().trim().min(1).max(2000),
    containsPersonalData: z
      .boolean()
      .describe('False only when the origin has checked that the text names nobody and holds no personal data.'),
  })
  .meta({ id: 'Summary' });
export type Summary = z.infer<typeof Summary>;

export const TranscriptMessage = z
  .strictObject({
    from: z.enum(['citizen', 'bot', 'adviser']),
    text: z.string().min(1).max(4000),
    at: Timestamp,
  })
  .meta({ id: 'TranscriptMessage' });

export const ContextAttributes = z
  .strictObject({
    municipalityNumber: MunicipalityNumber.optional().describe("The citizen's municipality; routes municipal topics."),
  })
  .meta({ id: 'ContextAttributes' });

export const HandoffContext = z
  .strictObject({
    summary: Summary,
    transcript: z.array(TranscriptMessage).max(500).optional(),
    attributes: ContextAttributes.optional(),
  })
  .meta({ id: 'HandoffContext' });
export type HandoffContext = z.infer<typeof HandoffContext>;

export const Citizen = z
  .strictObject({ nationalId: NationalId.optional() })
  .meta({ id: 'Citizen', description: 'Who the citizen is; shared only under identity consent.' });
export type Citizen = z.infer<typeof Citizen>;

export const CreateHandoffRequest = z
  .strictObject({
    origin: z.strictObject({
      botId: BotId.describe("The handing-over bot, one of the caller agency's bots in the directory."),
      conversationId: z.string().min(1).max(200).describe("The origin's own id of the conversation."),
    }),
    target: Target,
    reason: HandoffReason,
    topic: Topic,
    language: LanguageTag.describe("The citizen's language."),
    consent: Consent,
    context: HandoffContext,
    citizen: Citizen.optional(),
  })
  .meta({
    id: 'CreateHandoffRequest',
    description:
      'Without consent.shareTranscript, only a summary marked free of personal data may be sent and no transcript; without consent.shareIdentity, no national identity number. The broker refuses (422) rather than hold data it may not pass on.',
  });
export type CreateHandoffRequest = z.infer<typeof CreateHandoffRequest>;

export const DeclineReason = z.enum(['out_of_scope', 'no_capacity', 'language_not_supported', 'other']).meta({ id: 'DeclineReason' });
export const CancelReason = z.enum(['citizen_left', 'resolved_by_origin', 'other']).meta({ id: 'CancelReason' });
export const Resolution = z.enum(['resolved', 'referred', 'unresolved']).meta({ id: 'Resolution' });

/**
 * Why a handoff is in its current state, when a reason applies: the party's
 * own reason code, or the broker's when the broker moved it.
 */
export const StatusReason = z
  .enum([
    ...DeclineReason.options,
    ...CancelReason.options,
    ...Resolution.options,
    'undeliverable',
    'offer_expired',
    'no_other_candidate',
    'rerouted',
    'inactivity',
  ])
  .meta({ id: 'StatusReason' });
export type StatusReason = z.infer<typeof StatusReason>;

export const AcceptRequest = z.strictObject({}).meta({ id: 'AcceptRequest' });
export const DeclineRequest = z.strictObject({ reason: DeclineReason }).meta({ id: 'DeclineRequest' });
export const CompleteRequest = z.strictObject({ resolution: Resolution }).meta({ id: 'CompleteRequest' });
export const CancelRequest = z.strictObject({ reason: CancelReason }).meta({ id: 'CancelRequest' });
export const ReturnRequest = z
  .strictObject({ summary: Summary.describe('What the receiving side did, for the origin to carry on.') })
  .meta({ id: 'ReturnRequest' });

export const AgencyContact = z
  .strictObject({ url: z.url(), phone: z.string().min(3).max(30).optional() })
  .meta({ id: 'AgencyContact', description: 'Where a citizen can reach the agency directly.' });

export const Assignee = z
  .strictObject({
    kind: z.literal('bot'),
    orgNumber: OrgNumber,
    agencyName: z.string(),
    botId: BotId,
    botName: z.string(),
  })
  .meta({ id: 'Assignee', description: 'Who has been offered, or has taken, the conversation.' });

export const CitizenOption = z.enum(['wait', 'stay_with_bot', 'callback']).meta({ id: 'CitizenOption' });

export const CitizenGuidance = z
  .strictObject({
    handledBy: z
      .strictObject({ kind: z.enum(['bot', 'human', 'origin']), agencyName: z.string(), name: z.string() })
      .nullable(),
    humanAvailableNow: z.boolean(),
    estimatedWaitSeconds: z.int().min(0).nullable(),
    options: z.array(CitizenOption),
    contact: AgencyContact.nullable(),
    message: LocalizedText,
  })
  .meta({
    id: 'CitizenGuidance',
    description: 'What the origin should tell the citizen now: who takes over, whether a human is available, the wait, and the options.',
  });
export type CitizenGuidance = z.infer<typeof CitizenGuidance>;

export const HandoffView = z
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
    citizenGuidance: CitizenGuidance,
  })
  .meta({ id: 'Handoff', description: 'A handoff without its conversation content.' });
export type HandoffView = z.infer<typeof HandoffView>;

export const HandoffDetail = HandoffView.extend({
  context: HandoffContext.nullable().describe('null once the content has expired, or when the caller may not see it.'),
  citizen: Citizen.optional(),
  returnSummary: Summary.optional(),
}).meta({
  id: 'HandoffDetail',
  description: 'A handoff with the content the caller may see. Content is kept for a limited time, then expires.',
});
export type HandoffDetail = z.infer<typeof HandoffDetail>;

export const HandoffIdParams = z.strictObject({ id: HandoffId });

export const InboxQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).optional(),
  cursor: z.string().min(1).max(500).optional(),
});

export const InboxPage = z
  .strictObject({ items: z.array(HandoffDetail), nextCursor: z.string().nullable() })
  .meta({ id: 'InboxPage', description: "Offers waiting for the caller's agency, oldest first." });
export type InboxPage = z.infer<typeof InboxPage>;
