import * as z from 'zod';
import { Timestamp } from './common.ts';
import { HandoffDetail, HandoffStatus, Message, StatusReason } from './handoff.ts';

/**
 * Webhook payloads, in the Standard Webhooks shape `{ type, timestamp, data }`.
 * Each request carries `webhook-id`, `webhook-timestamp` and
 * `webhook-signature` (v1, HMAC-SHA256 over `id.timestamp.body`).
 */
export const HandoffOfferedWebhook = /* @__PURE__ */ z
  .strictObject({
    type: z.literal('handoff.offered'),
    timestamp: Timestamp,
    data: z.strictObject({
      handoff: HandoffDetail,
      respondBy: Timestamp.describe('Accept or decline before this, or the offer expires.'),
    }),
  })
  .meta({ id: 'HandoffOfferedWebhook', description: 'Sent to the assigned bot: a conversation is offered to it.' });

export const HandoffStatusChangedWebhook = /* @__PURE__ */ z
  .strictObject({
    type: z.literal('handoff.status_changed'),
    timestamp: Timestamp,
    data: z.strictObject({
      transition: z
        .strictObject({ seq: z.int().min(1), from: HandoffStatus.nullable(), to: HandoffStatus, at: Timestamp, statusReason: StatusReason.nullable() })
        .describe('The change this message announces; order messages by seq. The handoff is shown as it stood right after this change.'),
      handoff: HandoffDetail,
    }),
  })
  .meta({
    id: 'HandoffStatusChangedWebhook',
    description:
      'Sent to the other party when a handoff is accepted, rerouted, completed, returned, cancelled or falls back. The handoff is shown as the receiving party may see it.',
  });

export const HandoffMessageWebhook = /* @__PURE__ */ z
  .strictObject({
    type: z.literal('handoff.message'),
    timestamp: Timestamp,
    data: z.strictObject({ message: Message }),
  })
  .meta({ id: 'HandoffMessageWebhook', description: 'Sent to the other party’s bot: a message in a handoff it takes part in.' });

export type HandoffOfferedWebhook = z.infer<typeof HandoffOfferedWebhook>;
export type HandoffStatusChangedWebhook = z.infer<typeof HandoffStatusChangedWebhook>;
export type HandoffMessageWebhook = z.infer<typeof HandoffMessageWebhook>;
export type WebhookPayload = HandoffOfferedWebhook | HandoffStatusChangedWebhook | HandoffMessageWebhook;
