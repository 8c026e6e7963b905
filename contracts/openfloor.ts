import * as z from 'zod';
import { SpeakerUri } from './common.ts';

export { SpeakerUri } from './common.ts';

/**
 * Open Floor Protocol (OFP) envelopes, as the broker reads and writes them.
 * Written from the specifications (Inter-Agent Message 1.1.0, Dialog Event
 * 1.0.2, Assistant Manifest 1.0.1); docs/neighbours.md says what each choice
 * rests on. What the broker sends is always complete (dialog events with id
 * and span); what it reads is as lenient as the specification's own examples
 * (an id or span may be missing from a history entry) and takes 1.0.0's
 * `context` event, but every object it acts on is checked.
 */
export const openFloorVersion = '1.1.0';

/** The broker's own speaker on the floor: it invites bots for the agencies that hand over. */
export const brokerSpeakerUri = 'tag:handoff-broker.no,2026:broker';

const Url = /* @__PURE__ */ z.url().max(2048);

const Span = /* @__PURE__ */ z
  .object({
    startTime: z.string().optional(),
    startOffset: z.string().optional(),
    endTime: z.string().optional(),
    endOffset: z.string().optional(),
  })
  .refine((span) => (span.startTime === undefined) !== (span.startOffset === undefined), 'a span has a startTime or a startOffset, not both')
  .refine((span) => !(span.endTime !== undefined && span.endOffset !== undefined), 'a span has an endTime or an endOffset, not both');

const Token = /* @__PURE__ */ z
  .object({
    value: z.unknown().optional(),
    valueUrl: Url.optional(),
    confidence: z.number().min(0).max(1).optional(),
    span: Span.optional(),
    links: z.array(z.string()).optional(),
  })
  .refine((token) => token.value !== undefined || token.valueUrl !== undefined, 'a token has a value or a valueUrl');

const Feature = /* @__PURE__ */ z.object({
  mimeType: z.string().min(1),
  tokens: z.array(Token).max(1000),
  alternates: z.array(z.array(Token)).optional(),
  lang: z.string().max(35).optional(),
  encoding: z.string().optional(),
  tokenSchema: z.string().optional(),
});

/** A text feature: what every utterance carries, and all the broker reads of one (the tokens' values, joined). */
const TextFeature = /* @__PURE__ */ Feature.extend({ mimeType: z.literal('text/plain'), tokens: z.array(Token).min(1).max(1000) });

export const OpenFloorDialogEvent = /* @__PURE__ */ z
  .looseObject({
    id: z.string().min(1).max(200).optional().describe('Always set by the broker; may be missing from a history entry it reads.'),
    speakerUri: SpeakerUri,
    previousId: z.string().max(200).optional(),
    span: Span.optional().describe('Always set by the broker (startTime).'),
    features: z.record(z.string(), Feature),
  })
  .meta({ id: 'OpenFloorDialogEvent', description: 'One turn of a conversation (OFP Dialog Event 1.0.2): who spoke, when, and what (features).' });
export type OpenFloorDialogEvent = z.infer<typeof OpenFloorDialogEvent>;

/** A dialog event with a text feature and an id: what an utterance must carry for the broker to relay it once. */
export const SpokenDialogEvent = /* @__PURE__ */ OpenFloorDialogEvent.extend({
  id: z.string().min(1).max(200).describe('The broker relays an utterance once: a repeat of an id it has relayed is refused.'),
  features: z.looseObject({ text: TextFeature }),
});
export type SpokenDialogEvent = z.infer<typeof SpokenDialogEvent>;

const To = /* @__PURE__ */ z
  .looseObject({ speakerUri: SpeakerUri.optional(), serviceUrl: Url.optional(), private: z.boolean().optional() })
  .refine((to) => to.speakerUri !== undefined || to.serviceUrl !== undefined, 'to names a speakerUri, a serviceUrl or both');

const Identification = /* @__PURE__ */ z
  .looseObject({
    speakerUri: SpeakerUri,
    serviceUrl: Url,
    organization: z.string().max(200),
    conversationalName: z.string().max(200),
    synopsis: z.string().max(500),
    department: z.string().max(200).optional(),
    role: z.string().max(200).optional(),
    openFloorRoles: z.record(z.string(), z.boolean()).optional(),
  })
  .meta({ id: 'OpenFloorIdentification' });

