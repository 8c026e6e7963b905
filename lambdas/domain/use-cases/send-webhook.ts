import type { Clock, DeadLetter, DeliveryOutcome, DeadLetterStore, WebhookDelivery, WebhookSender } from '../ports.ts';

/**
 * Sends a webhook (the sender retries with backoff) and, when it gives up,
 * records a dead letter naming the handoff, the bot and the last error, never
 * the payload: its content may not outlive the handoff's retention.
 */
export async function sendOrDeadLetter(
  deps: { webhooks: WebhookSender; store: DeadLetterStore; clock: Clock },
  delivery: WebhookDelivery,
  letter: Pick<DeadLetter, 'handoffId' | 'seq' | 'kind' | 'relayedMessageId'>,
): Promise<DeliveryOutcome> {
  const outcome = await deps.webhooks.deliver(delivery);
  if (!outcome.delivered) {
    await deps.store.recordDeadLetter({
      ...letter,
      messageId: delivery.messageId,
      bot: delivery.bot,
      attempts: outcome.attempts,
      lastError: outcome.lastError,
      at: deps.clock.now().toISOString(),
    });
  }
  return outcome;
}
