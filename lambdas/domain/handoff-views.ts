import type { HandoffDetail, HandoffView } from '#contracts/handoff';
import { citizenGuidance } from './citizen-guidance.ts';
import type { Directory } from './directory.ts';
import type { Handoff, HandoffContent } from './handoff.ts';

/** The handoff as the contract shows it, without conversation content. */
export function handoffView(handoff: Handoff, directory: Directory): HandoffView {
  const assigneeBot = handoff.assignee ? directory.bot(handoff.assignee) : undefined;
  return {
    id: handoff.id,
    status: handoff.status,
    statusReason: handoff.statusReason,
    version: handoff.version,
    createdAt: handoff.createdAt,
    updatedAt: handoff.updatedAt,
    origin: { ...handoff.origin, agencyName: directory.agencyName(handoff.origin.orgNumber) },
    target: handoff.target,
    assignee: handoff.assignee
      ? {
          kind: 'bot',
          orgNumber: handoff.assignee.orgNumber,
          agencyName: directory.agencyName(handoff.assignee.orgNumber),
          botId: handoff.assignee.botId,
          botName: assigneeBot?.name ?? handoff.assignee.botId,
        }
      : null,
    reason: handoff.reason,
    topic: handoff.topic,
    language: handoff.language,
    consent: handoff.consent,
    respondBy: handoff.status === 'routed' || handoff.status === 'offered' ? handoff.deadline : null,
    citizenGuidance: citizenGuidance(handoff, directory),
  };
}

/** May this agency read the conversation content? The origin and the current assignee only. */
export const maySeeContent = (handoff: Handoff, orgNumber: string) =>
  handoff.origin.orgNumber === orgNumber || handoff.assignee?.orgNumber === orgNumber;

/**
 * The handoff with the content the viewer may see. Expired content shows as
 * `context: null`, never as an error: the metadata outlives it.
 */
export function handoffDetail(handoff: Handoff, content: HandoffContent | undefined, directory: Directory, viewer: string): HandoffDetail {
  const view = handoffView(handoff, directory);
  if (!content || !maySeeContent(handoff, viewer)) return { ...view, context: null };
  return {
    ...view,
    context: content.context,
    ...(content.citizen ? { citizen: content.citizen } : {}),
    ...(content.returnSummary ? { returnSummary: content.returnSummary } : {}),
  };
}
