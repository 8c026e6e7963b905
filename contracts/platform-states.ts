import { type HandoffStatus, handoffStatuses, type PlatformStates } from './handoff.ts';

type BotFrameworkState = PlatformStates['botFramework'];
const initiated: BotFrameworkState = { activity: 'handoff.initiate', state: null };
const status = (state: 'accepted' | 'failed' | 'completed'): BotFrameworkState => ({ activity: 'handoff.status', state });

/**
 * Each state as a Bot Framework handoff activity. A total record: a new state
 * does not compile until it is mapped. Declines and expiries are still on
 * their way (the broker offers the next candidate); a handoff returned to the
 * origin has completed there.
 */
const botFramework: Record<HandoffStatus, BotFrameworkState> = {
  requested: initiated,
  routed: initiated,
  offered: initiated,
  declined: initiated,
  expired: initiated,
  queued: initiated,
  callback_scheduled: initiated,
  accepted: status('accepted'),
  completed: status('completed'),
  returned: status('completed'),
  cancelled: status('failed'),
  fallback: status('failed'),
};

/** Where the conversation is for a chat platform: with a person once one has taken it, waiting while it is queued for one, else with a bot. */
function chatPlatform(handoffStatus: HandoffStatus, assignee: AssigneeKind): PlatformStates['chatPlatform'] {
  if (assignee !== 'queue') return 'virtual_agent';
  if (handoffStatus === 'accepted') return 'assigned_to_human';
  return handoffStatus === 'queued' || handoffStatus === 'routed' || handoffStatus === 'offered' ? 'in_human_chat_queue' : 'virtual_agent';
}

/** Who has the handoff: nobody yet, a bot, or a human queue (an adviser in it). */
export type AssigneeKind = 'none' | 'bot' | 'queue';

/**
 * The contract's mapping from a handoff's status (and who has it) to the
 * chat-platform states partners already use: the field `platformStates`
 * of every handoff shows the entry that applies. Data, so the client package
 * carries the same table (generated from this one).
 */
export const platformStatesTable = Object.fromEntries(
  (['none', 'bot', 'queue'] as const).map((assignee) => [
    assignee,
    Object.fromEntries(
      handoffStatuses.map((handoffStatus) => [
        handoffStatus,
        { chatPlatform: chatPlatform(handoffStatus, assignee), botFramework: botFramework[handoffStatus] },
      ]),
    ),
  ]),
) as Record<AssigneeKind, Record<HandoffStatus, PlatformStates>>;
