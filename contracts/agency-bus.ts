import * as z from 'zod';
import { BotId, OrgNumber, QueueId, Timestamp } from './common.ts';

export { EventBusArn } from './common.ts';
import { HandoffDetail, Message } from './handoff.ts';
import { HandoffStatusChangedWebhook } from './webhooks.ts';

/**
 * Delivery onto an agency's own EventBridge bus, for agencies that would
 * rather consume events in their account than run a webhook endpoint. The
 * events are the webhooks' payloads (same `type`, same `data` shape, same
 * version) with the conversation's content withheld: they cross the broker's
 * bus on their way, and nothing personal travels on a bus. The receiver reads
 * the content with its token (`GET /v1/handoffs/{id}`, `.../messages`), as a
 * claim check.
 */
export const agencyBusSource = 'no.handoff-broker.delivery';

export const AgencyBusRecipient = /* @__PURE__ */ z
  .discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('bot'), orgNumber: OrgNumber, botId: BotId }),
    z.strictObject({ kind: z.literal('queue'), orgNumber: OrgNumber, queueId: QueueId }),
  ])
  .meta({ id: 'AgencyBusRecipient', description: 'The bot or human queue of the directory this event is for: the rule that forwards it matches on it.' });
export type AgencyBusRecipient = z.infer<typeof AgencyBusRecipient>;

export const HandoffNotice = /* @__PURE__ */ HandoffDetail.omit({ citizen: true, returnSummary: true })
  .extend({ context: z.null().describe('Withheld on a bus: read the handoff with GET /v1/handoffs/{id}.') })
  .meta({ id: 'HandoffNotice', description: 'A handoff as a webhook shows it, without its content (a valid HandoffDetail).' });

export const MessageNotice = /* @__PURE__ */ Message.omit({ text: true }).meta({
  id: 'MessageNotice',
  description: 'A relayed message without its text (read it with GET /v1/handoffs/{handoffId}/messages).',
});

const agencyBusEvent = <Type extends string, Data extends z.ZodRawShape>(type: Type, data: Data, id: string, description: string) =>
  z
    .strictObject({
      schemaVersion: z.literal(1),
      id: z.string().describe('The delivery’s id, the `webhook-id` a webhook of the same news would carry: a repeat has the same id, drop it.'),
      recipient: AgencyBusRecipient,
      type: z.literal(type),
      timestamp: Timestamp,
      data: z.strictObject(data),
    })
    .meta({ id, description });

export const HandoffOfferedEventV1 = /* @__PURE__ */ agencyBusEvent(
  'handoff.offered',
  { handoff: HandoffNotice, respondBy: Timestamp.describe('Accept or decline before this, or the offer expires.') },
  'HandoffOfferedEventV1',
  'On the agency’s bus: a conversation is offered to its bot (detail-type `handoff.offered`).',
);

export const HandoffStatusChangedEventV1 = /* @__PURE__ */ agencyBusEvent(
  'handoff.status_changed',
  { transition: HandoffStatusChangedWebhook.shape.data.shape.transition, handoff: HandoffNotice },
  'HandoffStatusChangedEventV1',
  'On the agency’s bus: a handoff its bot or queue takes part in changed (detail-type `handoff.status_changed`).',
);

export const HandoffMessageEventV1 = /* @__PURE__ */ agencyBusEvent(
  'handoff.message',
  { message: MessageNotice },
  'HandoffMessageEventV1',
  'On the agency’s bus: a message was relayed in a handoff its bot takes part in (detail-type `handoff.message`).',
);

/** The events by detail-type, which is the webhook's `type`. */
export const agencyBusEvents = {
  'handoff.offered': HandoffOfferedEventV1,
  'handoff.status_changed': HandoffStatusChangedEventV1,
  'handoff.message': HandoffMessageEventV1,
} as const;

export type HandoffNotice = z.infer<typeof HandoffNotice>;
export type MessageNotice = z.infer<typeof MessageNotice>;
export type HandoffOfferedEvent = z.infer<typeof HandoffOfferedEventV1>;
export type HandoffStatusChangedEvent = z.infer<typeof HandoffStatusChangedEventV1>;
export type HandoffMessageEvent = z.infer<typeof HandoffMessageEventV1>;
export type AgencyBusEvent = HandoffOfferedEvent | HandoffStatusChangedEvent | HandoffMessageEvent;
