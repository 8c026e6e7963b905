import type { TransferSummary } from '#contracts/audit';
import type { DataCategory } from '#contracts/events';
import type { Directory } from './directory.ts';
import { isTerminal } from './handoff-lifecycle.ts';
import type { AssigneeRef, Handoff, TransitionRecord } from './handoff.ts';

const nameOf = (ref: AssigneeRef, directory: Directory) =>
  ref.kind === 'bot' ? (directory.bot(ref)?.name ?? ref.botId) : (directory.queue(ref)?.name ?? ref.queueId);

const agencyRef = (orgNumber: string, directory: Directory) => ({ orgNumber, agencyName: directory.agencyName(orgNumber) });

/**
 * The transfer as each agency that took part sees it in the audit: out for
 * the origin, in for each agency it was handed to. Computed from the state and
 * the whole timeline, so recomputing it after any event gives the same answer.
 */
export function transferSummaries(handoff: Handoff, timeline: TransitionRecord[], directory: Directory): { orgNumber: string; summary: TransferSummary }[] {
  const accepted = timeline.find((entry) => entry.to === 'accepted');
  const closed = [...timeline].reverse().find((entry) => isTerminal(entry.to));
  const assignments = timeline.flatMap((entry) => (entry.assignee ? [entry.assignee as AssigneeRef] : []));
  const dataShared = [...new Set(timeline.flatMap((entry) => entry.dataShared))] as DataCategory[];
  const lastAssignee = handoff.assignee ?? assignments.at(-1) ?? null;
  return handoff.participants.map((orgNumber) => {
    const direction = orgNumber === handoff.origin.orgNumber ? 'out' : 'in';
    const receiving = direction === 'out' ? lastAssignee : ([...assignments].reverse().find((assignee) => assignee.orgNumber === orgNumber) ?? null);
    const counterpartOrg = direction === 'out' ? (receiving?.orgNumber ?? null) : handoff.origin.orgNumber;
    const summary: TransferSummary = {
      handoffId: handoff.id,
      direction,
      createdAt: handoff.createdAt,
      updatedAt: handoff.updatedAt,
      origin: agencyRef(handoff.origin.orgNumber, directory),
      receiving: receiving ? { ...agencyRef(receiving.orgNumber, directory), kind: receiving.kind, name: nameOf(receiving, directory) } : null,
      counterpart: counterpartOrg ? agencyRef(counterpartOrg, directory) : null,
      topic: handoff.topic,
      reason: handoff.reason,
      language: handoff.language,
      priority: handoff.priority,
      status: handoff.status,
      statusReason: handoff.statusReason,
      acceptedAt: accepted?.at ?? null,
      secondsToAccept: accepted ? Math.max(0, Math.round((Date.parse(accepted.at) - Date.parse(handoff.createdAt)) / 1000)) : null,
      closedAt: closed?.at ?? null,
      dataShared,
      consentReference: handoff.consent.reference ?? null,
      citizenPseudonym: handoff.citizenPseudonym,
    };
    return { orgNumber, summary };
  });
}
