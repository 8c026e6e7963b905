import type { HandoffStatus, StatusReason } from '#contracts/handoff';
import type { ActorRole, DataCategory } from '#contracts/events';
import { seal, type UnsealedEntry } from './audit-chain.ts';
import { IllegalTransition, NotPermitted } from './errors.ts';
import { brokerActor, type Actor, type Handoff, type TransitionRecord } from './handoff.ts';

/**
 * The handoff state machine (docs/architecture.md): for each state, the states it may
 * move to and who may make that move. The single source of every transition.
 */
export const lifecycle: Record<HandoffStatus, Partial<Record<HandoffStatus, readonly ActorRole[]>>> = {
  requested: { routed: ['broker'], queued: ['broker'], callback_scheduled: ['broker'], fallback: ['broker'], cancelled: ['origin'] },
  routed: { offered: ['broker'], expired: ['broker'], cancelled: ['origin'] },
  offered: { accepted: ['target'], declined: ['target', 'broker'], expired: ['broker'], cancelled: ['origin'] },
  declined: { routed: ['broker'], queued: ['broker'], fallback: ['broker'], cancelled: ['origin'] },
  expired: { routed: ['broker'], queued: ['broker'], fallback: ['broker'], cancelled: ['origin'] },
  queued: { accepted: ['target'], callback_scheduled: ['broker'], fallback: ['broker'], cancelled: ['origin'] },
  callback_scheduled: { queued: ['broker'], fallback: ['broker'], cancelled: ['origin'] },
  accepted: { completed: ['target', 'broker'], returned: ['target'], cancelled: ['origin'] },
  completed: {},
  cancelled: {},
  returned: {},
  fallback: {},
};

export const isTerminal = (status: HandoffStatus) => Object.keys(lifecycle[status]).length === 0;

export type LifecycleSettings = {
  /** How long a routed or offered handoff waits for the target before it expires. */
  offerTimeoutSeconds: number;
  /** How long an accepted conversation may stay open before the broker closes it. */
  acceptedTimeoutSeconds: number;
};

/** States whose deadline comes from a queue's hours (its closing time, the callback time), given with the move. */
export const queueTimedStatuses = ['queued', 'callback_scheduled'] as const satisfies HandoffStatus[];
const isQueueTimed = (status: HandoffStatus) => (queueTimedStatuses as readonly HandoffStatus[]).includes(status);

/**
 * When a handoff that has just entered a state must have moved on, for the
 * states with a fixed timeout. Declined and expired normally last
 * milliseconds (the router acts); their deadline is the safety net.
 */
export function deadlineAfter(status: HandoffStatus, at: string, settings: LifecycleSettings): string | null {
  const seconds =
    status === 'routed' || status === 'offered' || status === 'declined' || status === 'expired'
      ? settings.offerTimeoutSeconds
      : status === 'accepted'
        ? settings.acceptedTimeoutSeconds
        : null;
  return seconds === null ? null : new Date(Date.parse(at) + seconds * 1000).toISOString();
}

/** A set of transitions committed together: one conditional write on `expectedVersion`. */
export type Change = {
  /** The version the stored handoff must still have; 0 for a new handoff. */
  expectedVersion: number;
  handoff: Handoff;
  transitions: TransitionRecord[];
};

export type Move = {
  to: HandoffStatus;
  actor: Actor;
  at: string;
  statusReason?: StatusReason | null;
  /** Fields that change with the move. */
  set?: Partial<Pick<Handoff, 'assignee' | 'candidates' | 'flags' | 'callback' | 'waitingSince' | 'contentExpiresAt'>>;
  /** Required for the queue-timed states; otherwise the state's fixed timeout applies. */
  deadline?: string | null;
  dataShared?: DataCategory[];
};

