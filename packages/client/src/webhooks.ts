import { createHmac, timingSafeEqual } from 'node:crypto';
import type { components } from './generated/openapi.ts';

type Schemas = components['schemas'];
/** What the broker posts to a bot's webhook, as the contract declares it. */
export type WebhookPayload = Schemas['HandoffOfferedWebhook'] | Schemas['HandoffStatusChangedWebhook'] | Schemas['HandoffMessageWebhook'];

export type WebhookRejection = 'missing-headers' | 'bad-signature' | 'stale-timestamp' | 'malformed-body';

/** Why a delivery was refused; answer it with a 4xx (400 for a malformed body, 401 otherwise). */
export class WebhookVerificationError extends Error {
  constructor(
    readonly reason: WebhookRejection,
    message: string,
  ) {
    super(message);
    this.name = 'WebhookVerificationError';
  }
  get status() {
    return this.reason === 'malformed-body' ? 400 : 401;
  }
}

export type VerifiedWebhook = {
  /** The `webhook-id`: the same on every retry of one delivery. */
  id: string;
  timestamp: Date;
  payload: WebhookPayload;
  /** True when this `webhook-id` was verified before within the window: answer 2xx and do nothing again. */
  duplicate: boolean;
};

export type WebhookVerifierOptions = {
  /** The bot's signing secret(s), `whsec_…`; give both while a secret is being rotated. */
  secrets: string | string[];
  /** How far a `webhook-timestamp` may be from now, either way (Standard Webhooks recommends 5 minutes). */
  toleranceSeconds?: number;
  now?: () => number;
};

type HeaderSource = Headers | Record<string, string | string[] | undefined>;

/** A header by name, in any case: Node lower-cases them, but Lambda events and some frameworks keep the sender's case. */
const headerOf = (headers: HeaderSource, name: string): string | undefined => {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === name);
  const value = key === undefined ? undefined : headers[key];
  return Array.isArray(value) ? value[0] : value;
};

/** The key bytes of a `whsec_` secret; anything else is refused here rather than verifying nothing later. */
function keyOf(secret: string): Buffer {
  const encoded = secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : '';
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded)) {
    throw new TypeError('a webhook secret is "whsec_" followed by base64, as the broker issues it');
  }
  return Buffer.from(encoded, 'base64');
}

/**
 * Verifies Standard Webhooks deliveries from the broker: the v1 HMAC-SHA256
 * signature over `webhook-id.webhook-timestamp.body` with any of the bot's
 * secrets (compared in constant time), a timestamp inside the window (so a
 * captured delivery cannot be replayed later), and a `webhook-id` not seen
 * within the window (so a retry is recognised as the same delivery). Pass the
 * body exactly as received: re-serialised JSON does not verify.
 */
export function createWebhookVerifier(options: WebhookVerifierOptions) {
  const secrets = [options.secrets].flat();
  if (!secrets.length || secrets.some((secret) => !secret)) throw new TypeError('a webhook secret is required');
  const keys = secrets.map(keyOf);
  const toleranceSeconds = options.toleranceSeconds ?? 300;
  const now = options.now ?? Date.now;
  // webhook-id → when it may be forgotten (a redelivery after that carries a stale timestamp anyway).
  const seen = new Map<string, number>();

  function forgetExpired(at: number) {
    for (const [id, until] of seen) if (until < at) seen.delete(id);
  }

  return {
    verify(rawBody: string | Buffer, headers: HeaderSource): VerifiedWebhook {
      const id = headerOf(headers, 'webhook-id');
      const timestampText = headerOf(headers, 'webhook-timestamp');
      const signatures = headerOf(headers, 'webhook-signature');
      if (!id || !timestampText || !signatures)
        throw new WebhookVerificationError('missing-headers', 'webhook-id, webhook-timestamp and webhook-signature are required');
      if (!/^\d{1,12}$/.test(timestampText)) throw new WebhookVerificationError('stale-timestamp', 'webhook-timestamp is not a Unix time in seconds');
      const timestampSeconds = Number(timestampText);
      const nowMs = now();
      if (Math.abs(nowMs / 1000 - timestampSeconds) > toleranceSeconds) {
        throw new WebhookVerificationError('stale-timestamp', `webhook-timestamp is more than ${toleranceSeconds} s from now`);
      }
      const body = typeof rawBody === 'string' ? rawBody : rawBody.toString('utf8');
      const signed = `${id}.${timestampText}.${body}`;
      const offered = signatures
        .split(' ')
        .filter((entry) => entry.startsWith('v1,'))
        .map((entry) => Buffer.from(entry.slice(3), 'base64'));
      const matches = keys.some((key) => {
        const expected = createHmac('sha256', key).update(signed).digest();
        return offered.some((signature) => signature.length === expected.length && timingSafeEqual(signature, expected));
      });
      if (!matches) throw new WebhookVerificationError('bad-signature', 'no webhook-signature matches a secret of this bot');
      let payload: WebhookPayload;
      try {
        payload = JSON.parse(body) as WebhookPayload;
      } catch {
        throw new WebhookVerificationError('malformed-body', 'the body is not JSON');
      }
      forgetExpired(nowMs);
      const duplicate = seen.has(id);
      seen.set(id, nowMs + toleranceSeconds * 2 * 1000);
      return { id, timestamp: new Date(timestampSeconds * 1000), payload, duplicate };
    },
    /** Forgets a delivery whose handling failed, so the broker's retry of it is handled rather than taken for a duplicate. */
    forget(id: string) {
      seen.delete(id);
    },
  };
}

export type WebhookVerifier = ReturnType<typeof createWebhookVerifier>;

/** Signs one delivery as the broker does (Standard Webhooks v1); for tests of a webhook endpoint, and the conformance runner. */
export function signWebhook(secret: string, id: string, timestampSeconds: number, body: string): Record<string, string> {
  const signature = createHmac('sha256', keyOf(secret)).update(`${id}.${timestampSeconds}.${body}`).digest('base64');
  return { 'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': String(timestampSeconds), 'webhook-signature': `v1,${signature}` };
}
