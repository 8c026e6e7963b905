import type { QueueConfig } from '#contracts/directory';
import type { Directory } from './directory.ts';
import { InvalidRequest, NoRoute } from './errors.ts';
import type { ContactChannel, Handoff, HandoffFlag, Priority, QueueRef } from './handoff.ts';
import { openingState } from './opening-hours.ts';
import { estimateWait, type WaitEstimate } from './wait-estimate.ts';

/** A queue as it stands at an instant: staffed or not, until when, and from when next. */
export type QueueState = {
  queue: QueueConfig;
  /** Open by its hours and with advisers on duty. */
  available: boolean;
  closesAt: Date | null;
  nextOpening: Date | null;
  advisersOnDuty: number;
};

export function queueState(directory: Directory, ref: Pick<QueueRef, 'orgNumber' | 'queueId'>, now: Date): QueueState {
  const queue = directory.queue(ref);
  if (!queue) throw new Error(`no queue ${ref.queueId} at ${ref.orgNumber}`);
  const advisersOnDuty = directory.advisersOn(ref).length;
  const hours = openingState(queue.openingHours, now);
  if (hours.open && advisersOnDuty > 0) return { queue, available: true, closesAt: hours.closesAt, nextOpening: null, advisersOnDuty };
  if (hours.open) {
    // Open by the clock but nobody rostered: the next chance is the next opening after this one.
    const later = openingState(queue.openingHours, new Date(hours.closesAt.getTime() + 1));
    return { queue, available: false, closesAt: null, nextOpening: later.open ? null : later.nextOpening, advisersOnDuty };
  }
  return { queue, available: false, closesAt: null, nextOpening: hours.nextOpening, advisersOnDuty };
}

/** The order of a queue: urgent first, then whoever has waited longest. */
export const queueOrder = (a: Pick<Handoff, 'priority' | 'waitingSince' | 'id'>, b: Pick<Handoff, 'priority' | 'waitingSince' | 'id'>) =>
  (a.priority === 'urgent' ? 0 : 1) - (b.priority === 'urgent' ? 0 : 1) ||
  (a.waitingSince ?? '').localeCompare(b.waitingSince ?? '') ||
  a.id.localeCompare(b.id);

export type Admission = {
  to: 'queued' | 'callback_scheduled';
  deadline: string;
  callback: Handoff['callback'];
  flags: HandoffFlag[];
  waitingSince: string | null;
  statusReason: 'callback_requested' | 'queue_closed' | null;
};

/**
 * What a human handoff becomes when it reaches its queue. An available queue
 * takes it (a citizen who prefers a callback is queued to be called). A closed
 * queue schedules a callback at the next opening with the contact the citizen
 * gave; an urgent handoff is scheduled for follow-up at the next opening even
 * without one, and is never dropped.
 */
export function admitToQueue(input: {
  state: QueueState;
  priority: Priority;
  preference: 'wait' | 'callback';
  contactChannel: ContactChannel | null;
  flags: HandoffFlag[];
  now: Date;
  /** Only asking (a preview): a missing contact is not refused; the answer is what happens once the citizen gives one. */
  asking?: boolean;
}): Admission {
  const { state, now } = input;
  const at = now.toISOString();
  if (input.preference === 'callback' && !input.contactChannel && !input.asking) {
    throw new InvalidRequest('a callback needs a way to reach the citizen', [
      { path: ['citizen', 'contact'], message: 'required when preference is callback' },
    ]);
  }
  if (state.available) {
    return {
      to: 'queued',
      deadline: state.closesAt!.toISOString(),
      callback: input.preference === 'callback' ? { at, channel: input.contactChannel } : null,
      flags: input.flags,
      waitingSince: at,
      statusReason: input.preference === 'callback' ? 'callback_requested' : null,
    };
  }
  if (!state.nextOpening) {
    throw new NoRoute(`${state.queue.name} has no opening in the coming weeks`, [
      { path: ['target'], message: 'the queue is closed for the foreseeable future' },
    ]);
  }
  const opening = state.nextOpening.toISOString();
  const callback = callbackAtOpening({ opening, priority: input.priority, contactChannel: input.contactChannel, flags: input.flags });
  if (!callback && input.asking) {
    return {
      to: 'callback_scheduled',
      deadline: opening,
      callback: { at: opening, channel: null },
      flags: input.flags,
      waitingSince: null,
      statusReason: 'queue_closed',
    };
  }
  if (!callback) {
    throw new InvalidRequest(`${state.queue.name} is closed until ${opening}; give the citizen's contact details for a callback`, [
      { path: ['citizen', 'contact'], message: 'required when the queue is closed: the citizen is called back at the next opening' },
    ]);
  }
  return callback;
}

/**
 * A handoff that cannot wait in line (its queue is closed) is called back at
 * the opening with the contact the citizen gave; an urgent one is flagged for
 * follow-up and scheduled even without a contact. Null when nobody can be called.
 */
export function callbackAtOpening(input: {
  opening: string;
  priority: Priority;
  contactChannel: ContactChannel | null;
  flags: HandoffFlag[];
}): Admission | null {
  const urgent = input.priority === 'urgent';
  if (!urgent && !input.contactChannel) return null;
  return {
    to: 'callback_scheduled',
    deadline: input.opening,
    callback: { at: input.opening, channel: input.contactChannel },
    flags: urgent ? [...new Set([...input.flags, 'follow_up' as const])] : input.flags,
    waitingSince: null,
    statusReason: 'queue_closed',
  };
}

export type QueueSnapshot = {
  state: QueueState;
  position: number | null;
  estimate: WaitEstimate | null;
};

/** A handoff has a place in its queue's line while it waits there, or is about to join it. */
export const waitsInLine = (handoff: Pick<Handoff, 'status'>) => handoff.status === 'queued' || handoff.status === 'requested';

/**
 * Where a handoff stands in its queue and how long it will wait: its place
 * among those waiting (as if it joined now, when it is not in the list yet),
 * and the estimate from the queue's recent pace.
 */
export function queueSnapshot(input: {
  handoff: Pick<Handoff, 'id' | 'priority' | 'waitingSince' | 'status'>;
  state: QueueState;
  waiting: Pick<Handoff, 'id' | 'priority' | 'waitingSince'>[];
  recentAccepts: string[];
  now: Date;
}): QueueSnapshot {
  if (!waitsInLine(input.handoff)) return { state: input.state, position: null, estimate: null };
  const self = { ...input.handoff, waitingSince: input.handoff.waitingSince ?? input.now.toISOString() };
  const line = [...input.waiting.filter((other) => other.id !== self.id), self].sort(queueOrder);
  const position = line.findIndex((entry) => entry.id === self.id) + 1;
  const estimate = input.state.available
    ? estimateWait({
        position,
        recentAccepts: input.recentAccepts,
        now: input.now,
        handlingMinutes: input.state.queue.handlingMinutes,
        advisersOnDuty: input.state.advisersOnDuty,
      })
    : null;
  return { state: input.state, position, estimate };
}
