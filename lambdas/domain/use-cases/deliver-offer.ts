import type { HandoffOfferedWebhook } from '#contracts/webhooks';
import { dataCategories } from '../consent.ts';
import type { Directory } from '../directory.ts';
import { VersionConflict } from '../errors.ts';
import { changeOf, move, type LifecycleSettings } from '../handoff-lifecycle.ts';
import { handoffDetail } from '../handoff-views.ts';
import { brokerActor, type TransitionRecord } from '../handoff.ts';
import type { Clock, HandoffStore, WebhookSender } from '../ports.ts';
import { sendOrDeadLetter } from './send-webhook.ts';

export type DeliverOfferDeps = {
  store: HandoffStore;
  directory: Directory;
  clock: Clock;
  webhooks: WebhookSender;
  settings: LifecycleSettings;
};

export type OfferOutcome = 'stale' | 'delivered' | 'in-inbox' | 'undeliverable';

/** Stable per transition, so a receiver can drop a redelivered message by its id. */
export const webhookMessageId = (handoffId: string, seq: number | string) => `msg_${handoffId}_${seq}`;

/**
 * Offers a routed handoff to its bot.
 *
 * 1. act only if the handoff is still exactly as the `routed` event left it
 * 2. record routed → offered first, so the bot can accept the moment it hears
 * 3. push the signed webhook (retried with backoff by the sender), or leave it in the inbox
 * 4. when the sender gives up: dead-letter the message and decline as the broker,
 *    unless the bot already answered (for example through its inbox)
 */
export async function deliverOffer(deps: DeliverOfferDeps, routed: TransitionRecord): Promise<OfferOutcome> {
  const current = await deps.store.get(routed.handoffId);
  if (!current || current.version !== routed.version || current.status !== 'routed' || current.assignee?.kind !== 'bot') return 'stale';

  const content = await deps.store.getContent(current.id);
  const now = deps.clock.now();
  const change = move(
    changeOf(current),
    { to: 'offered', actor: brokerActor, at: now.toISOString(), dataShared: content ? dataCategories(content, 'bot') : ['topic'] },
    deps.settings,
  );
  try {
    await deps.store.commit(change);
  } catch (error) {
    if (error instanceof VersionConflict) return 'stale';
    throw error;
  }
  const offered = change.handoff;
  const assignee = current.assignee;
  const bot = deps.directory.bot(assignee);
  if (!bot?.webhookUrl) return 'in-inbox';

  const messageId = webhookMessageId(offered.id, offered.seq);
  const payload: HandoffOfferedWebhook = {
    type: 'handoff.offered',
    timestamp: now.toISOString(),
    data: { handoff: handoffDetail(offered, content, deps.directory, assignee.orgNumber), respondBy: offered.deadline! },
  };
  const outcome = await sendOrDeadLetter(deps, { url: bot.webhookUrl, bot: assignee, messageId, payload }, { handoffId: offered.id, seq: offered.seq, kind: 'offer' });
  if (outcome.delivered) return 'delivered';

  const givenUpAt = deps.clock.now().toISOString();
  const latest = await deps.store.get(offered.id);
  if (!latest || latest.version !== offered.version) return 'undeliverable';
  try {
    await deps.store.commit(move(changeOf(latest), { to: 'declined', actor: brokerActor, at: givenUpAt, statusReason: 'undeliverable' }, deps.settings));
  } catch (error) {
    if (!(error instanceof VersionConflict)) throw error;
  }
  return 'undeliverable';
}
