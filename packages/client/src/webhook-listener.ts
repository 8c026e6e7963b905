import type { IncomingMessage, ServerResponse } from 'node:http';
import { createWebhookVerifier, WebhookVerificationError, type VerifiedWebhook, type WebhookPayload, type WebhookVerifierOptions } from './webhooks.ts';

export type WebhookListenerOptions = WebhookVerifierOptions & {
  /** Called once per delivery that verifies and is not a duplicate. */
  onPayload: (payload: WebhookPayload, delivery: VerifiedWebhook) => void | Promise<void>;
  /**
   * When the broker gets its answer. `after-handling` (the default): once
   * `onPayload` has finished, 204, or 500 when it threw, so the broker tries
   * the delivery again (keep `onPayload` well under the broker's 10 s).
   * `at-once`: 204 before `onPayload` runs, for work that takes longer, which
   * then must not fail silently (queue it durably, or retry it yourself).
   */
  acknowledge?: 'after-handling' | 'at-once';
  /** Where a failed `onPayload` or a refused delivery is reported (default: console.error). */
  onError?: (error: unknown) => void;
  /** The largest body taken, in bytes (default 1 MiB, larger than any delivery of the contract). */
  maxBytes?: number;
};

const refusal = (status: number, detail: string) => JSON.stringify({ title: 'Webhook refused', status, detail });

/**
 * A `node:http` request listener for a bot's webhook endpoint: verifies each
 * delivery (signature, timestamp window, webhook-id), answers 401 or 400 to
 * one that fails, 204 to a duplicate without handling it again, and hands a
 * new one to `onPayload`. Duplicates are remembered in this process only: a
 * bot with several instances also keeps its own calls idempotent (the
 * examples derive each Idempotency-Key from the handoff id).
 */
export function webhookListener(options: WebhookListenerOptions) {
  const verifier = createWebhookVerifier(options);
  const report = options.onError ?? ((error: unknown) => console.error(error));
  const maxBytes = options.maxBytes ?? 1024 * 1024;
  const atOnce = options.acknowledge === 'at-once';
  return (request: IncomingMessage, response: ServerResponse) => {
    if (request.method !== 'POST') {
      response.writeHead(405, { allow: 'POST' }).end();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        response.writeHead(413).end();
        request.destroy();
      } else chunks.push(chunk);
    });
    request.on('end', () => {
      if (size > maxBytes) return;
      let delivery: VerifiedWebhook;
      try {
        delivery = verifier.verify(Buffer.concat(chunks), request.headers);
      } catch (error) {
        const status = error instanceof WebhookVerificationError ? error.status : 400;
        response.writeHead(status, { 'content-type': 'application/problem+json' }).end(refusal(status, error instanceof Error ? error.message : String(error)));
        report(error);
        return;
      }
      if (delivery.duplicate || atOnce) response.writeHead(204).end();
      if (delivery.duplicate) return;
      Promise.resolve()
        .then(() => options.onPayload(delivery.payload, delivery))
        .then(
          () => {
            if (!atOnce) response.writeHead(204).end();
          },
          (error: unknown) => {
            report(error);
            if (atOnce) return;
            // Not handled: the broker's retry (the same webhook-id) must be handled, not skipped as a duplicate.
            verifier.forget(delivery.id);
            response.writeHead(500, { 'content-type': 'application/problem+json' }).end(refusal(500, 'the bot could not handle this delivery'));
          },
        );
    });
  };
}
