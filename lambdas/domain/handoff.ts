import type {
  Citizen,
  Consent,
  ContactChannel,
  HandoffContext,
  HandoffFlag,
  HandoffReason,
  HandoffStatus,
  Priority,
  StatusReason,
  Summary,
  Target,
} from '#contracts/handoff';
import type { DataCategory, HandoffTransitioned } from '#contracts/events';
import type { TopicCode } from '#contracts/topics';

/** A bot the broker offers a handoff to. */
export type BotRef = { kind: 'bot'; orgNumber: string; botId: string };

/** A human queue, and the adviser who took the conversation from it once one has. */
export type QueueRef = { kind: 'queue'; orgNumber: string; queueId: string; adviserId: string | null };
/** A human queue by name, without who in it took a conversation. */
export type QueueKey = Pick<QueueRef, 'orgNumber' | 'queueId'>;

/** Who a handoff is assigned to: the same shape the bus events carry. */
export type AssigneeRef = BotRef | QueueRef;

export const botRef = (orgNumber: string, botId: string): BotRef => ({ kind: 'bot', orgNumber, botId });
export const queueRef = (orgNumber: string, queueId: string, adviserId: string | null = null): QueueRef => ({ kind: 'queue', orgNumber, queueId, adviserId });

export type { ContactChannel, HandoffFlag, Priority } from '#contracts/handoff';

/** The session state of a handoff: everything but the conversation content. */
export type Handoff = {
  id: string;
  version: number;
  /** Number of transitions recorded so far; the next one gets seq + 1. */
  seq: number;
  status: HandoffStatus;
  statusReason: StatusReason | null;
  createdAt: string;
  updatedAt: string;
  origin: { orgNumber: string; botId: string; conversationId: string };
  target: Target;
  reason: HandoffReason;
  topic: TopicCode;
  language: string;
  consent: Consent;
  assignee: AssigneeRef | null;
  /** The routing plan, best first; rerouting walks it. */
  candidates: AssigneeRef[];
  /** When the current state must have moved on; the sweeper acts on it. */
  deadline: string | null;
  /** Every agency that took part: the origin and each assignee. */
  participants: string[];
  priority: Priority;
  flags: HandoffFlag[];
  /** A scheduled callback or follow-up, with the channel the citizen gave (never the number itself). */
  callback: { at: string; channel: ContactChannel | null } | null;
  /** When the handoff entered its human queue: orders the queue and measures the wait. */
  waitingSince: string | null;
  /** The channel a callback can use, if the citizen gave contact details (the details stay in the content). */
  contactChannel: ContactChannel | null;
  /** The hash of the latest audit entry: the head of the chain the verifier checks. */
  auditHead: string | null;
  /** A keyed pseudonym of the citizen (from the national identity number, or of the handoff when there is none). */
  citizenPseudonym: string;
  /** When the conversation content (context, transcript, messages) is deleted, by the agencies' retention policies. */
  contentExpiresAt: string;
  /** The origin's receipt: what the current assignee receives, and how many identity numbers were taken out of the text. */
  sharing: Sharing;
};

export type Sharing = { categories: DataCategory[]; identityNumbersRemoved: number };

/** The conversation content: kept apart so it can expire sooner than the metadata. */
export type HandoffContent = {
  context: HandoffContext;
  citizen?: Citizen;
  returnSummary?: Summary;
};

/** One recorded state change: the timeline entry, the outbox record and the bus event are this fact. */
export type TransitionRecord = Omit<HandoffTransitioned, 'schemaVersion'>;

export type Actor = TransitionRecord['actor'];

export const brokerActor: Actor = { role: 'broker', orgNumber: null, clientId: null, supplierOrgNumber: null, botId: null, adviserId: null };

/** Who is calling the API, as proven by the bearer token: a partner system, or an adviser on the desk. */
export type Caller = {
  orgNumber: string;
  clientId: string | null;
  /** A vendor acting for the agency (Maskinporten's `supplier` claim). */
  supplierOrgNumber: string | null;
  /** An adviser on the desk: the person behind the call. */
  adviserId: string | null;
  scopes: string[];
};

/** The audit actor for a caller in a role: the agency, the system or person, and the bot it speaks for. */
export function actorFor(caller: Caller, role: 'origin' | 'target', botId: string | null): Actor {
  return {
    role,
    orgNumber: caller.orgNumber,
    clientId: caller.clientId,
    supplierOrgNumber: caller.supplierOrgNumber,
    botId: caller.adviserId ? null : botId,
    adviserId: caller.adviserId,
  };
}

export const sameAssignee = (a: AssigneeRef | null | undefined, b: AssigneeRef | null | undefined): boolean => {
  if (!a || !b || a.kind !== b.kind || a.orgNumber !== b.orgNumber) return false;
  return a.kind === 'bot' ? a.botId === (b as BotRef).botId : a.queueId === (b as QueueRef).queueId;
};

/** The origin's bot, as a reference a webhook can be sent to. */
export const originBot = (handoff: Handoff): BotRef => botRef(handoff.origin.orgNumber, handoff.origin.botId);
