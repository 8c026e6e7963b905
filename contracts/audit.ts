import * as z from 'zod';
import { HandoffId, LanguageTag, LocalizedText, OrgNumber, Timestamp, Topic } from './common.ts';
import { DataCategory, HandoffTransitionedV1 } from './events.ts';
import { HandoffReason, HandoffStatus, Priority, StatusReason } from './handoff.ts';

/** One entry of a handoff's hash-chained audit log: the transition as recorded, no content, no identity numbers. */
export const AuditEntry = /* @__PURE__ */ HandoffTransitionedV1.omit({ schemaVersion: true }).meta({ id: 'AuditEntry' });
export type AuditEntry = z.infer<typeof AuditEntry>;

export const ChainVerification = /* @__PURE__ */ z
  .strictObject({
    valid: z.boolean(),
    entries: z.int().min(0),
    broken: z
      .strictObject({
        position: z.int().min(1),
        seq: z.int().nullable(),
        problem: z.enum(['modified', 'missing', 'inserted', 'out_of_order', 'truncated']),
        detail: z.string(),
      })
      .nullable()
      .describe('The first entry that does not fit, and why.'),
    head: z.string().nullable().describe('The chain head the handoff records.'),
    checkedAt: Timestamp,
  })
  .meta({ id: 'ChainVerification', description: 'Whether a handoff’s audit log is whole and unaltered.' });
export type ChainVerification = z.infer<typeof ChainVerification>;

const AgencyRef = /* @__PURE__ */ z.strictObject({ orgNumber: OrgNumber, agencyName: z.string() });

export const TransferSummary = /* @__PURE__ */ z
  .strictObject({
    handoffId: HandoffId,
    direction: z.enum(['in', 'out']).describe('out: your agency handed the conversation over; in: it was handed to your agency.'),
    createdAt: Timestamp,
    updatedAt: Timestamp,
    origin: AgencyRef,
    receiving: AgencyRef.extend({ kind: z.enum(['bot', 'queue']), name: z.string() })
      .nullable()
      .describe('Who has (or last had) it.'),
    counterpart: AgencyRef.nullable().describe('The other agency, seen from yours.'),
    topic: Topic,
    reason: HandoffReason,
    language: LanguageTag,
    priority: Priority,
    status: HandoffStatus,
    statusReason: StatusReason.nullable(),
    acceptedAt: Timestamp.nullable(),
    secondsToAccept: z.int().min(0).nullable(),
    closedAt: Timestamp.nullable(),
    dataShared: z.array(DataCategory),
    consentReference: z.string().nullable(),
    citizenPseudonym: z.string().describe('A pseudonym, never an identity number.'),
  })
  .meta({ id: 'TransferSummary', description: 'A transfer your agency took part in, as the audit sees it.' });
export type TransferSummary = z.infer<typeof TransferSummary>;

/** An instant an audit query may name: the broker keeps nothing from before 2000, and nothing is dated after 2099. */
const AuditInstant = /* @__PURE__ */ Timestamp.refine((value) => {
  const at = Date.parse(value);
  return at >= Date.UTC(2000, 0, 1) && at < Date.UTC(2100, 0, 1);
}, 'a date-time from 2000 to 2099');

/** Searches and insights cover at most 366 days at a time; the CSV and CEF exports at most 31. */
export const TransferQuery = /* @__PURE__ */ z.strictObject({
  from: AuditInstant.optional().describe('Created at or after; default seven days before `to`. The period is at most 366 days (31 for the exports).'),
  to: AuditInstant.optional().describe('Created before; default now.'),
  direction: z.enum(['in', 'out']).optional(),
  counterpart: OrgNumber.optional(),
  topic: Topic.optional(),
  reason: HandoffReason.optional(),
  outcome: HandoffStatus.optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
  cursor: z.string().min(1).max(500).optional(),
});
export type TransferQuery = z.infer<typeof TransferQuery>;

export const TransferPage = /* @__PURE__ */ z
  .strictObject({ items: z.array(TransferSummary), nextCursor: z.string().nullable() })
  .meta({ id: 'TransferPage', description: 'Transfers newest first.' });
export type TransferPage = z.infer<typeof TransferPage>;

export const TransferTimeline = /* @__PURE__ */ z
  .strictObject({ transfer: TransferSummary, entries: z.array(AuditEntry), verification: ChainVerification })
  .meta({ id: 'TransferTimeline' });
export type TransferTimeline = z.infer<typeof TransferTimeline>;

export const InsightsQuery = /* @__PURE__ */ z.strictObject({
  from: AuditInstant.optional().describe('Default seven days before `to`; at most 366 days before it.'),
  to: AuditInstant.optional().describe('Default now.'),
});

const Count = /* @__PURE__ */ z.int().min(0);

export const Insights = /* @__PURE__ */ z
  .strictObject({
    orgNumber: OrgNumber,
    from: z.iso.date(),
    to: z.iso.date(),
    transfers: z.strictObject({
      total: Count,
      incoming: Count,
      outgoing: Count,
      outsideOfficeHours: Count,
      shareOutsideOfficeHours: z.number().min(0).max(1),
    }),
    byHour: z.array(Count).length(24).describe('Transfers by hour of day, Oslo time.'),
    byWeekday: z.strictObject({ mon: Count, tue: Count, wed: Count, thu: Count, fri: Count, sat: Count, sun: Count }),
    outcomes: z
      .strictObject({ accepted: Count, declined: Count, expired: Count, fallback: Count, returned: Count, cancelled: Count, completed: Count })
      .describe('Moves into each of these states in the period: a transfer that was accepted and then completed counts in both.'),
    endings: z
      .strictObject({ completed: Count, returned: Count, cancelled: Count, fallback: Count })
      .describe('Transfers that ended in the period, each once, by how it ended.'),
    timeToAccept: z.strictObject({ samples: Count, p50Seconds: z.number().nullable(), p95Seconds: z.number().nullable() }),
    topTopics: z.array(z.strictObject({ topic: Topic, label: LocalizedText, count: Count })),
    topReasons: z.array(z.strictObject({ reason: HandoffReason, count: Count })),
    flows: z.array(z.strictObject({ from: AgencyRef, to: AgencyRef, count: Count })).describe('Agency-to-agency flows the agency took part in.'),
  })
  .meta({ id: 'Insights', description: 'What the flow of transfers says, for one agency and period; kept up to date from the bus.' });
export type Insights = z.infer<typeof Insights>;
