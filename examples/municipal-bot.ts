/**
 * A municipality's bot (Oslo's Kommune-Kari) on the handoff broker, built on
 * the client package. When a citizen asks about something another agency
 * handles, it hands the conversation over with the citizen's consent, tells
 * the citizen what the broker says to tell them, relays the other side's
 * messages, and hears when the handoff ends. It also takes offers for its
 * own topics. Run it with
 *
 *   WEBHOOK_SECRET=whsec_… node --import tsx examples/municipal-bot.ts --hand-over
 *
 * and see README.md, "Integrate your bot in 15 minutes".
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { BrokerProblem, createBrokerClient, webhookListener, type Schemas, type WebhookPayload } from '@handoff-broker/client';
import { localToken } from './welfare-bot.ts';

export type MunicipalBotOptions = {
  port: number;
  brokerUrl: string;
  secret: string;
  token: () => Promise<string>;
  botId?: string;
  topics?: Schemas['Topic'][];
  /** What the bot says to the citizen (in a real bot: the chat window). */
  tellCitizen?: (handoffId: string, text: string) => void;
};

export async function startMunicipalBot(options: MunicipalBotOptions) {
  const tell = options.tellCitizen ?? ((id: string, text: string) => console.log(`municipal bot → citizen (${id.slice(0, 8)}): ${text}`));
  const topics = options.topics ?? ['building-permit', 'snow-clearing', 'kindergarten', 'waste-collection'];
  const broker = createBrokerClient({ baseUrl: options.brokerUrl, token: options.token });

  /** Hands a conversation over to whoever handles the topic, with what the citizen agreed to share. */
  async function handOver(conversationId: string, topic: Schemas['Topic'], summary: string, transcript: Schemas['TranscriptMessage'][]) {
    const handoff = await broker.createHandoff({
      // One key per conversation and topic: a retry after a timeout cannot create a second handoff.
      idempotencyKey: `hand-over-${conversationId}-${topic}`,
      body: {
        origin: { botId: options.botId ?? 'kommune-kari', conversationId },
        target: { kind: 'topic' },
        reason: 'out_of_scope',
        topic,
        language: 'nb',
        consent: { shareTranscript: true, shareIdentity: false, reference: `consent-${conversationId}` },
        context: { summary: { text: summary, containsPersonalData: false }, transcript },
      },
    });
    tell(handoff.id, handoff.citizenGuidance.message.nb);
    return handoff;
  }

  /** Passes what the citizen writes to whoever has the conversation now. */
  async function citizenSays(handoffId: string, text: string) {
    await broker.postMessage({ params: { id: handoffId }, body: { text, from: 'citizen' } });
  }

  async function onPayload(payload: WebhookPayload) {
    if (payload.type === 'handoff.status_changed') {
      // The broker says what to tell the citizen at every step: accepted, queued, completed, fallback…
      tell(payload.data.handoff.id, `[${payload.data.transition.to}] ${payload.data.handoff.citizenGuidance.message.nb}`);
    } else if (payload.type === 'handoff.message') {
      const { message } = payload.data;
      tell(message.handoffId, `${message.adviserName ?? 'The other agency'} writes: ${message.text}`);
    } else if (payload.type === 'handoff.offered') {
      const { id, topic } = payload.data.handoff;
      try {
        if (!topics.includes(topic)) {
          await broker.declineHandoff({ params: { id }, body: { reason: 'out_of_scope' }, idempotencyKey: `decline-${id}` });
          return;
        }
        await broker.acceptHandoff({ params: { id }, body: {}, idempotencyKey: `accept-${id}` });
        await broker.postMessage({ params: { id }, body: { text: 'Hei! Dette er Kommune-Kari. Jeg tar det herfra.' }, idempotencyKey: `greeting-${id}` });
      } catch (error) {
        if (!(error instanceof BrokerProblem && error.status === 409)) throw error; // 409: no longer offered.
      }
    }
  }

  const server = createServer(webhookListener({ secrets: options.secret, onPayload, onError: (error) => console.error(`municipal bot: ${String(error)}`) }));
  await new Promise<void>((resolve) => server.listen(options.port, '127.0.0.1', resolve));
  return {
    webhookUrl: `http://localhost:${(server.address() as AddressInfo).port}/webhook`,
    handOver,
    citizenSays,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const brokerUrl = process.env.BROKER_URL ?? 'http://localhost:3000';
  const bot = await startMunicipalBot({
    port: Number(process.env.PORT ?? 4101),
    brokerUrl,
    secret: process.env.WEBHOOK_SECRET ?? '',
    token: localToken(process.env.TOKEN_URL ?? 'http://localhost:3000/local-issuer/token', process.env.ORG_NUMBER ?? '958935420'),
    tellCitizen: (id, text) => {
      console.log(`municipal bot → citizen (${id.slice(0, 8)}): ${text}`);
      // In this demo the citizen thanks whoever helped them, which lets the welfare bot complete.
      if (text.includes('Jeg er Frida')) setTimeout(() => bot.citizenSays(id, 'Takk, det var det jeg lurte på!').catch(console.error), 1000);
    },
  });
  console.log(`municipal bot: webhook at ${bot.webhookUrl}, calling the broker at ${brokerUrl}`);
  if (process.argv.includes('--hand-over')) {
    const said = 'Jeg mistet jobben forrige uke. Hvordan søker jeg dagpenger?';
    await bot.handOver(`chat-${Date.now()}`, 'unemployment-benefit', 'Lost their job last week; asks how to apply for unemployment benefit.', [
      { from: 'citizen', text: said, at: new Date().toISOString() },
    ]);
  }
}
