import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { DeliveryOutcome, WebhookDelivery, WebhookSender } from '#domain/ports';
import { checkWebhookUrl, guardedLookup, type WebhookNetwork } from './webhook-address.ts';
import { webhookHeaders } from './webhook-signature.ts';
import type { WebhookSecrets } from './webhook-secrets.ts';

export type WebhookSenderOptions = {
  secrets: WebhookSecrets;
  attempts: number;
  /** The first retry waits this long; each later one twice as long as the one before. */
  backoffMs: number;
  timeoutMs: number;
  /** Which addresses webhooks may reach: public only in the cloud; loopback too on the embedded runtime. */
  network: WebhookNetwork;
  sleep?: (ms: number) => Promise<void>;
};

/**
 * One POST, with the connection's address checked as it is made. No
 * redirects are followed: a redirect would re-send the conversation to an
 * address nobody registered.
 */
function post(url: URL, headers: Record<string, string>, body: string, network: WebhookNetwork, timeoutMs: number): Promise<number> {
  checkWebhookUrl(url, network);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const request = send(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        lookup: guardedLookup(network),
        signal: AbortSignal.timeout(timeoutMs),
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

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
      const secrets = await options.secrets.secretsFor(delivery.bot);
      const body = JSON.stringify(delivery.payload);
      let lastError = '';
      for (let attempt = 1; attempt <= options.attempts; attempt += 1) {
        if (attempt > 1) {
          const base = options.backoffMs * 2 ** (attempt - 2);
          await sleep(base + Math.floor(Math.random() * base * 0.2));
        }
        try {
          const status = await post(
            new URL(delivery.url),
            webhookHeaders(secrets, delivery.messageId, Math.floor(Date.now() / 1000), body),
            body,
            options.network,
            options.timeoutMs,
          );
          if (status >= 200 && status < 300) return { delivered: true, attempts: attempt, status };
          lastError = `HTTP ${status}`;
        } catch (error) {
          lastError = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        }
      }
      return { delivered: false, attempts: options.attempts, lastError };
    },
  };
}
