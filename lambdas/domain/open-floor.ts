import { createHash } from 'node:crypto';
import type { BotConfig } from '#contracts/directory';
import type { DeclineReason, HandoffDetail, Message, StatusReason } from '#contracts/handoff';
import type * as z from 'zod';
import {
  brokerSpeakerUri,
  OpenFloorEnvelope,
  openFloorVersion,
  type OpenFloorDialogEvent,
  type OpenFloorEvent,
  type OpenFloorManifest,
  type SpokenDialogEvent,
} from '#contracts/openfloor';
import { type TopicCode, topicTaxonomy } from '#contracts/topics';
import type { Directory } from './directory.ts';
import type { BotRef, Handoff, TransitionRecord } from './handoff.ts';

/**
 * The broker on the Open Floor: how our handoffs read as OFP envelopes, and
 * OFP events as our actions. Pure: the use cases send and receive.
 *
 * A handoff is one OFP conversation, its id the conversation id. The broker
 * speaks for the agencies that hand over (the floor's convener, in OFP's
 * words): it invites the receiving bot, relays the citizen's utterances to it
 * and its utterances back, and uninvites it when the origin withdraws.
 */
const speakers = 'tag:handoff-broker.no,2026';

/** Speaker URIs of those the broker speaks for. The citizen's is a pseudonym per handoff: the floor never learns who they are. */
export const openFloorSpeakers = {
  citizen: (handoffId: string) => `${speakers}:handoff/${handoffId}/citizen`,
  adviser: (orgNumber: string) => `${speakers}:agency/${orgNumber}/adviser`,
  /** A topic, for an Open Floor bot to invite: the broker hands the conversation to whoever handles it. */
  topic: (code: string) => `${speakers}:topic/${code}`,
  /** A bot: its own speaker URI when it speaks Open Floor, otherwise one the broker names it by. */
  bot: (ref: Pick<BotRef, 'orgNumber' | 'botId'>, config: BotConfig | undefined) =>
    config?.openFloor?.speakerUri ?? `${speakers}:bot/${ref.orgNumber}/${ref.botId}`,
};

/** Texts built from the directory can outgrow the schema's caps (a long speaker URI, a bot of many topics): cut them, never fail. */
const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

const spoken = (id: string, speakerUri: string, text: string, at: string): OpenFloorDialogEvent => ({
  id,
  speakerUri,
  span: { startTime: at },
  features: { text: { mimeType: 'text/plain', tokens: [{ value: text }] } },
});

/** An envelope from the broker; checked against the contract's schema, so nothing malformed leaves. */
export function brokerEnvelope(conversationId: string, events: OpenFloorEvent[], serviceUrl?: string): OpenFloorEnvelope {
  return OpenFloorEnvelope.parse({
    openFloor: {
      schema: { version: openFloorVersion },
      conversation: { id: conversationId },
      sender: { speakerUri: brokerSpeakerUri, ...(serviceUrl ? { serviceUrl } : {}) },
      events,
    },
  });
}

/**
 * The invite an Open Floor bot receives for an offer: the conversation so far
 * as dialog history, oldest first (only what the consent and the bot's
 * directory entry let cross, as a webhook would carry it), the origin's
 * summary last, as the words it hands over with. The identity number never
 * crosses onto the floor; a bot that may see it reads the handoff with its token.
 */
