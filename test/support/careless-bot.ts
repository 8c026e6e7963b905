import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

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
