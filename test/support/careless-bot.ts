import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createBrokerClient, createWebhookVerifier, type WebhookPayload } from '@handoff-broker/client';

/**
 * A partner bot that gets the webhook contract wrong in the ways partners do:
 * it trusts every delivery without checking the signature or its age, acts
 * again on a redelivery, and accepts with a fresh Idempotency-Key each time.
 * The conformance runner must fail it.
 */
export async function startCarelessBot(options: { brokerUrl: string; token: () => Promise<string> }) {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      response.writeHead(200).end();
      const payload = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { type: string; data: { handoff?: { id: string } } };
      if (payload.type !== 'handoff.offered' || !payload.data.handoff) return;
      void (async () => {
        await fetch(new URL(`/v1/handoffs/${payload.data.handoff!.id}/accept`, options.brokerUrl), {
          method: 'POST',
          headers: { authorization: `Bearer ${await options.token()}`, 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
          body: '{}',
        });
      })().catch(() => undefined);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    webhookUrl: `http://localhost:${(server.address() as AddressInfo).port}/webhook`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * A bot that verifies every delivery but forgets what it has handled: it
 * ignores the webhook-id, so a redelivered offer is acted on again. Its accept
 * reuses a key made from the handoff id (harmless), its greeting does not.
 */
export async function startForgetfulBot(options: { brokerUrl: string; secret: string; token: () => Promise<string> }) {
  const verifier = createWebhookVerifier({ secrets: options.secret });
  const broker = createBrokerClient({ baseUrl: options.brokerUrl, token: options.token, retry: { attempts: 1 } });
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      let payload: WebhookPayload;
      try {
        payload = verifier.verify(Buffer.concat(chunks), request.headers).payload;
      } catch {
        response.writeHead(401).end();
        return;
      }
      response.writeHead(204).end();
      if (payload.type !== 'handoff.offered') return;
      const { id } = payload.data.handoff;
      void (async () => {
        await broker.acceptHandoff({ params: { id }, body: {}, idempotencyKey: `accept-${id}` });
        await broker.postMessage({ params: { id }, body: { text: 'Hei, jeg tar det herfra.' } });
      })().catch(() => undefined);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    webhookUrl: `http://localhost:${(server.address() as AddressInfo).port}/webhook`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
