import * as z from 'zod';
import { AdviserId, BotId, DataCategory, HandoffId, LanguageTag, OrgNumber, QueueId, Timestamp, Topic } from './common.ts';
import { HandoffReason, HandoffStatus, Priority, StatusReason } from './handoff.ts';

/**
 * The bus event catalogue. Events announce what happened and carry references,
 * never conversation content or identity numbers: those stay in the table.
 */
export const busSource = 'no.handoff-broker';

export { DataCategory } from './common.ts';

export const ActorRole = /* @__PURE__ */ z.enum(['origin', 'target', 'broker']).meta({ id: 'ActorRole' });
export type ActorRole = z.infer<typeof ActorRole>;

export const HandoffTransitionedV1 = /* @__PURE__ */ z
  .strictObject({
    schemaVersion: z.literal(1),
    handoffId: HandoffId,
    seq: z.int().min(1).describe('Position of this transition in the handoff timeline.'),
    version: z.int().min(1).describe('Version of the handoff after the transition.'),
    from: HandoffStatus.nullable(),
    to: HandoffStatus,
    at: Timestamp,
    actor: z.strictObject({
      role: ActorRole,
      orgNumber: OrgNumber.nullable(),
      clientId: z.string().nullable().describe('The partner system (Maskinporten client) that acted, if any.'),
      supplierOrgNumber: OrgNumber.nullable().describe('A vendor acting for the agency (Maskinporten `supplier`), if any.'),
      botId: BotId.nullable().describe('The bot that acted for the agency, if a bot did.'),
      adviserId: AdviserId.nullable().describe('The adviser who acted, if any.'),
    }),
    statusReason: StatusReason.nullable(),
    topic: Topic,
    language: LanguageTag,
    reason: HandoffReason,
    originOrgNumber: OrgNumber,
    assignee: z
      .discriminatedUnion('kind', [
        z.strictObject({ kind: z.literal('bot'), orgNumber: OrgNumber, botId: BotId }),
        z.strictObject({ kind: z.literal('queue'), orgNumber: OrgNumber, queueId: QueueId, adviserId: AdviserId.nullable() }),
      ])
      .nullable(),
    priority: Priority,
    dataShared: z.array(DataCategory).describe('What crossed to the assignee with this transition.'),
    consentReference: z.string().nullable(),
    prevHash: z.string().nullable().describe('The hash of the previous entry of this handoff’s audit chain; null for the first.'),
    hash: z.string().describe('SHA-256 (base64url) over this entry without `hash`, in canonical JSON (RFC 8785, JCS): the audit chain link.'),
  })
  .meta({ id: 'HandoffTransitionedV1', description: 'A handoff moved from one state to another: one entry of its hash-chained audit log.' });
export type HandoffTransitioned = z.infer<typeof HandoffTransitionedV1>;

export const HandoffMessagePostedV1 = /* @__PURE__ */ z
  .strictObject({
    schemaVersion: z.literal(1),
    handoffId: HandoffId,
    messageId: z.string(),
    fromRole: z.enum(['origin', 'target']),
    at: Timestamp,
  })
  .meta({ id: 'HandoffMessagePostedV1', description: 'A message was relayed; the text stays in the table.' });
export type HandoffMessagePosted = z.infer<typeof HandoffMessagePostedV1>;

export const busEvents = {
  handoffTransitioned: { source: busSource, detailType: 'HandoffTransitioned', schema: HandoffTransitionedV1 },
  handoffMessagePosted: { source: busSource, detailType: 'HandoffMessagePosted', schema: HandoffMessagePostedV1 },
} as const;

export type BusEventName = keyof typeof busEvents;

/** An EventBridge event pattern, in the subset both the cloud bus and the local bus match. */
export type EventPattern = {
  source: string[];
  'detail-type': string[];
  detail?: Record<string, unknown>;
};

/** The pattern that selects one catalogue event, optionally narrowed by its detail. */
export const eventPattern = (name: BusEventName, detail?: Record<string, unknown>): EventPattern => ({
  source: [busEvents[name].source],
  'detail-type': [busEvents[name].detailType],
  ...(detail ? { detail } : {}),
});
