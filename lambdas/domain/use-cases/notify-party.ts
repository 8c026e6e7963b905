import type { AgencyBusRecipient } from '#contracts/agency-bus';
import { brokerSpeakerUri } from '#contracts/openfloor';
import type { HandoffStatusChangedWebhook } from '#contracts/webhooks';
import type { Directory } from '../directory.ts';
import { handoffDetail, handoffNotice } from '../handoff-views.ts';
import { liveContent } from '../retention.ts';
import { originNoticeOf, openFloorSpeakers, uninviteOf } from '../open-floor.ts';
import { originBot, sameAssignee, type AssigneeRef, type BotRef, type Handoff, type TransitionRecord } from '../handoff.ts';
import type { AgencyBus, Clock, DeadLetterStore, HandoffSessions, WebhookSender } from '../ports.ts';
import { webhookMessageId } from './deliver-offer.ts';
import { sendOrDeadLetter } from './send-webhook.ts';

export type NotifyDeps = { store: HandoffSessions & DeadLetterStore; directory: Directory; clock: Clock; webhooks: WebhookSender; agencyBus: AgencyBus };

export type NotifyOutcome = 'nobody' | 'delivered' | 'on-agency-bus' | 'no-webhook' | 'dead-lettered';

/**
 * Who hears of a transition: the assignee when the origin cancelled an offer
 * or a conversation the assignee knew of; otherwise the origin bot.
 */
export function recipientOf(transition: TransitionRecord, origin: BotRef): BotRef | null {
  // The offer itself is the assignee's news (sent as handoff.offered); the origin already heard it was routed.
  if (transition.to === 'offered') return null;
  if (transition.to === 'cancelled') {
    // A bot that was offered the conversation, or had it, hears it was withdrawn; the desk sees it itself.
    const assigneeKnew = transition.from === 'offered' || transition.from === 'accepted';
    return assigneeKnew && transition.assignee?.kind === 'bot' ? transition.assignee : null;
  }
  if (transition.to === 'routed' || transition.to === 'queued' || transition.to === 'callback_scheduled') {
    // The first routing or queueing was answered synchronously; what the broker does later is news to the origin.
    return transition.from === 'requested' ? null : origin;
  }
  return origin;
}

/**
 * The handoff as it stood right after a transition, so a notice describes the
 * change it announces even when the handoff has moved on since (an accept
 * followed at once by a complete yields two notices, each telling its own news).
 */
export function asOf(handoff: Handoff, transition: TransitionRecord): Handoff {
  if (handoff.version === transition.version && handoff.status === transition.to) return handoff;
  return {
    ...handoff,
    version: transition.version,
    status: transition.to,
    statusReason: transition.statusReason,
    assignee: transition.assignee as AssigneeRef | null,
    updatedAt: transition.at,
    deadline: null,
  };
}

const transitionView = (transition: TransitionRecord): HandoffStatusChangedWebhook['data']['transition'] => ({
  seq: transition.seq,
  from: transition.from,
  to: transition.to,
  at: transition.at,
  statusReason: transition.statusReason,
});

/**
 * Tells the other party that a handoff moved (accepted, rerouted, queued after a
 * callback, scheduled for a callback when the queue closed, completed, returned,
 * cancelled, fell back), by signed webhook or on its agency's own bus; a party
 * without either reads the handoff instead. A webhook the sender gives up on is dead-lettered.
 */
export async function notifyParty(deps: NotifyDeps, transition: TransitionRecord): Promise<NotifyOutcome> {
  const handoff = await deps.store.get(transition.handoffId);
  if (!handoff) return 'nobody';
  const recipient = recipientOf(transition, originBot(handoff));
  if (!recipient) return 'nobody';
  const bot = deps.directory.bot(recipient);
  const messageId = webhookMessageId(handoff.id, transition.seq);
  if (bot?.eventBusArn) {
    await putStatusChanged(deps, recipient, messageId, handoff, transition);
    return 'on-agency-bus';
  }
  if (bot?.openFloor) {
    const isOrigin = sameAssignee(recipient, originBot(handoff));
    const content = isOrigin && transition.to === 'returned' ? await deps.store.getContent(handoff.id) : undefined;
    const payload = isOrigin
      ? originNoticeOf(
          handoff,
          transition,
          bot.openFloor,
          assigneeSpeakerOf(transition, deps.directory),
          liveContent(handoff, content, deps.clock.now())?.returnSummary?.text,
        )
      : uninviteOf(handoff.id, bot.openFloor, transition.statusReason);
    if (!payload) return 'no-webhook';
    const outcome = await sendOrDeadLetter(
      deps,
      { url: bot.openFloor.serviceUrl, bot: recipient, messageId, payload },
      { handoffId: handoff.id, seq: transition.seq, kind: 'status' },
    );
    return outcome.delivered ? 'delivered' : 'dead-lettered';
  }
  if (!bot?.webhookUrl) return 'no-webhook';

  // Content past its retention is not sent, even before DynamoDB's TTL has deleted it.
  const content = liveContent(handoff, await deps.store.getContent(handoff.id), deps.clock.now());
  const payload: HandoffStatusChangedWebhook = {
    type: 'handoff.status_changed',
    timestamp: deps.clock.now().toISOString(),
    data: {
      transition: transitionView(transition),
      handoff: handoffDetail(asOf(handoff, transition), content, deps.directory, { orgNumber: recipient.orgNumber, adviser: false }),
    },
  };
  const outcome = await sendOrDeadLetter(
    deps,
    { url: bot.webhookUrl, bot: recipient, messageId, payload },
    { handoffId: handoff.id, seq: transition.seq, kind: 'status' },
  );
  return outcome.delivered ? 'delivered' : 'dead-lettered';
}

/** Who took (or had) the conversation, as the floor names them: a bot by its speaker URI, an adviser by their agency's; the broker when nobody has it. */
function assigneeSpeakerOf(transition: TransitionRecord, directory: Directory): string {
  const assignee = transition.assignee;
  if (!assignee) return brokerSpeakerUri;
  return assignee.kind === 'bot' ? openFloorSpeakers.bot(assignee, directory.bot(assignee)) : openFloorSpeakers.adviser(assignee.orgNumber);
}

/**
 * A human queue that names an event bus hears of every change while a handoff
 * is with it (queued, scheduled for a callback, taken by an adviser, closed),
 * so the agency's own case system can follow its queue; advisers still work in the desk.
 */
export async function notifyQueue(deps: NotifyDeps, transition: TransitionRecord): Promise<'nobody' | 'on-agency-bus'> {
  const queue = transition.assignee?.kind === 'queue' ? transition.assignee : null;
  if (!queue || !deps.directory.queue(queue)?.eventBusArn) return 'nobody';
  const handoff = await deps.store.get(transition.handoffId);
  if (!handoff) return 'nobody';
  await putStatusChanged(
    deps,
    { kind: 'queue', orgNumber: queue.orgNumber, queueId: queue.queueId },
    webhookMessageId(handoff.id, transition.seq),
    handoff,
    transition,
  );
  return 'on-agency-bus';
}

function putStatusChanged(deps: NotifyDeps, recipient: AgencyBusRecipient, id: string, handoff: Handoff, transition: TransitionRecord) {
  return deps.agencyBus.put({
    schemaVersion: 1,
    id,
    recipient,
    type: 'handoff.status_changed',
    timestamp: deps.clock.now().toISOString(),
    data: { transition: transitionView(transition), handoff: handoffNotice(asOf(handoff, transition), deps.directory) },
  });
}
