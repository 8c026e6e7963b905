import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import type { WebhookPayload } from '#contracts/webhooks';

export type ReceivedWebhook = { path: string; headers: IncomingHttpHeaders; body: string };

/**
 * A partner bot for tests: records every webhook it receives and answers with
 * the status `respond` chooses (204 by default), so a test can play a healthy
 * bot, a bot that is down, or one that declines.
 */
export async function startRecordingBot(respond: (received: ReceivedWebhook) => number = () => 204) {
  const received: ReceivedWebhook[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const webhook = { path: request.url ?? '/', headers: request.headers, body: Buffer.concat(chunks).toString('utf8') };
      received.push(webhook);
      response.writeHead(respond(webhook)).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    received,
    /** The webhooks sent to one bot's path, verified with the Standard Webhooks reference library. */
    verifiedFor(path: string, secret: string): WebhookPayload[] {
      return received
        .filter((webhook) => webhook.path === path)
        .map((webhook) => new Webhook(secret).verify(webhook.body, webhook.headers as Record<string, string>) as WebhookPayload);
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type RecordingBot = Awaited<ReturnType<typeof startRecordingBot>>;
