import type { HandoffMessagePosted } from '#contracts/events';
import type { OpenFloorEnvelope } from '#contracts/openfloor';
import type { HandoffMessageWebhook } from '#contracts/webhooks';
import type { Directory } from '../directory.ts';
import { originBot, sameAssignee, type BotRef, type Handoff } from '../handoff.ts';
import { openFloorSpeakers, utteranceOf } from '../open-floor.ts';
import { liveContent } from '../retention.ts';
import type { AgencyBus, Clock, DeadLetterStore, HandoffSessions, RelayedMessages, StoredMessage, WebhookSender } from '../ports.ts';
import { webhookMessageId } from './deliver-offer.ts';
import { messageView } from './relay-message.ts';
import { sendOrDeadLetter } from './send-webhook.ts';

export type DeliverMessageDeps = {
  store: HandoffSessions & RelayedMessages & DeadLetterStore;
  directory: Directory;
  clock: Clock;
  webhooks: WebhookSender;
  agencyBus: AgencyBus;
};

/** Who an utterance on the floor is from: the citizen (a pseudonym per handoff), the adviser, or a bot by its speaker URI. */
function speakerOf(handoff: Handoff, message: StoredMessage, directory: Directory): string {
  if (message.from === 'citizen') return openFloorSpeakers.citizen(handoff.id);
  if (message.from === 'adviser') return openFloorSpeakers.adviser(message.orgNumber);
  const bot = message.fromRole === 'origin' ? originBot(handoff) : (handoff.assignee as BotRef);
  return openFloorSpeakers.bot(bot, directory.bot(bot));
}

/**
 * Pushes a relayed message to the other party's bot: the citizen's words to a
 * bot that took over, an adviser's or bot's answer to the origin. The desk
 * reads messages itself; a bot on its agency's own bus hears of the message
 * without its text and reads it; a bot with neither polls.
 */
export async function deliverMessage(
  deps: DeliverMessageDeps,
  posted: HandoffMessagePosted,
): Promise<'nobody' | 'no-webhook' | 'delivered' | 'on-agency-bus' | 'dead-lettered'> {
  const [handoff, message] = await Promise.all([deps.store.get(posted.handoffId), deps.store.getMessage(posted.handoffId, posted.messageId)]);
  // A message is content: past its retention it is not sent, even before DynamoDB's TTL has deleted it.
  if (!handoff || !message || !liveContent(handoff, message, deps.clock.now())) return 'nobody';
  const recipient: BotRef | null = posted.fromRole === 'target' ? originBot(handoff) : handoff.assignee?.kind === 'bot' ? handoff.assignee : null;
  const bot = recipient && deps.directory.bot(recipient);
  if (!recipient || !bot) return 'nobody';
  const messageId = webhookMessageId(handoff.id, `m${message.id}`);
  if (bot.eventBusArn) {
    const { text: _withheld, ...notice } = messageView(message, deps.directory);
    await deps.agencyBus.put({
      schemaVersion: 1,
      id: messageId,
      recipient,
      type: 'handoff.message',
      timestamp: deps.clock.now().toISOString(),
      data: { message: notice },
    });
    return 'on-agency-bus';
  }
  const address = bot.webhookUrl ?? bot.openFloor?.serviceUrl;
  if (!address) return 'no-webhook';
  const view = messageView(message, deps.directory);
  const payload: HandoffMessageWebhook | OpenFloorEnvelope = bot.openFloor
    ? utteranceOf(view, speakerOf(handoff, message, deps.directory), sameAssignee(recipient, originBot(handoff)) ? handoff.origin.conversationId : handoff.id)
    : { type: 'handoff.message', timestamp: deps.clock.now().toISOString(), data: { message: view } };
  const outcome = await sendOrDeadLetter(
    deps,
    { url: address, bot: recipient, messageId, payload },
    { handoffId: handoff.id, seq: handoff.seq, kind: 'message', relayedMessageId: message.id },
  );
  return outcome.delivered ? 'delivered' : 'dead-lettered';
}