export const OpenFloorManifest = /* @__PURE__ */ z
  .looseObject({
    identification: Identification,
    capabilities: z.array(
      z.looseObject({
        keyphrases: z.array(z.string()),
        descriptions: z.array(z.string()),
        languages: z.array(z.string()).optional(),
        supportedLayers: z.object({ input: z.array(z.string()), output: z.array(z.string()) }).optional(),
      }),
    ),
    score: z.number().min(0).max(1).optional(),
  })
  .meta({ id: 'OpenFloorManifest', description: 'An assistant manifest (OFP 1.0.1): who an agent is and what it can do.' });
export type OpenFloorManifest = z.infer<typeof OpenFloorManifest>;

const Reason = /* @__PURE__ */ z.string().max(1000);
const common = { to: To.optional(), reason: Reason.optional() };
const bare = <EventType extends string>(eventType: EventType) =>
  z.looseObject({ eventType: z.literal(eventType), ...common, parameters: z.strictObject({}).optional() });

const History = /* @__PURE__ */ z.array(OpenFloorDialogEvent).max(500);

export const OpenFloorEvent = /* @__PURE__ */ z
  .discriminatedUnion('eventType', [
    z.looseObject({
      eventType: z.literal('invite'),
      to: To.describe('The agent invited: its serviceUrl, and its speakerUri when known.'),
      reason: Reason.optional(),
      parameters: z.strictObject({ dialogHistory: History.optional(), expectedFloorRoles: z.array(z.string()).optional() }).optional(),
    }),
    bare('acceptInvite'),
    bare('declineInvite'),
    bare('uninvite'),
    bare('bye'),
    bare('requestFloor'),
    bare('grantFloor'),
    bare('revokeFloor'),
    bare('yieldFloor'),
    z.looseObject({ eventType: z.literal('utterance'), ...common, parameters: z.strictObject({ dialogEvent: OpenFloorDialogEvent }) }),
    // 1.0.0 carried an invite's history in a context event beside it.
    z.looseObject({ eventType: z.literal('context'), ...common, parameters: z.looseObject({ dialogHistory: History.optional() }).optional() }),
    z.looseObject({
      eventType: z.literal('getManifests'),
      ...common,
      parameters: z.strictObject({ recommendScope: z.enum(['internal', 'external', 'all']).optional() }).optional(),
    }),
    z.looseObject({
      eventType: z.literal('publishManifests'),
      ...common,
      parameters: z
        .strictObject({ servicingManifests: z.array(OpenFloorManifest).optional(), discoveryManifests: z.array(OpenFloorManifest).optional() })
        .optional(),
    }),
  ])
  .meta({ id: 'OpenFloorEvent', description: 'One event of an envelope (OFP 1.1.0), by its eventType.' });
export type OpenFloorEvent = z.infer<typeof OpenFloorEvent>;

export const OpenFloorEnvelope = /* @__PURE__ */ z
  .strictObject({
    openFloor: z.looseObject({
      schema: z.looseObject({ version: z.string().regex(/^1\.\d+\.\d+$/, 'an OFP 1.x version, e.g. 1.1.0'), url: Url.optional() }),
      conversation: z.looseObject({
        id: z.string().min(1).max(200),
        conversants: z.array(z.looseObject({ identification: Identification })).optional(),
        assignedFloorRoles: z.record(z.string(), z.array(SpeakerUri)).optional(),
        floorGranted: z.array(SpeakerUri).optional(),
      }),
      sender: z.looseObject({ speakerUri: SpeakerUri, serviceUrl: Url.optional() }),
      events: z.array(OpenFloorEvent).max(50),
    }),
  })
  .meta({
    id: 'OpenFloorEnvelope',
    description:
      'An Open Floor Protocol conversation envelope (1.1.0; 1.0.0 read too). The broker validates every envelope it receives or sends against this schema.',
  });
export type OpenFloorEnvelope = z.infer<typeof OpenFloorEnvelope>;
