import type { OpenFloorEnvelope } from '#contracts/openfloor';
import type { HandoffOfferedWebhook } from '#contracts/webhooks';
import type { Directory } from '../directory.ts';
import { changeOf, move, type LifecycleSettings } from '../handoff-lifecycle.ts';
import { handoffDetail, handoffNotice } from '../handoff-views.ts';
import { liveContent } from '../retention.ts';
import { brokerActor, originBot, type TransitionRecord } from '../handoff.ts';
import { inviteOf, openFloorSpeakers } from '../open-floor.ts';
import type { AgencyBus, Clock, DeadLetterStore, HandoffSessions, WebhookSender } from '../ports.ts';
import { commitUnlessMoved } from './commit-unless-moved.ts';
import { sendOrDeadLetter } from './send-webhook.ts';

export type DeliverOfferDeps = {
  store: HandoffSessions & DeadLetterStore;
  directory: Directory;
  clock: Clock;
  webhooks: WebhookSender;
  agencyBus: AgencyBus;
  settings: LifecycleSettings;
};

export type OfferOutcome = 'stale' | 'delivered' | 'on-agency-bus' | 'in-inbox' | 'undeliverable';

/** Stable per transition, so a receiver can drop a redelivered message by its id. */
export const webhookMessageId = (handoffId: string, seq: number | string) => `msg_${handoffId}_${seq}`;

/**
 * Pushes an offer to its bot, on the `offered` event (delivered at least once:
 * a repeat sends the same webhook id again, which the bot drops).
 *
 * 1. act only while the offer is still open as the event recorded it
 * 2. push the signed webhook (an Open Floor invite to a bot that speaks it; retried
 *    with backoff by the sender), put it on the agency's own bus (content withheld),
 *    or leave it in the inbox
 * 3. when the sender gives up: dead-letter the message and decline as the broker,
 *    unless the bot already answered (for example through its inbox)
 */
export async function sendOffer(deps: DeliverOfferDeps, offeredTransition: TransitionRecord): Promise<OfferOutcome> {
  // State and content in one read: an offer still open (the usual case) needs both.
  const read = await deps.store.getWithContent(offeredTransition.handoffId);
  const offered = read?.handoff;
  if (!offered || offered.version !== offeredTransition.version || offered.status !== 'offered' || offered.assignee?.kind !== 'bot') return 'stale';
  const assignee = offered.assignee;
  const bot = deps.directory.bot(assignee);
  const messageId = webhookMessageId(offered.id, offered.seq);
  if (bot?.eventBusArn) {
    // An unanswered offer expires at its deadline as any other, so the bus needs no dead letter of the broker's own.
    await deps.agencyBus.put({
      schemaVersion: 1,
      id: messageId,
      recipient: assignee,
      type: 'handoff.offered',
      timestamp: deps.clock.now().toISOString(),
      data: { handoff: handoffNotice(offered, deps.directory), respondBy: offered.deadline! },
    });
    return 'on-agency-bus';
  }
  const address = bot?.webhookUrl ?? bot?.openFloor?.serviceUrl;
  if (!bot || !address) return 'in-inbox';

  // Content past its retention is not sent, even before DynamoDB's TTL has deleted it.
  const content = liveContent(offered, read.content, deps.clock.now());
  const handoff = handoffDetail(offered, content, deps.directory, { orgNumber: assignee.orgNumber, adviser: false });
  const origin = originBot(offered);
  const payload: HandoffOfferedWebhook | OpenFloorEnvelope = bot.openFloor
    ? inviteOf(handoff, bot.openFloor, openFloorSpeakers.bot(origin, deps.directory.bot(origin)), offered.deadline!)
    : { type: 'handoff.offered', timestamp: deps.clock.now().toISOString(), data: { handoff, respondBy: offered.deadline! } };
  const outcome = await sendOrDeadLetter(deps, { url: address, bot: assignee, messageId, payload }, { handoffId: offered.id, seq: offered.seq, kind: 'offer' });
  if (outcome.delivered) return 'delivered';

  const givenUpAt = deps.clock.now().toISOString();
  const latest = await deps.store.get(offered.id);
  if (!latest || latest.version !== offered.version) return 'undeliverable';
  await commitUnlessMoved(
    deps.store,
    move(changeOf(latest), { to: 'declined', actor: brokerActor, at: givenUpAt, statusReason: 'undeliverable' }, deps.settings),
  );
  return 'undeliverable';
}
