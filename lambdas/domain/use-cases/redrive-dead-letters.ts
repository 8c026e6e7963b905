import { maxRedrivePerRequest, type DeadLetterPage, type RedriveResult } from '#contracts/operations';
import type { Caller } from '../handoff.ts';
import type { DeadLetter, DeadLetterStore, RelayedMessages } from '../ports.ts';
import { sendOffer, type DeliverOfferDeps } from './deliver-offer.ts';
import { deliverMessage } from './deliver-message.ts';

/** A redrive sends what the dispatcher sends: offers, notices and relayed messages. */
export type RedriveDeps = DeliverOfferDeps & { store: RelayedMessages };
import { notifyParty } from './notify-party.ts';

/** How many of an agency's newest dead letters one look covers. */
const listedAtMost = 100;

const viewOf = (letter: DeadLetter): DeadLetterPage['items'][number] => ({
  messageId: letter.messageId,
  handoffId: letter.handoffId,
  kind: letter.kind,
  bot: { orgNumber: letter.bot.orgNumber, botId: letter.bot.botId },
  attempts: letter.attempts,
  lastError: letter.lastError,
  at: letter.at,
});

/** The webhooks to the caller's agency's bots that the broker gave up on, newest first. */
export async function listDeadLetters(deps: { store: DeadLetterStore }, caller: Caller, limit = 50): Promise<DeadLetterPage> {
  return { items: (await deps.store.deadLetters(caller.orgNumber, limit)).map(viewOf) };
}

/**
 * Sends one dead letter again, as the handoff stands now: the same step the
 * dispatcher took, for the same transition or message. An offer that is no
 * longer open, or a message that has expired, has nothing to send.
 */
async function redriveOne(deps: RedriveDeps, letter: DeadLetter): Promise<RedriveResult['items'][number]['outcome']> {
  if (letter.kind === 'message') {
    const message = letter.relayedMessageId ? await deps.store.getMessage(letter.handoffId, letter.relayedMessageId) : undefined;
    if (!message) return 'moved-on';
    const outcome = await deliverMessage(deps, {
      schemaVersion: 1,
      handoffId: letter.handoffId,
      messageId: message.id,
      fromRole: message.fromRole,
      at: message.at,
    });
    return outcome === 'delivered' || outcome === 'on-agency-bus' ? 'delivered' : outcome === 'dead-lettered' ? 'failed' : 'moved-on';
  }
  const transition = (await deps.store.timeline(letter.handoffId)).find((entry) => entry.seq === letter.seq);
  if (!transition) return 'moved-on';
  if (letter.kind === 'offer') {
    const outcome = await sendOffer(deps, transition);
    return outcome === 'delivered' || outcome === 'on-agency-bus' ? 'delivered' : outcome === 'undeliverable' ? 'failed' : 'moved-on';
  }
  const outcome = await notifyParty(deps, transition);
  return outcome === 'delivered' || outcome === 'on-agency-bus' ? 'delivered' : outcome === 'dead-lettered' ? 'failed' : 'moved-on';
}

/**
 * Operations sends undelivered webhooks again.
 *
 * 1. the caller's agency's dead letters: the named ones, or the newest few
 * 2. each is sent once as the handoff stands now, then taken off the list
 * 3. one that fails again is recorded again by the send itself
 */
export async function redriveDeadLetters(deps: RedriveDeps, caller: Caller, messageIds?: string[]): Promise<RedriveResult> {
  const letters = await deps.store.deadLetters(caller.orgNumber, listedAtMost);
  const chosen = (messageIds ? letters.filter((letter) => messageIds.includes(letter.messageId)) : letters).slice(0, maxRedrivePerRequest);
  const items: RedriveResult['items'] = [];
  for (const letter of chosen) {
    const outcome = await redriveOne(deps, letter);
    // Only once handled: a send that failed again has recorded a new letter; one that threw keeps this one.
    await deps.store.removeDeadLetter(letter);
    items.push({ messageId: letter.messageId, handoffId: letter.handoffId, outcome });
  }
  return { items, remaining: (await deps.store.deadLetters(caller.orgNumber, listedAtMost)).length };
}