export function inviteOf(offer: HandoffDetail, invitee: NonNullable<BotConfig['openFloor']>, originSpeakerUri: string, respondBy: string): OpenFloorEnvelope {
  const speakerOf = (from: 'citizen' | 'bot' | 'adviser') =>
    from === 'citizen' ? openFloorSpeakers.citizen(offer.id) : from === 'bot' ? originSpeakerUri : openFloorSpeakers.adviser(offer.origin.orgNumber);
  const history = (offer.context?.transcript ?? []).map((turn, index) => spoken(`${offer.id}/transcript/${index}`, speakerOf(turn.from), turn.text, turn.at));
  if (offer.context) history.push(spoken(`${offer.id}/summary`, originSpeakerUri, offer.context.summary.text, offer.createdAt));
  return brokerEnvelope(offer.id, [
    {
      eventType: 'invite',
      to: { serviceUrl: invitee.serviceUrl, speakerUri: invitee.speakerUri },
      reason: `${offer.origin.agencyName} hands over a conversation about ${topicTaxonomy[offer.topic].en.toLowerCase()} (${offer.language}); accept or decline before ${respondBy}.`,
      parameters: { dialogHistory: history },
    },
  ]);
}

/**
 * A relayed message as an utterance to an Open Floor bot, spoken by the citizen (pseudonym), a bot or the adviser,
 * in the conversation as that bot knows it (the handoff's id, or an origin's own conversation id).
 */
export function utteranceOf(message: Message, speakerUri: string, conversationId: string): OpenFloorEnvelope {
  return brokerEnvelope(conversationId, [{ eventType: 'utterance', parameters: { dialogEvent: spoken(message.id, speakerUri, message.text, message.at) } }]);
}

/**
 * What an Open Floor origin hears, in its own conversation: the invitation
 * accepted (by whoever took it), the conversation handed back (bye, with the
 * summary handed back as an utterance), or declined when nobody could take it.
 * Other moves (a later routing) are the broker's business: nothing is sent.
 */
export function originNoticeOf(
  handoff: Handoff,
  transition: TransitionRecord,
  origin: NonNullable<BotConfig['openFloor']>,
  assigneeSpeakerUri: string,
  returnSummary: string | undefined,
): OpenFloorEnvelope | undefined {
  const to = { speakerUri: origin.speakerUri };
  const conversationId = handoff.origin.conversationId;
  switch (transition.to) {
    case 'accepted':
      return brokerEnvelope(conversationId, [{ eventType: 'acceptInvite', to, reason: clip(`Taken over by ${assigneeSpeakerUri}.`, 1000) }]);
    case 'completed':
    case 'returned':
      return brokerEnvelope(conversationId, [
        ...(returnSummary
          ? [
              {
                eventType: 'utterance' as const,
                parameters: { dialogEvent: spoken(`${handoff.id}/returned`, assigneeSpeakerUri, returnSummary, transition.at) },
              },
            ]
          : []),
        {
          eventType: 'bye',
          to,
          reason: `The conversation is back with you (${transition.to}${transition.statusReason ? `, ${transition.statusReason}` : ''}).`,
        },
      ]);
    case 'fallback':
      return brokerEnvelope(conversationId, [
        { eventType: 'declineInvite', to, reason: `@unavailable nobody could take the conversation (${transition.statusReason ?? 'fallback'}).` },
      ]);
    default:
      return undefined;
  }
}

/** The origin withdrew a conversation the bot was offered or had. */
export function uninviteOf(handoffId: string, invitee: NonNullable<BotConfig['openFloor']>, statusReason: StatusReason | null): OpenFloorEnvelope {
  return brokerEnvelope(handoffId, [
    { eventType: 'uninvite', to: { speakerUri: invitee.speakerUri }, reason: `The agency that handed over withdrew it (${statusReason ?? 'other'}).` },
  ]);
}

/** The topic a speaker URI names, if it names one of the taxonomy's. */
export function topicOfSpeaker(speakerUri: string | undefined): TopicCode | undefined {
  const code = speakerUri?.startsWith(`${speakers}:topic/`) ? speakerUri.slice(`${speakers}:topic/`.length) : undefined;
  return code && code in topicTaxonomy ? (code as TopicCode) : undefined;
}

/**
 * The handoff an Open Floor origin's conversation becomes: its id derived from
 * the agency and the bot's own conversation id (a name-based UUID, version 8),
 * so the bot's later envelopes, which name its own conversation, find it, and
 * an invite sent twice finds the handoff already there.
 */
