import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createBrokerClient, createWebhookVerifier, type BrokerCalls, type WebhookPayload, type WebhookVerifier } from '@handoff-broker/client';
import type { Directory } from '#domain/directory';

export type PartnerBotsOptions = {
  port: number;
  brokerUrl: string;
  directory: Directory;
  /** Signing secrets by `<orgnr>/<botId>`, as the broker issued them. */
  secrets: Record<string, string>;
  token: (orgNumber: string) => Promise<string>;
  say: (line: string) => void;
  /** How long a demo bot "reads" an offer before accepting, and talks before completing. */
  acceptAfterMs?: number;
  completeAfterMs?: number;
};

/**
 * Demo partner bots: one webhook endpoint per bot of the directory at
 * /bots/<orgnr>/<botId>/webhook. Each verifies the Standard Webhooks
 * signature, timestamp and webhook-id with the client package's verifier,
 * accepts every offer, answers the citizen, and completes. They call the
 * broker through the client package, exactly as a partner would.
 */
export async function startPartnerBots(options: PartnerBotsOptions) {
  const clients = new Map<string, BrokerCalls>();
  const verifiers = new Map<string, WebhookVerifier>();
  const clientFor = (orgNumber: string) => {
    let client = clients.get(orgNumber);
    if (!client) {
      client = createBrokerClient({ baseUrl: options.brokerUrl, token: () => options.token(orgNumber) });
      clients.set(orgNumber, client);
    }
    return client;
  };
  const later = (ms: number, work: () => Promise<void>) =>
    setTimeout(() => work().catch((error: unknown) => options.say(`   ⚠ demo bot: ${error instanceof Error ? error.message : String(error)}`)), ms);

  const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;

  function react(orgNumber: string, botName: string, payload: WebhookPayload) {
    const agency = options.directory.agencyName(orgNumber);
    if (payload.type === 'handoff.message') {
      const { message } = payload.data;
      options.say(`💬 ${botName} (${agency}) relays to the citizen a message from ${message.adviserName ?? message.from} in ${message.handoffId.slice(0, 8)}`);
      return;
    }
    const id = payload.data.handoff.id;
    if (payload.type === 'handoff.offered') {
      const context = payload.data.handoff.context;
      options.say(
        `📨 ${botName} (${agency}) was offered handoff ${id.slice(0, 8)} about ${payload.data.handoff.topic}: ` +
          `summary ${context ? 'received' : 'withheld'}, ${plural(context?.transcript?.length ?? 0, 'transcript message')} — no need to ask the citizen again`,
      );
      later(options.acceptAfterMs ?? 800, async () => {
        await clientFor(orgNumber).acceptHandoff({ params: { id }, body: {} });
        options.say(`✅ ${botName} (${agency}) accepted ${id.slice(0, 8)} and answers the citizen`);
        later(options.completeAfterMs ?? 2000, async () => {
          await clientFor(orgNumber).completeHandoff({ params: { id }, body: { resolution: 'resolved' } });
          options.say(`🏁 ${botName} (${agency}) completed ${id.slice(0, 8)}`);
        });
      });
    } else {
      const { transition, handoff } = payload.data;
      options.say(`🔔 ${botName} (${agency}) heard ${id.slice(0, 8)} is ${transition.to} — tells the citizen: “${handoff.citizenGuidance.message.en}”`);
    }
  }

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const found = /^\/bots\/(\d{9})\/([a-z0-9-]+)\/webhook$/.exec(new URL(request.url ?? '/', 'http://localhost').pathname);
      const bot = found ? options.directory.bot({ orgNumber: found[1]!, botId: found[2]! }) : undefined;
      const key = found ? `${found[1]}/${found[2]}` : '';
      const secret = options.secrets[key];
      if (request.method !== 'POST' || !found || !bot || !secret) {
        response.writeHead(404).end();
        return;
      }
      let verifier = verifiers.get(key);
      if (!verifier) {
        verifier = createWebhookVerifier({ secrets: secret });
        verifiers.set(key, verifier);
      }
      let payload: WebhookPayload;
      try {
        const delivery = verifier.verify(Buffer.concat(chunks), request.headers);
        response.writeHead(204).end();
        // A retry of a delivery already handled: acknowledged, not acted on twice.
        if (delivery.duplicate) return;
        payload = delivery.payload;
      } catch {
        options.say(`⛔ ${bot.name}: refused a webhook with a bad signature`);
        response.writeHead(401).end();
        return;
      }
      react(found[1]!, bot.name, payload);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', resolve);
  });
  return {
    url: `http://localhost:${(server.address() as AddressInfo).port}`,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
