import { agencyBusEvents, agencyBusSource, type AgencyBusRecipient } from '#contracts/agency-bus';
import type { DirectoryConfig } from '#contracts/directory';
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
  announceQueueing: {
    // A queue with its own event bus hears of it; later queueing reaches the dispatcher by the rule above.
    description: 'Tell a human queue’s own event bus that a new handoff was queued or scheduled for a callback.',
    pattern: eventPattern('handoffTransitioned', { to: ['queued', 'callback_scheduled'], from: ['requested'], assignee: { kind: ['queue'] } }),
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

/** A forward of the delivery events for one directory entry onto the agency's own bus. */
export type AgencyBusRoute = { id: string; description: string; pattern: EventPattern; recipient: AgencyBusRecipient; busArn: string };

/**
 * One route per bot or queue that names an event bus in the directory: the
 * CDK stack makes a rule with a cross-account target and a role that may put
 * events on that bus only; the embedded runtime forwards to a second local bus.
 */
export function agencyBusRoutes(directory: Pick<DirectoryConfig, 'agencies'>): AgencyBusRoute[] {
  return directory.agencies.flatMap((agency) => [
    ...agency.bots.flatMap((bot) =>
      bot.eventBusArn ? [agencyBusRoute({ kind: 'bot', orgNumber: agency.orgNumber, botId: bot.id }, `bot ${bot.id}`, bot.eventBusArn)] : [],
    ),
    ...(agency.queues ?? []).flatMap((queue) =>
      queue.eventBusArn ? [agencyBusRoute({ kind: 'queue', orgNumber: agency.orgNumber, queueId: queue.id }, `queue ${queue.id}`, queue.eventBusArn)] : [],
    ),
  ]);
}

function agencyBusRoute(recipient: AgencyBusRecipient, name: string, busArn: string): AgencyBusRoute {
  const id = recipient.kind === 'bot' ? recipient.botId : recipient.queueId;
  return {
    id: `deliverTo${recipient.orgNumber}${recipient.kind === 'bot' ? 'Bot' : 'Queue'}${id.replace(/(^|[^a-zA-Z0-9])([a-zA-Z0-9])/g, (_, _sep, next: string) => next.toUpperCase())}`,
    description: `Deliver to ${name} of ${recipient.orgNumber} on its own event bus`,
    pattern: {
      source: [agencyBusSource],
      'detail-type': Object.keys(agencyBusEvents),
      detail: { recipient: Object.fromEntries(Object.entries(recipient).map(([key, value]) => [key, [value]])) },
    },
    recipient,
    busArn,
  };
}
