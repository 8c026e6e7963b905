import { describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { checkWebhookUrl, guardedLookup, mayReceiveWebhooks, WebhookAddressRefused } from '#adapters/webhook-address';
import { standardWebhookSender } from '#adapters/webhook-sender';
import { webhookHeaders } from '#adapters/webhook-signature';

const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

describe('Standard Webhooks signatures', () => {
  it('are accepted by the reference implementation', () => {
    const body = JSON.stringify({ type: 'handoff.offered', timestamp: '2026-11-24T09:00:00Z', data: { id: 1 } });
    const headers = webhookHeaders(secret, 'msg_1', Math.floor(Date.now() / 1000), body);
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
  });

  it('fail verification when the body is altered or the secret differs', () => {
    const body = '{"type":"handoff.offered"}';
    const headers = webhookHeaders(secret, 'msg_1', Math.floor(Date.now() / 1000), body);
    expect(() => new Webhook(secret).verify('{"type":"handoff.offered "}', headers)).toThrow();
    expect(() => new Webhook('whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA').verify(body, headers)).toThrow();
  });
});

describe('rotating a webhook secret', () => {
  it('signs with the new and the old secret during the overlap, so a bot verifies with either', () => {
    const next = 'whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
    const body = '{"type":"handoff.offered"}';
    const headers = webhookHeaders([next, secret], 'msg_2', Math.floor(Date.now() / 1000), body);
    expect(headers['webhook-signature']!.split(' ')).toHaveLength(2);
    expect(new Webhook(next).verify(body, headers)).toEqual(JSON.parse(body));
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
    expect(() => new Webhook('whsec_BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB').verify(body, headers)).toThrow();
  });
});

describe('where webhooks may go', () => {
  it('reaches public addresses only in the cloud, and loopback too on the embedded runtime', () => {
    for (const address of [
      '10.1.2.3',
      '172.16.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '127.0.0.1',
      '0.0.0.0',
      '100.64.0.1',
      '::1',
      'fe80::1',
      'fd00::1',
      '::ffff:10.0.0.1',
      '::ffff:169.254.169.254',
    ]) {
      expect(mayReceiveWebhooks(address, 'public'), address).toBe(false);
    }
    for (const address of ['93.184.216.34', '2606:4700::1111', '::ffff:93.184.216.34']) expect(mayReceiveWebhooks(address, 'public'), address).toBe(true);
    expect(mayReceiveWebhooks('127.0.0.1', 'public-and-loopback')).toBe(true);
    expect(mayReceiveWebhooks('10.0.0.1', 'public-and-loopback')).toBe(false);
  });

  it('refuses plain http and literal private addresses before connecting, and names that resolve to them when connecting', async () => {
    expect(() => checkWebhookUrl(new URL('http://bot.example.no/hook'), 'public')).toThrow(WebhookAddressRefused);
    expect(() => checkWebhookUrl(new URL('https://169.254.169.254/latest'), 'public')).toThrow(WebhookAddressRefused);
    expect(() => checkWebhookUrl(new URL('https://[::1]/hook'), 'public')).toThrow(WebhookAddressRefused);
    expect(() => checkWebhookUrl(new URL('http://127.0.0.1:3001/hook'), 'public-and-loopback')).not.toThrow();
    // `localhost` is a name: it passes the literal check and is refused by the lookup the connection makes.
    const refused = await new Promise<Error | null>((resolve) => guardedLookup('public')('localhost', {}, (error) => resolve(error)));
    expect(refused).toBeInstanceOf(WebhookAddressRefused);
    const allowed = await new Promise<Error | null>((resolve) => guardedLookup('public-and-loopback')('localhost', {}, (error) => resolve(error)));
    expect(allowed).toBeNull();
  });

  it('gives up on a bot whose name resolves to a private address, without sending it anything', async () => {
    const sender = standardWebhookSender({ secrets: { secretsFor: async () => [secret] }, attempts: 2, backoffMs: 0, timeoutMs: 1000, network: 'public' });
    const outcome = await sender.deliver({
      url: 'https://localhost:9/hook',
      bot: { kind: 'bot', orgNumber: '889640782', botId: 'frida' },
      messageId: 'msg_3',
      payload: {} as never,
    });
    expect(outcome).toMatchObject({ delivered: false, attempts: 2 });
    expect(outcome.delivered === false && outcome.lastError).toMatch(/not public/);
  });
});
