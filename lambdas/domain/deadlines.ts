import type { Directory } from './directory.ts';
import type { Move } from './handoff-lifecycle.ts';
import { brokerActor, type Handoff } from './handoff.ts';
import { callbackAtOpening, queueState } from './human-queue.ts';

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
export function deadlineMove(handoff: Handoff, context: { now: Date; directory: Directory }): Move | null {
  const at = context.now.toISOString();
  const base = { actor: brokerActor, at };
  switch (handoff.status) {
    case 'routed':
      // A bot's offer is recorded in the routing's own write; one stored `routed` was routed before that
      // (its `routed` event no longer wakes the dispatcher): it is offered now rather than expired unseen.
      if (handoff.assignee?.kind === 'bot') return { ...base, to: 'offered', dataShared: handoff.sharing.categories };
      return { ...base, to: 'expired', statusReason: 'offer_expired' };
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
      const callback = opening
        ? callbackAtOpening({ opening, priority: handoff.priority, contactChannel: handoff.contactChannel, flags: handoff.flags })
        : null;
      if (!callback) return { ...base, to: 'fallback', statusReason: 'queue_closed' };
      return {
        ...base,
        to: callback.to,
        statusReason: 'queue_closed',
        deadline: callback.deadline,
        set: { callback: callback.callback, flags: callback.flags, waitingSince: null },
      };
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
