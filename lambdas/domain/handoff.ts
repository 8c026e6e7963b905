import type { Citizen, Consent, HandoffContext, HandoffReason, HandoffStatus, StatusReason, Summary, Target } from '#contracts/handoff';
import type { HandoffTransitioned } from '#contracts/events';
import type { TopicCode } from '#contracts/topics';

/** A bot the broker offers a handoff to. */
export type BotRef = { orgNumber: string; botId: string };

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
  assignee: BotRef | null;
  /** The routing plan, best first; rerouting walks it. */
  candidates: BotRef[];
  /** When the current offer times out, or an accepted conversation is closed for inactivity. */
  deadline: string | null;
  /** Every agency that took part: the origin and each assignee. */
  participants: string[];
};

/** The conversation content: kept apart so it can expire sooner than the metadata. */
export type HandoffContent = {
  context: HandoffContext;
  citizen?: Citizen;
  returnSummary?: Summary;
};

/** One recorded state change: the timeline entry, the outbox record and the bus event are this fact. */
export type TransitionRecord = Omit<HandoffTransitioned, 'schemaVersion'>;

export type Actor = TransitionRecord['actor'];

export const brokerActor: Actor = { role: 'broker', orgNumber: null, clientId: null };

/** Who is calling the API, as proven by the bearer token. */
export type Caller = {
  orgNumber: string;
  clientId: string | null;
  scopes: string[];
};

export const sameBot = (a: BotRef | null | undefined, b: BotRef | null | undefined) =>
  !!a && !!b && a.orgNumber === b.orgNumber && a.botId === b.botId;
