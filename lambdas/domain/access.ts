import type { ActorRole } from '#contracts/events';
import type { Directory } from './directory.ts';
import type { Caller, Handoff } from './handoff.ts';

/** Is the adviser rostered on the human queue the handoff is assigned to? */
const rosteredFor = (handoff: Handoff, caller: Caller, directory: Directory) => {
  const assignee = handoff.assignee;
  if (!caller.adviserId || assignee?.kind !== 'queue' || assignee.orgNumber !== caller.orgNumber) return false;
  return directory.adviser(caller.orgNumber, caller.adviserId)?.queues.includes(assignee.queueId) ?? false;
};

/**
 * Who may see a handoff: a partner system of an agency that takes part in it;
 * an adviser rostered on the queue it is assigned to. Everyone else is told it
 * does not exist.
 */
export function maySee(handoff: Handoff, caller: Caller, directory: Directory): boolean {
  if (caller.adviserId) return rosteredFor(handoff, caller, directory);
  return handoff.participants.includes(caller.orgNumber);
}

/**
 * Does the caller hold the role? The origin is the origin agency. The target
 * is the assigned agency: any of its partner systems (a contact-centre system
 * acts without being an adviser), or an adviser rostered on the queue, and once
 * an adviser has taken the conversation, only that adviser.
 */
export function holdsRole(handoff: Handoff, caller: Caller, role: ActorRole, directory: Directory): boolean {
  if (role === 'origin') return !caller.adviserId && handoff.origin.orgNumber === caller.orgNumber;
  const assignee = handoff.assignee;
  if (!assignee || assignee.orgNumber !== caller.orgNumber) return false;
  if (!caller.adviserId) return true;
  return rosteredFor(handoff, caller, directory) && assignee.kind === 'queue' && (assignee.adviserId === null || assignee.adviserId === caller.adviserId);
}
