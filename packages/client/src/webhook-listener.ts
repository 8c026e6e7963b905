import type { IncomingMessage, ServerResponse } from 'node:http';
import { createWebhookVerifier, WebhookVerificationError, type VerifiedWebhook, type WebhookPayload, type WebhookVerifierOptions } from './webhooks.ts';

export type WebhookListenerOptions = WebhookVerifierOptions & {
  /** Called once per delivery that verifies and is not a duplicate, after the broker has its 2xx. */
  onPayload: (payload: WebhookPayload, delivery: VerifiedWebhook) => void | Promise<void>;
  /** Where a failed `onPayload` or a refused delivery is reported (default: console.error). */
  onError?: (error: unknown) => void;
  /** The largest body taken, in bytes (default 1 MiB, larger than any delivery of the contract). */
  maxBytes?: number;
};

/**
 * A `node:http` request listener for a bot's webhook endpoint: verifies each
 * delivery (signature, timestamp window, webhook-id), answers 401 or 400 to
 * one that fails, 204 to one that verifies, and hands a new one to
 * `onPayload` after answering, so slow work never makes the broker retry.
 */
export function webhookListener(options: WebhookListenerOptions) {
  const verifier = createWebhookVerifier(options);
  const report = options.onError ?? ((error: unknown) => console.error(error));
  const maxBytes = options.maxBytes ?? 1024 * 1024;
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
        response.writeHead(status, { 'content-type': 'application/problem+json' }).end(JSON.stringify({ title: 'Webhook refused', status, detail: error instanceof Error ? error.message : String(error) }));
        report(error);
        return;
      }
      response.writeHead(204).end();
      if (delivery.duplicate) return;
      Promise.resolve()
        .then(() => options.onPayload(delivery.payload, delivery))
        .catch(report);
    });
  };
}
