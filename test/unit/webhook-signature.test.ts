import { describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
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
