import { createHmac } from 'node:crypto';

/**
 * Standard Webhooks signing (v1): HMAC-SHA256 with the secret's bytes over
 * `<webhook-id>.<webhook-timestamp>.<body>`, base64-encoded. Secrets are
 * `whsec_` followed by base64 of the key bytes.
 */
export function signWebhook(secret: string, messageId: string, timestampSeconds: number, body: string): string {
  const key = Buffer.from(secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret, 'base64');
  const signature = createHmac('sha256', key).update(`${messageId}.${timestampSeconds}.${body}`).digest('base64');
  return `v1,${signature}`;
}

/** The headers of one attempt: a signature per secret, space-separated, as Standard Webhooks allows during a rotation. */
export function webhookHeaders(secrets: string | string[], messageId: string, timestampSeconds: number, body: string): Record<string, string> {
  return {
    'content-type': 'application/json',
    'webhook-id': messageId,
    'webhook-timestamp': String(timestampSeconds),
    'webhook-signature': [secrets]
      .flat()
      .map((secret) => signWebhook(secret, messageId, timestampSeconds, body))
      .join(' '),
  };
}
