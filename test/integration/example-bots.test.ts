import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBrokerClient, eachItem } from '@handoff-broker/client';
import type { DirectoryConfigInput } from '#contracts/directory';
import { freePort } from '#local/free-port';
import { startMunicipalBot } from '../../examples/municipal-bot.ts';
import { startWelfareBot } from '../../examples/welfare-bot.ts';
import { eventually, startTestRuntime, type TestRuntime } from '../support/test-runtime.ts';

/**
 * The README's 15-minute guide, run: the two example bots, on the client
 * package, with the guide's own directory (`examples/directory.json`), their
 * own webhook secrets, against the real embedded runtime. Kommune-Kari hands
 * a citizen to Frida, Frida greets them with what Kari passed on, the citizen
 * thanks her through Kari, Frida completes, and Kari hears it.
 */
const secrets = {
  '958935420/kommune-kari': `whsec_${Buffer.from('example municipal bot secret 0001').toString('base64')}`,
  '889640782/frida': `whsec_${Buffer.from('example welfare bot secret 00002').toString('base64')}`,
};

let runtime: TestRuntime;
let kari: Awaited<ReturnType<typeof startMunicipalBot>>;
let frida: Awaited<ReturnType<typeof startWelfareBot>>;
const toldCitizen: { handoffId: string; text: string }[] = [];
const fridaSaid: string[] = [];

beforeAll(async () => {
  const [kariPort, fridaPort] = [await freePort(), await freePort()];
  const guideDirectory = readFileSync(new URL('../../examples/directory.json', import.meta.url), 'utf8')
    .replace('http://localhost:4101/webhook', `http://localhost:${kariPort}/webhook`)
    .replace('http://localhost:4102/webhook', `http://localhost:${fridaPort}/webhook`);
  runtime = await startTestRuntime(JSON.parse(guideDirectory) as DirectoryConfigInput, { webhookSecrets: secrets });
  kari = await startMunicipalBot({
    port: kariPort,
    brokerUrl: runtime.url,
    secret: secrets['958935420/kommune-kari'],
    token: () => runtime.token('958935420'),
    tellCitizen: (handoffId, text) => toldCitizen.push({ handoffId, text }),
  });
  frida = await startWelfareBot({
    port: fridaPort,
    brokerUrl: runtime.url,
    secret: secrets['889640782/frida'],
    token: () => runtime.token('889640782'),
    say: (line) => fridaSaid.push(line),
  });
});

afterAll(async () => {
  await kari?.stop();
  await frida?.stop();
  await runtime?.stop();
});

describe('the example bots on the embedded runtime', () => {
  it('hand a citizen from the municipality to the welfare bot and back to an end, with the context carried and messages relayed both ways', async () => {
    const summary = 'Lost their job last week; asks how to apply for unemployment benefit.';
    const handoff = await kari.handOver('guide-chat-1', 'unemployment-benefit', summary, [
      { from: 'citizen', text: 'Hvordan søker jeg dagpenger?', at: new Date().toISOString() },
    ]);
    expect(handoff.status).toBe('offered');
    expect(toldCitizen[0]).toEqual({ handoffId: handoff.id, text: handoff.citizenGuidance.message.nb });

    // Frida's greeting quotes what Kari passed on: the citizen does not start over.
    const greeting = await eventually(() => {
      const found = toldCitizen.find((told) => told.text.includes('Jeg er Frida'));
      if (!found) throw new Error(`no greeting yet: ${JSON.stringify(toldCitizen)}`);
      return found;
    });
    expect(greeting.text).toContain(summary);
    expect(toldCitizen.some((told) => told.text.startsWith('[accepted]'))).toBe(true);

    await kari.citizenSays(handoff.id, 'Takk, det var det jeg lurte på!');
    await eventually(() => expect(toldCitizen.some((told) => told.handoffId === handoff.id && told.text.startsWith('[completed]'))).toBe(true));
    expect(await runtime.as('889640782').getHandoff({ params: { id: handoff.id } })).toMatchObject({ status: 'completed', statusReason: 'resolved' });
    expect(fridaSaid.some((line) => line.includes('the citizen says «Takk'))).toBe(true);

    // The conversation, read back page by page with the client's pagination helper.
    const messages = [];
    for await (const message of eachItem(runtime.as('958935420'), 'listMessages', { params: { id: handoff.id }, query: { limit: 1 } })) messages.push(message);
    expect(messages.map((message) => message.from)).toEqual(['bot', 'citizen']);
  });

  it('retries a call whose answer was lost with the same Idempotency-Key, and the broker answers it with the first answer', async () => {
    const attempts: { key: string | null; id: string; replayed: string | null }[] = [];
    // Each request reaches the broker and is done; the first answer is lost on the way back, as a timeout would lose it.
    const losingFetch: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      const { id } = (await response.clone().json()) as { id: string };
      attempts.push({ key: new Headers(init?.headers).get('idempotency-key'), id, replayed: response.headers.get('idempotent-replayed') });
      if (attempts.length === 1) throw new TypeError('fetch failed: the connection was reset');
      return response;
    };
    const client = createBrokerClient({ baseUrl: runtime.url, token: () => runtime.token('958935420'), fetch: losingFetch, retry: { backoffMs: 10 } });
    const created = await client.createHandoff({
      body: {
        origin: { botId: 'kommune-kari', conversationId: 'guide-chat-retry' },
        target: { kind: 'topic' },
        reason: 'out_of_scope',
        topic: 'pension',
        language: 'nb',
        consent: { shareTranscript: false, shareIdentity: false },
        context: { summary: { text: 'Asks when their pension is paid.', containsPersonalData: false } },
      },
    });
    expect(attempts).toHaveLength(2);
    expect(attempts[1]!.key).toBe(attempts[0]!.key);
    expect(attempts[0]).toMatchObject({ id: created.id, replayed: null });
    expect(attempts[1]).toMatchObject({ id: created.id, replayed: 'true' });
  });
});
