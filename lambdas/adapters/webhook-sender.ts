import type { DeliveryOutcome, WebhookDelivery, WebhookSender } from '#domain/ports';
import { webhookHeaders } from './webhook-signature.ts';
import type { WebhookSecrets } from './webhook-secrets.ts';

export type WebhookSenderOptions = {
  secrets: WebhookSecrets;
  attempts: number;
  /** The first retry waits this long; each later one twice as long as the one before. */
  backoffMs: number;
  timeoutMs: number;
  sleep?: (ms: number) => Promise<void>;
};

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Sends Standard Webhooks: signed afresh on every attempt (a new timestamp,
 * the same webhook-id), retried with exponential backoff and jitter on any
 * answer but 2xx, given up after the last attempt.
 */
export function standardWebhookSender(options: WebhookSenderOptions): WebhookSender {
  const sleep = options.sleep ?? pause;
  return {
    async deliver(delivery: WebhookDelivery): Promise<DeliveryOutcome> {
      const secret = await options.secrets.secretFor(delivery.bot);
      const body = JSON.stringify(delivery.payload);
      let lastError = '';
      for (let attempt = 1; attempt <= options.attempts; attempt += 1) {
        if (attempt > 1) {
          const base = options.backoffMs * 2 ** (attempt - 2);
          await sleep(base + Math.floor(Math.random() * base * 0.2));
        }
        try {
          const response = await fetch(delivery.url, {
            method: 'POST',
            headers: webhookHeaders(secret, delivery.messageId, Math.floor(Date.now() / 1000), body),
            body,
            // A redirect would re-send the conversation to an address nobody registered.
            redirect: 'error',
            signal: AbortSignal.timeout(options.timeoutMs),
          });
          await response.body?.cancel();
          if (response.ok) return { delivered: true, attempts: attempt, status: response.status };
          lastError = `HTTP ${response.status}`;
        } catch (error) {
          lastError = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        }
      }
      return { delivered: false, attempts: options.attempts, lastError };
    },
  };
}
