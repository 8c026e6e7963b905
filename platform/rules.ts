import { eventPattern, type EventPattern } from '#contracts/events';
import type { FunctionId } from './functions.ts';

/**
 * The bus rules, declared once: the CDK stack makes an EventBridge rule and
 * target of each, the embedded runtime's bus matches the same patterns.
 */
export type RuleDeclaration = { description: string; pattern: EventPattern; target: FunctionId };

/** The bus rules: which transitions wake which function. */
export const rules = {
  rerouteAfterDeclineOrExpiry: {
    description: 'Offer the next candidate, or fall back, when an offer is declined or expires.',
    pattern: eventPattern('handoffTransitioned', { to: ['declined', 'expired'] }),
    target: 'router',
  },
  dispatchOffersAndNotices: {
    description: 'Push offers to their bot, and tell the other party of accepts, closes and fallbacks.',
    pattern: eventPattern('handoffTransitioned', { to: ['offered', 'accepted', 'completed', 'returned', 'cancelled', 'fallback'] }),
    target: 'dispatcher',
  },
  noticeLaterRouting: {
    // The first routing or queueing is in the answer to the create request: the origin needs no webhook for it.
    description: 'Tell the origin when the broker routes or queues its handoff again later (after a decline, an expiry or a callback).',
    pattern: eventPattern('handoffTransitioned', { to: ['routed', 'queued', 'callback_scheduled'], from: [{ 'anything-but': ['requested'] }] }),
    target: 'dispatcher',
  },
  relayMessages: {
    description: 'Push relayed messages to the other party’s bot.',
    pattern: eventPattern('handoffMessagePosted'),
    target: 'dispatcher',
  },
  recordQueuePace: {
    description: 'Record when conversations are taken from a human queue; the wait estimate reads it.',
    pattern: eventPattern('handoffTransitioned', { to: ['accepted'], assignee: { kind: ['queue'] } }),
    target: 'queueStats',
  },
} satisfies Record<string, RuleDeclaration>;
