import * as z from 'zod';
import { BotId, HandoffId, OrgNumber, Timestamp } from './common.ts';

/** A webhook the broker gave up on: who it was for and why, never its content (that stays under the handoff's retention). */
export const DeadLetter = /* @__PURE__ */ z
  .strictObject({
    messageId: z.string().describe('The webhook-id the bot would have received.'),
    handoffId: HandoffId,
    kind: z.enum(['offer', 'status', 'message']),
    bot: z.strictObject({ orgNumber: OrgNumber, botId: BotId }),
    attempts: z.int().min(1),
    lastError: z.string(),
    at: Timestamp.describe('When the broker gave up.'),
  })
  .meta({ id: 'DeadLetter' });
export type DeadLetter = z.infer<typeof DeadLetter>;

export const DeadLetterQuery = /* @__PURE__ */ z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).optional().describe('Newest first; default 50.'),
});

export const DeadLetterPage = /* @__PURE__ */ z
  .strictObject({ items: z.array(DeadLetter) })
  .meta({ id: 'DeadLetterPage', description: 'Webhooks to your agency’s bots that the broker gave up on, newest first.' });
export type DeadLetterPage = z.infer<typeof DeadLetterPage>;

/** At most this many webhooks are sent again per request, each once: a request stays well inside its time. */
export const maxRedrivePerRequest = 5;

export const RedriveRequest = /* @__PURE__ */ z
  .strictObject({
    messageIds: z
      .array(z.string().min(1).max(300))
      .min(1)
      .max(maxRedrivePerRequest)
      .optional()
      .describe(`The dead letters to send again; without it, the newest ${maxRedrivePerRequest}.`),
  })
  .meta({ id: 'RedriveRequest' });

export const RedriveResult = /* @__PURE__ */ z
  .strictObject({
    items: z.array(
      z.strictObject({
        messageId: z.string(),
        handoffId: HandoffId,
        outcome: z
          .enum(['delivered', 'failed', 'moved-on'])
          .describe(
            'delivered: the bot has it now; failed: it failed again and is a dead letter again; moved-on: the handoff has moved on, so there is nothing to send (the bot reads its current state).',
          ),
      }),
    ),
    remaining: z.int().min(0).describe('Dead letters still waiting after this request.'),
  })
  .meta({ id: 'RedriveResult' });
export type RedriveResult = z.infer<typeof RedriveResult>;
