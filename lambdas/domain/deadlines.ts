import type { Directory } from './directory.ts';
import type { LifecycleSettings, Move } from './handoff-lifecycle.ts';
import { brokerActor, type Handoff } from './handoff.ts';
import { queueState } from './human-queue.ts';

/** The states the sweeper acts on when their deadline passes: every state that gets one. */
export const sweptStatuses = ['routed', 'offered', 'declined', 'expired', 'accepted', 'queued', 'callback_scheduled'] as const;

/**
 * What the broker does when a handoff's deadline passes (the sweeper's rule
 * book): unanswered offers expire; a handoff stuck after a decline or expiry
 * falls back; an idle accepted conversation is closed; when a queue closes,
 * those still waiting get a callback (urgent ones a follow-up) at the next
 * opening, or fall back when there is no way to call them; a callback that is
 * due joins its queue.
 */
export function deadlineMove(handoff: Handoff, context: { now: Date; directory: Directory; settings: LifecycleSettings }): Move | null {
  const at = context.now.toISOString();
  const base = { actor: brokerActor, at };
  switch (handoff.status) {
    case 'routed':
    case 'offered':
      return { ...base, to: 'expired', statusReason: 'offer_expired' };
    case 'declined':
    case 'expired':
      return { ...base, to: 'fallback', statusReason: handoff.statusReason, set: { assignee: null } };
    case 'accepted':
      return { ...base, to: 'completed', statusReason: 'inactivity' };
    case 'queued': {
      if (handoff.assignee?.kind !== 'queue') return { ...base, to: 'fallback', statusReason: 'queue_closed' };
      const state = queueState(context.directory, handoff.assignee, context.now);
      const opening = state.available ? at : state.nextOpening?.toISOString();
      const urgent = handoff.priority === 'urgent';
      if (opening && (urgent || handoff.contactChannel)) {
        return {
          ...base,
          to: 'callback_scheduled',
          statusReason: 'queue_closed',
          deadline: opening,
          set: {
            callback: { at: opening, channel: handoff.contactChannel },
            flags: urgent ? [...new Set([...handoff.flags, 'follow_up' as const])] : handoff.flags,
            waitingSince: null,
          },
        };
      }
      return { ...base, to: 'fallback', statusReason: 'queue_closed' };
    }
    case 'callback_scheduled': {
      if (handoff.assignee?.kind !== 'queue') return { ...base, to: 'fallback', statusReason: 'queue_closed' };
      const state = queueState(context.directory, handoff.assignee, context.now);
      if (!state.available && !state.nextOpening) return { ...base, to: 'fallback', statusReason: 'queue_closed' };
      // If the queue is not open after all (its hours changed), the next sweep schedules it again.
      return { ...base, to: 'queued', statusReason: 'callback_due', deadline: state.closesAt?.toISOString() ?? at, set: { waitingSince: at } };
    }
    default:
      return null;
  }
}
