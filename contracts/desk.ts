import * as z from 'zod';
import { AdviserId, HandoffId, LanguageTag, LocalizedText, OrgNumber, QueueId, Timestamp, Topic } from './common.ts';
import { ContactChannel, HandoffFlag, HandoffReason, HandoffStatus, Priority } from './handoff.ts';

/** A conversation as the agent desk lists it: enough to choose, no content. */
export const DeskConversation = /* @__PURE__ */ z
  .strictObject({
    id: HandoffId,
    status: HandoffStatus,
    topic: Topic,
    topicLabel: LocalizedText,
    reason: HandoffReason,
    language: LanguageTag,
    priority: Priority,
    flags: z.array(HandoffFlag),
    originAgencyName: z.string(),
    waitingSince: Timestamp,
    callback: z.strictObject({ at: Timestamp, channel: ContactChannel.nullable() }).nullable(),
  })
  .meta({ id: 'DeskConversation' });
export type DeskConversation = z.infer<typeof DeskConversation>;

export const DeskQueue = /* @__PURE__ */ z
  .strictObject({
    queueId: QueueId,
    name: z.string(),
    open: z.boolean(),
    nextOpening: Timestamp.nullable(),
    advisersOnDuty: z.int().min(0),
    waiting: z.array(DeskConversation).describe('Urgent first, then longest waiting.'),
    scheduled: z.array(DeskConversation).describe('Callbacks and follow-ups due at a later time.'),
  })
  .meta({ id: 'DeskQueue' });

export const DeskOverview = /* @__PURE__ */ z
  .strictObject({
    adviser: z.strictObject({ id: AdviserId, name: z.string(), orgNumber: OrgNumber, agencyName: z.string(), languages: z.array(LanguageTag) }),
    queues: z.array(DeskQueue),
    mine: z.array(DeskConversation).describe('Conversations this adviser has accepted and not yet closed.'),
  })
  .meta({ id: 'DeskOverview', description: 'What an adviser sees on the agent desk.' });
export type DeskOverview = z.infer<typeof DeskOverview>;