const entryOf = (handoff: Handoff, from: HandoffStatus | null, move: Pick<Move, 'actor' | 'at' | 'dataShared'>): UnsealedEntry => ({
  handoffId: handoff.id,
  seq: handoff.seq,
  version: handoff.version,
  from,
  to: handoff.status,
  at: move.at,
  actor: move.actor,
  statusReason: handoff.statusReason,
  topic: handoff.topic,
  language: handoff.language,
  reason: handoff.reason,
  originOrgNumber: handoff.origin.orgNumber,
  assignee: handoff.assignee,
  priority: handoff.priority,
  dataShared: move.dataShared ?? [],
  consentReference: handoff.consent.reference ?? null,
});

/** Records a transition as the next link of the handoff's audit chain, and moves the chain's head to it. */
function append(handoff: Handoff, transitions: TransitionRecord[], entry: UnsealedEntry): { handoff: Handoff; transitions: TransitionRecord[] } {
  const record: TransitionRecord = seal(entry, handoff.auditHead);
  return { handoff: { ...handoff, auditHead: record.hash }, transitions: [...transitions, record] };
}

/** A new handoff, recorded as its first transition (into `requested`). */
export function openChange(draft: Omit<Handoff, 'version' | 'seq' | 'status' | 'statusReason' | 'updatedAt' | 'deadline' | 'auditHead'>, actor: Actor): Change {
  const handoff: Handoff = {
    ...draft,
    version: 1,
    seq: 1,
    status: 'requested',
    statusReason: null,
    updatedAt: draft.createdAt,
    deadline: null,
    auditHead: null,
  };
  return { expectedVersion: 0, ...append(handoff, [], entryOf(handoff, null, { actor, at: draft.createdAt })) };
}

/** Starts a change to a stored handoff. */
export const changeOf = (current: Handoff): Change => ({
  expectedVersion: current.version,
  handoff: { ...current, version: current.version + 1 },
  transitions: [],
});

/**
 * Adds one transition to a change and sets the deadline of the new state.
 * Throws `IllegalTransition` when the state machine has no such edge and
 * `NotPermitted` when the actor's role may not take it.
 */
export function move(change: Change, next: Move, settings: LifecycleSettings): Change {
  const from = change.handoff.status;
  const allowed = lifecycle[from][next.to];
  if (!allowed) throw new IllegalTransition(from, next.to);
  if (!allowed.includes(next.actor.role)) {
    throw new NotPermitted(`only ${allowed.join(' or ')} may move a handoff from ${from} to ${next.to}`);
  }
  if (isQueueTimed(next.to) && !next.deadline) throw new Error(`moving to ${next.to} needs the queue's deadline`);
  const assignee = next.set?.assignee === undefined ? change.handoff.assignee : next.set.assignee;
  const handoff: Handoff = {
    ...change.handoff,
    ...next.set,
    seq: change.handoff.seq + 1,
    status: next.to,
    statusReason: next.statusReason ?? null,
    updatedAt: next.at,
    deadline: next.deadline !== undefined ? next.deadline : deadlineAfter(next.to, next.at, settings),
    // The receipt follows the assignee: what the new one receives, nothing once nobody has it.
    sharing: {
      identityNumbersRemoved: change.handoff.sharing?.identityNumbersRemoved ?? 0,
      categories: assignee === null ? [] : (next.dataShared ?? change.handoff.sharing?.categories ?? []),
    },
    participants:
      assignee && !change.handoff.participants.includes(assignee.orgNumber)
        ? [...change.handoff.participants, assignee.orgNumber]
        : change.handoff.participants,
  };
  return { ...change, ...append(handoff, change.transitions, entryOf(handoff, from, next)) };
}

/**
 * A handoff routed to a bot is offered in the same change: the bot may accept
 * the moment it hears, and the push waits for one trip through the stream, not
 * two (a separate offer write cost a second state write, a second trip and a
 * dispatcher run; docs/architecture.md, the cost of a handoff).
 */
export function offerToBot(routed: Change, at: string, dataShared: TransitionRecord['dataShared'], settings: LifecycleSettings): Change {
  return move(routed, { to: 'offered', actor: brokerActor, at, dataShared }, settings);
}
