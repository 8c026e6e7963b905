import type { HandoffNotice } from '#contracts/agency-bus';
import type { Assignee, HandoffDetail, HandoffView } from '#contracts/handoff';
import { platformStatesOf } from './platform-states.ts';
import { citizenGuidance } from './citizen-guidance.ts';
import { forReceiver } from './consent.ts';
import type { Directory } from './directory.ts';
import type { AssigneeRef, Handoff, HandoffContent } from './handoff.ts';
import type { QueueSnapshot } from './human-queue.ts';

export function assigneeView(ref: AssigneeRef, directory: Directory): Assignee {
  const agencyName = directory.agencyName(ref.orgNumber);
  if (ref.kind === 'bot') {
    return { kind: 'bot', orgNumber: ref.orgNumber, agencyName, botId: ref.botId, botName: directory.bot(ref)?.name ?? ref.botId };
  }
  return {
    kind: 'queue',
    orgNumber: ref.orgNumber,
    agencyName,
    queueId: ref.queueId,
    queueName: directory.queue(ref)?.name ?? ref.queueId,
    adviserId: ref.adviserId,
    adviserName: ref.adviserId ? (directory.adviser(ref.orgNumber, ref.adviserId)?.name ?? null) : null,
  };
}

/** The handoff as the contract shows it, without conversation content; a queue snapshot adds position and wait. */
export function handoffView(handoff: Handoff, directory: Directory, snapshot?: QueueSnapshot): HandoffView {
  const waiting = handoff.status === 'queued' || handoff.status === 'callback_scheduled';
  return {
    id: handoff.id,
    status: handoff.status,
    statusReason: handoff.statusReason,
    version: handoff.version,
    createdAt: handoff.createdAt,
    updatedAt: handoff.updatedAt,
    origin: { ...handoff.origin, agencyName: directory.agencyName(handoff.origin.orgNumber) },
    target: handoff.target,
    assignee: handoff.assignee ? assigneeView(handoff.assignee, directory) : null,
    reason: handoff.reason,
    topic: handoff.topic,
    language: handoff.language,
    consent: handoff.consent,
    respondBy: handoff.status === 'routed' || handoff.status === 'offered' ? handoff.deadline : null,
    priority: handoff.priority,
    flags: handoff.flags,
    queue:
      waiting && handoff.assignee?.kind === 'queue'
        ? {
            position: snapshot?.position ?? null,
            estimatedWaitSeconds: snapshot?.estimate?.seconds ?? null,
            estimateBasis: snapshot?.estimate?.basis ?? null,
          }
        : null,
    callback: handoff.callback,
    // Handoffs stored before the receipt existed have none.
    sharing: handoff.sharing ?? { categories: [], identityNumbersRemoved: 0 },
    citizenGuidance: citizenGuidance(handoff, directory, snapshot),
    platformStates: platformStatesOf(handoff.status, handoff.assignee),
  };
}

/** May this agency read the conversation content? The origin and the current assignee only. */
export const maySeeContent = (handoff: Handoff, orgNumber: string) => handoff.origin.orgNumber === orgNumber || handoff.assignee?.orgNumber === orgNumber;

/** Who reads a handoff: an agency's system, or a person (an adviser on the desk) at that agency. */
export type Viewer = { orgNumber: string; adviser: boolean };

/**
 * A callback's contact details are for the adviser who calls back: the origin
 * (which sent them) sees them too, but no machine of the receiving agency does.
 */
export const maySeeContact = (handoff: Handoff, viewer: Viewer) =>
  (!viewer.adviser && viewer.orgNumber === handoff.origin.orgNumber) ||
  (viewer.adviser && handoff.assignee?.kind === 'queue' && handoff.assignee.orgNumber === viewer.orgNumber);

/** A handoff as a webhook shows it, content withheld: what travels on a bus. */
export function handoffNotice(handoff: Handoff, directory: Directory): HandoffNotice {
  return { ...handoffView(handoff, directory), context: null };
}

/**
 * The handoff with the content the viewer may see. Expired content shows as
 * `context: null`, never as an error: the metadata outlives it.
 */
export function handoffDetail(
  handoff: Handoff,
  content: HandoffContent | undefined,
  directory: Directory,
  viewer: Viewer,
  snapshot?: QueueSnapshot,
): HandoffDetail {
  const view = handoffView(handoff, directory, snapshot);
  if (!content || !maySeeContent(handoff, viewer.orgNumber)) return { ...view, context: null };
  // The origin sees what it sent; the receiving side what its directory entry takes.
  // An adviser is always on the receiving side, also when the agency hands a conversation to its own queue.
  const receiving = viewer.adviser || viewer.orgNumber !== handoff.origin.orgNumber;
  const given = receiving && handoff.assignee ? forReceiver(content, directory.accepts(handoff.assignee)) : content;
  const { contact, ...identity } = given.citizen ?? {};
  const showContact = maySeeContact(handoff, viewer);
  const citizen = { ...identity, ...(contact && showContact ? { contact } : {}) };
  return {
    ...view,
    context: given.context,
    ...(Object.keys(citizen).length ? { citizen } : {}),
    ...(content.returnSummary ? { returnSummary: content.returnSummary } : {}),
  };
}
