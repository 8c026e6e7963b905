import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { createBrokerClient, createWebhookVerifier, operations, signWebhook, WebhookVerificationError, webhookListener } from '@handoff-broker/client';
import { routes } from '#contracts/routes';
import { webhookHeaders } from '#adapters/webhook-signature';
import { retryDelayMs, shouldRetry } from '../../packages/client/src/retry.ts';

const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const other = 'whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
const body = JSON.stringify({ type: 'handoff.message', timestamp: '2026-12-01T09:00:00.000Z', data: { message: { text: 'hei' } } });
const nowSeconds = 1_796_000_000;
const at = (seconds: number) => () => seconds * 1000;

function rejection(verify: () => unknown): string {
  try {
    verify();
  } catch (error) {
    if (error instanceof WebhookVerificationError) return error.reason;
    throw error;
  }
  return 'accepted';
}

describe('the client package’s webhook verifier', () => {
  it('accepts what the broker signs, with any of the bot’s secrets during a rotation', () => {
    const headers = webhookHeaders([other, secret], 'msg_1', nowSeconds, body);
    const delivery = createWebhookVerifier({ secrets: secret, now: at(nowSeconds) }).verify(body, headers);
    expect(delivery).toMatchObject({ id: 'msg_1', duplicate: false, payload: JSON.parse(body) });
    expect(delivery.timestamp.getTime()).toBe(nowSeconds * 1000);
    expect(createWebhookVerifier({ secrets: [other], now: at(nowSeconds) }).verify(body, new Headers(headers)).id).toBe('msg_1');
  });

  it('signs as the Standard Webhooks reference library verifies', () => {
    const headers = signWebhook(secret, 'msg_ref', Math.floor(Date.now() / 1000), body);
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
  });

  it('refuses a bad signature, an altered body, missing headers and a malformed body', () => {
    const verifier = createWebhookVerifier({ secrets: secret, now: at(nowSeconds) });
    const headers = webhookHeaders(secret, 'msg_2', nowSeconds, body);
    expect(rejection(() => verifier.verify(body, webhookHeaders(other, 'msg_2', nowSeconds, body)))).toBe('bad-signature');
    expect(rejection(() => verifier.verify(body.replace('hei', 'hai'), headers))).toBe('bad-signature');
    expect(rejection(() => verifier.verify(body, { ...headers, 'webhook-id': 'msg_3' }))).toBe('bad-signature');
    expect(rejection(() => verifier.verify(body, { ...headers, 'webhook-signature': 'v1,' }))).toBe('bad-signature');
    expect(rejection(() => verifier.verify(body, { 'webhook-id': 'msg_2', 'webhook-timestamp': String(nowSeconds) }))).toBe('missing-headers');
    expect(rejection(() => verifier.verify('not json', webhookHeaders(secret, 'msg_4', nowSeconds, 'not json')))).toBe('malformed-body');
    expect(new WebhookVerificationError('malformed-body', '').status).toBe(400);
    expect(new WebhookVerificationError('bad-signature', '').status).toBe(401);
  });

  it('refuses a timestamp outside the window, either way, so a captured delivery cannot be replayed later', () => {
    const verifier = createWebhookVerifier({ secrets: secret, toleranceSeconds: 300, now: at(nowSeconds) });
    for (const skew of [-301, 301, -3600]) {
      expect(
        rejection(() => verifier.verify(body, webhookHeaders(secret, `msg_${skew}`, nowSeconds + skew, body))),
        String(skew),
      ).toBe('stale-timestamp');
    }
    expect(rejection(() => verifier.verify(body, webhookHeaders(secret, 'msg_edge', nowSeconds - 300, body)))).toBe('accepted');
    expect(rejection(() => verifier.verify(body, { ...webhookHeaders(secret, 'msg_x', nowSeconds, body), 'webhook-timestamp': '17e8' }))).toBe(
      'stale-timestamp',
    );
  });

  it('recognises a redelivery by its webhook-id, signed afresh, as a duplicate', () => {
    let now = nowSeconds;
    const verifier = createWebhookVerifier({ secrets: secret, now: () => now * 1000 });
    expect(verifier.verify(body, webhookHeaders(secret, 'msg_5', now, body)).duplicate).toBe(false);
    now += 4;
    expect(verifier.verify(body, webhookHeaders(secret, 'msg_5', now, body)).duplicate).toBe(true);
    expect(verifier.verify(body, webhookHeaders(secret, 'msg_6', now, body)).duplicate).toBe(false);
  });

  it('will not start without a secret, or with one that is not whsec_ and base64', () => {
    expect(() => createWebhookVerifier({ secrets: '' })).toThrow(/secret is required/);
    expect(() => createWebhookVerifier({ secrets: 'MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' })).toThrow(/whsec_/);
    expect(() => createWebhookVerifier({ secrets: 'whsec_not base64!' })).toThrow(/whsec_/);
  });

  it('reads the headers in any case, as Lambda events and some frameworks keep them', () => {
    const headers = Object.fromEntries(
      Object.entries(webhookHeaders(secret, 'msg_case', nowSeconds, body)).map(([name, value]) => [
        name
          .split('-')
          .map((part) => part[0]!.toUpperCase() + part.slice(1))
          .join('-'),
        value,
      ]),
    );
    expect(Object.keys(headers)).toContain('Webhook-Id');
    expect(createWebhookVerifier({ secrets: secret, now: at(nowSeconds) }).verify(body, headers).id).toBe('msg_case');
  });
});