export function handoffIdOfConversation(orgNumber: string, conversationId: string): string {
  const hex = createHash('sha256').update(`openfloor\n${orgNumber}\n${conversationId}`).digest('hex');
  const variant = ((Number.parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * The v1 request an Open Floor invite stands for. The sender's last turn in
 * the history is its summary (as the broker's own invites put it last); the
 * turns before are the transcript, the sender's own turns the bot's and any
 * other speaker's the citizen's. The Open Floor has no consent of its own: an
 * invite with the conversation in it is the bot's statement that the citizen
 * agreed to be handed over with it, recorded as the consent reference, and
 * the summary is taken to name the citizen (only an origin could say it does
 * not). The identity number never crosses the floor.
 */
export function handoffRequestOf(
  invite: { to: { speakerUri?: string | undefined }; parameters?: { dialogHistory?: OpenFloorDialogEvent[] | undefined } | undefined },
  conversationId: string,
  sender: { botId: string; speakerUri: string; language: string },
  now: string,
): { topic: TopicCode; request: unknown } | { problem: string } {
  const topic = topicOfSpeaker(invite.to.speakerUri);
  if (!topic || topicTaxonomy[topic].scope !== 'national')
    return {
      problem: 'invite a topic: to.speakerUri is one of the topic speaker URIs getManifests lists (national topics; a municipal one needs POST /v1/handoffs)',
    };
  const turns = (invite.parameters?.dialogHistory ?? []).map((event) => ({ event, text: plainText(event) })).filter((turn) => turn.text);
  const summaryAt = turns.map((turn) => turn.event.speakerUri).lastIndexOf(sender.speakerUri);
  if (summaryAt < 0) return { problem: 'the history needs a turn of the sender’s own, its summary of the conversation, last' };
  const lang = turns[summaryAt]!.event.features.text?.lang;
  const transcript = turns.slice(0, summaryAt).map((turn) => ({
    from: turn.event.speakerUri === sender.speakerUri ? ('bot' as const) : ('citizen' as const),
    text: turn.text,
    at: turn.event.span?.startTime ?? now,
  }));
  return {
    topic,
    request: {
      origin: { botId: sender.botId, conversationId },
      target: { kind: 'topic' },
      reason: 'out_of_scope',
      topic,
      language: lang ?? sender.language,
      consent: { shareTranscript: true, shareIdentity: false, reference: `openfloor:${conversationId}`.slice(0, 200) },
      context: {
        // Only the origin can say a summary names nobody; the broker never says it for the bot.
        summary: { text: turns[summaryAt]!.text, containsPersonalData: true },
        ...(transcript.length ? { transcript } : {}),
      },
    },
  };
}

/** A dialog event's text, if it has a text feature. */
const plainText = (event: OpenFloorDialogEvent) =>
  event.features.text?.tokens
    .map((token) => (typeof token.value === 'string' ? token.value : ''))
    .join('')
    .trim() ?? '';

/** OFP's reason tokens for declining, in our words; free text (or none) is `other`. */
export function declineReasonOf(reason: string | undefined): z.infer<typeof DeclineReason> {
  const token = reason?.match(/^@[a-zA-Z0-9_]+/)?.[0];
  if (token === '@outOfDomain') return 'out_of_scope';
  if (token === '@unavailable') return 'no_capacity';
  return 'other';
}

/** What an utterance says: its text feature's token values, in order (OFP 1.1 §1.10.1). */
export function textOf(dialogEvent: SpokenDialogEvent): string {
  return dialogEvent.features.text.tokens.map((token) => (typeof token.value === 'string' ? token.value : '')).join('');
}

/**
 * Manifests built from the directory, for `getManifests`: the broker itself
 * (servicing: it takes the conversation and routes it), and every bot and
 * human queue it hands conversations to (discovery), each reached through the broker.
 */
export function manifestsOf(directory: Directory, serviceUrl: string): { servicingManifests: OpenFloorManifest[]; discoveryManifests: OpenFloorManifest[] } {
  const labels = (topics: readonly string[]) =>
    topics.flatMap((topic) => {
      const entry = topicTaxonomy[topic as keyof typeof topicTaxonomy];
      return entry ? [entry.nb, entry.en] : [];
    });
  const allTopics = Object.keys(topicTaxonomy);
  const broker: OpenFloorManifest = {
    identification: {
      speakerUri: brokerSpeakerUri,
      serviceUrl,
      organization: 'Handoff broker',
      conversationalName: 'Handoff broker',
      synopsis: 'Hands a citizen’s conversation to the agency bot or adviser responsible, with its context.',
      role: 'Router between public-sector chatbots',
    },
    capabilities: [
      {
        keyphrases: labels(allTopics),
        descriptions: ['Takes over a conversation about a public service and invites the agency’s bot or adviser who handles it.'],
        languages: [...new Set(directory.config.agencies.flatMap((agency) => agency.bots.flatMap((bot) => bot.languages)))],
        supportedLayers: { input: ['text'], output: ['text'] },
      },
    ],
  };
  const discovery = directory.config.agencies.flatMap((agency) => [
    ...agency.bots.map(
      (bot): OpenFloorManifest => ({
        identification: {
          speakerUri: openFloorSpeakers.bot({ orgNumber: agency.orgNumber, botId: bot.id }, bot),
          serviceUrl,
          organization: agency.name,
          conversationalName: bot.name,
          synopsis: clip(
            `${agency.name}’s assistant for ${bot.topics.length ? bot.topics.map((topic) => topicTaxonomy[topic].en.toLowerCase()).join(', ') : 'general questions'}.`,
            500,
          ),
          role: 'Chatbot',
        },
        capabilities: [
          {
            keyphrases: labels(bot.topics),
            descriptions: [`Reached through the broker: hand over to ${agency.name} with POST /v1/handoffs or an invite.`],
            languages: bot.languages,
            supportedLayers: { input: ['text'], output: ['text'] },
          },
        ],
      }),
    ),
    ...agency.queues.map(
      (queue): OpenFloorManifest => ({
        identification: {
          speakerUri: `${speakers}:queue/${agency.orgNumber}/${queue.id}`,
          serviceUrl,
          organization: agency.name,
          department: queue.name,
          conversationalName: clip(`${agency.name} – ${queue.name}`, 200),
          synopsis: clip(`Human advisers at ${agency.name} (${queue.name}), during opening hours.`, 500),
          role: 'Human advisers',
        },
        capabilities: [
          {
            keyphrases: labels(queue.skills.topics),
            descriptions: [`Reached through the broker: hand over to a human at ${agency.name}.`],
            languages: queue.skills.languages,
            supportedLayers: { input: ['text'], output: ['text'] },
          },
        ],
      }),
    ),
  ]);
  // A topic is whoever handles it: an Open Floor bot hands a conversation over by inviting the topic.
  // Municipal topics route by the citizen's municipality, which an invite cannot name: only national ones are invited.
  const topics = Object.entries(topicTaxonomy)
    .filter(([, entry]) => entry.scope === 'national')
    .map(
      ([code, entry]): OpenFloorManifest => ({
        identification: {
          speakerUri: openFloorSpeakers.topic(code),
          serviceUrl,
          organization: 'Handoff broker',
          conversationalName: entry.en,
          synopsis: `Whoever handles ${entry.en.toLowerCase()}, at the national agency responsible.`,
          role: 'Topic',
        },
        capabilities: [{ keyphrases: [entry.nb, entry.en], descriptions: [`Invite this to hand over a conversation about ${entry.en.toLowerCase()}.`] }],
      }),
    );
  return { servicingManifests: [broker], discoveryManifests: [...topics, ...discovery] };
}
