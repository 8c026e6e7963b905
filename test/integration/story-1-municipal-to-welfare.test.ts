import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HandoffOfferedWebhook, HandoffStatusChangedWebhook } from '#contracts/webhooks';
import { org, syntheticNationalId, testDirectory, unemploymentQuestion } from '../support/fixtures.ts';
import { startRecordingBot, type RecordingBot } from '../support/recording-bot.ts';
import { eventually, startTestRuntime, type TestRuntime } from '../support/test-runtime.ts';

const fridaPath = `/bots/${org.nav}/frida/webhook`;
const kariPath = `/bots/${org.oslo}/kommune-kari/webhook`;

/** Everything the broker writes to stdout/stderr while the story runs: its log lines. */
const written: string[] = [];
const streams = [process.stdout, process.stderr];
const originals = streams.map((stream) => stream.write.bind(stream));

describe('Story 1: the municipal bot hands an unemployment-benefit question to the welfare agency’s bot', () => {
  let bots: RecordingBot;
  let broker: TestRuntime;

  beforeAll(async () => {
    bots = await startRecordingBot();
    broker = await startTestRuntime(
      testDirectory({ [`${org.nav}/frida`]: `${bots.url}${fridaPath}`, [`${org.oslo}/kommune-kari`]: `${bots.url}${kariPath}` }),
      { environment: { LOG_LEVEL: 'DEBUG' } },
    );
    streams.forEach((stream) => {
      stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
        written.push(String(chunk));
        return (originals[streams.indexOf(stream)] as (...args: unknown[]) => boolean)(chunk, ...rest);
      }) as typeof stream.write;
    });
  });

  afterAll(async () => {
    for (const [index, stream] of streams.entries()) stream.write = originals[index] as typeof stream.write;
    await broker?.stop();
    await bots?.stop();
  });

  it('routes with consent, and the welfare bot receives the summary and transcript under a verified signature, accepts and completes', async () => {
    // Prepare
    const kari = broker.as(org.oslo);
    const frida = broker.as(org.nav);
    const request = unemploymentQuestion({
      consent: { shareTranscript: true, shareIdentity: true, reference: 'consent-story-1' },
      citizen: { nationalId: syntheticNationalId },
    });

    // Act: Kommune-Kari hands over
    const created = await kari.createHandoff({ body: request });

    // Assess: the origin learns at once who takes over and what to tell the citizen
    expect(created).toMatchObject({
      status: 'offered',
      topic: 'unemployment-benefit',
      origin: { orgNumber: org.oslo, agencyName: 'Oslo kommune', botId: 'kommune-kari' },
      assignee: { orgNumber: org.nav, agencyName: 'NAV', botId: 'frida', botName: 'Frida' },
      citizenGuidance: { handledBy: { kind: 'bot', agencyName: 'NAV', name: 'Frida' }, options: ['wait', 'stay_with_bot'] },
    });
    expect(created.citizenGuidance.message.nb).toContain('Frida hos NAV');

    // The welfare bot gets the offer, signed; verified by the Standard Webhooks reference library
    const secret = broker.secrets[`${org.nav}/frida`]!;
    const [offer] = await eventually(() => {
      const offers = bots.verifiedFor(fridaPath, secret) as HandoffOfferedWebhook[];
      expect(offers).toHaveLength(1);
      return offers;
    });
    expect(offer!.type).toBe('handoff.offered');
    expect(offer!.data.handoff).toMatchObject({ id: created.id, status: 'offered', citizen: { nationalId: syntheticNationalId } });
    expect(offer!.data.handoff.context).toEqual(request.context);
    expect(Date.parse(offer!.data.respondBy)).toBeGreaterThan(Date.now());

    // Frida answers without asking again: accept, then complete
    expect((await frida.acceptHandoff({ params: { id: created.id }, body: {} })).status).toBe('accepted');
    expect((await frida.completeHandoff({ params: { id: created.id }, body: { resolution: 'resolved' } })).status).toBe('completed');

    // The origin is told of both, by signed webhook
    const notices = await eventually(() => {
      const received = bots.verifiedFor(kariPath, broker.secrets[`${org.oslo}/kommune-kari`]!) as HandoffStatusChangedWebhook[];
      expect(received.map((notice) => notice.data.transition.to).sort()).toEqual(['accepted', 'completed']);
      return received;
    });
    expect(notices.find((notice) => notice.data.transition.to === 'accepted')!.data.handoff.citizenGuidance.message.en).toBe(
      'You are now talking with Frida at NAV.',
    );

    // Both parties read the same handoff, written three times (opened and offered, accepted, completed); its timeline went through every step
    const asSeenByOrigin = await kari.getHandoff({ params: { id: created.id } });
    expect(asSeenByOrigin).toMatchObject({ status: 'completed', statusReason: 'resolved', version: 3 });
    await broker.settle();
    const timeline = broker.bus.archive
      .map((event) => event.detail as { handoffId: string; to: string; dataShared: string[]; consentReference: string | null })
      .filter((detail) => detail.handoffId === created.id);
    expect(timeline.map((detail) => detail.to)).toEqual(['requested', 'routed', 'offered', 'accepted', 'completed']);
    expect(timeline.find((detail) => detail.to === 'offered')).toMatchObject({
      dataShared: ['topic', 'summary', 'transcript', 'identity'],
      consentReference: 'consent-story-1',
    });

    // Personal data never reached a log line or the bus, though it did reach the consented target
    const logs = written.join('');
    expect(logs).toContain(created.id);
    for (const secretText of [syntheticNationalId, ...request.context.transcript!.map((message) => message.text)]) {
      expect(logs).not.toContain(secretText);
      expect(JSON.stringify(broker.bus.archive)).not.toContain(secretText);
    }
  });

  it('shows another agency nothing: 404 for reading or acting on a handoff it takes no part in', async () => {
    const created = await broker.as(org.oslo).createHandoff({ body: unemploymentQuestion() });
    const asStranger = (path: string, init?: RequestInit) =>
      broker.token(org.vegvesen).then((token) =>
        broker.fetch(path, {
          ...init,
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
        }),
      );
    const read = await asStranger(`/v1/handoffs/${created.id}`);
    expect(read.status).toBe(404);
    expect(read.headers.get('content-type')).toBe('application/problem+json');
    expect(await read.json()).toMatchObject({ code: 'not-found', status: 404 });
    expect((await asStranger(`/v1/handoffs/${created.id}/accept`, { method: 'POST', body: '{}' })).status).toBe(404);
    expect((await asStranger(`/v1/handoffs/${created.id}/cancel`, { method: 'POST', body: '{"reason":"other"}' })).status).toBe(404);
  });
});