describe('the client package’s retries', () => {
  it('retries what the broker did not do, or will answer again: never a refusal', () => {
    for (const status of [408, 429, 500, 502, 503, 504]) expect(shouldRetry(status, 'whatever'), String(status)).toBe(true);
    expect(shouldRetry(409, 'conflict')).toBe(true);
    for (const [status, code] of [
      [409, 'illegal-transition'],
      [400, 'malformed-request'],
      [401, 'unauthorized'],
      [404, 'not-found'],
      [422, 'validation-failed'],
    ] as const) {
      expect(shouldRetry(status, code), code).toBe(false);
    }
  });

  it('waits as Retry-After asks (seconds or a date), else backs off exponentially, never longer than the cap', () => {
    const policy = { backoffMs: 100, maxDelayMs: 5_000 };
    expect(retryDelayMs(policy, 1, '2')).toBe(2_000);
    expect(retryDelayMs(policy, 1, new Date(10_000).toUTCString(), 7_000)).toBe(3_000);
    expect(retryDelayMs(policy, 1, '3600')).toBe(5_000);
    for (const [attempt, base] of [
      [1, 100],
      [2, 200],
      [3, 400],
    ] as const) {
      const delay = retryDelayMs(policy, attempt, null);
      expect(delay).toBeGreaterThanOrEqual(base);
      expect(delay).toBeLessThanOrEqual(base * 1.2);
    }
  });
});

describe('the client package’s calls', () => {
  it('keep the base URL’s own path (an API behind a stage or a prefix)', async () => {
    const seen: string[] = [];
    const recording: typeof fetch = async (input) => {
      seen.push(String(input));
      return new Response('{"agencies":[]}', { status: 200, headers: { 'content-type': 'application/json' } });
    };
    for (const baseUrl of ['https://gw.example.no/prod', 'https://gw.example.no/prod/']) {
      await createBrokerClient({ baseUrl, token: () => 't', fetch: recording }).getDirectory();
    }
    await createBrokerClient({ baseUrl: 'http://localhost:3000', token: () => 't', fetch: recording }).getHandoff({ params: { id: 'a/b' } });
    expect(seen).toEqual(['https://gw.example.no/prod/v1/directory', 'https://gw.example.no/prod/v1/directory', 'http://localhost:3000/v1/handoffs/a%2Fb']);
  });
});

describe('the client package’s webhook listener', () => {
  it('answers 500 when handling fails, so the broker’s retry of the same delivery is handled, not skipped as a duplicate', async () => {
    let attempts = 0;
    const server = createServer(
      webhookListener({
        secrets: secret,
        onError: () => undefined,
        onPayload: () => {
          attempts += 1;
          if (attempts === 1) throw new Error('the broker could not be reached');
        },
      }),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook`;
    const send = () =>
      fetch(url, { method: 'POST', headers: signWebhook(secret, 'msg_retry', Math.floor(Date.now() / 1000), body), body }).then((response) => response.status);
    try {
      expect(await send()).toBe(500);
      expect(await send()).toBe(204);
      expect(await send()).toBe(204);
      expect(attempts).toBe(2);
      const forged = await fetch(url, { method: 'POST', headers: signWebhook(other, 'msg_forged', Math.floor(Date.now() / 1000), body), body });
      expect(forged.status).toBe(401);
      expect(attempts).toBe(2);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe('the client package is made from the published contract', () => {
  it('carries the published document, and an operation for every route the broker serves', () => {
    const published = readFileSync(new URL('../../contracts/openapi.json', import.meta.url), 'utf8');
    expect(readFileSync(new URL('../../packages/client/openapi.json', import.meta.url), 'utf8')).toBe(published);
    expect(Object.keys(operations).sort()).toEqual(Object.keys(routes).sort());
    for (const [id, route] of Object.entries(routes)) {
      expect(operations[id as keyof typeof operations], id).toMatchObject({ method: route.method, path: route.path });
    }
  });
});
