import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Socket } from 'node:net';

/** How a bot answers a webhook: healthy (204), failing (500), hanging past the sender's timeout, or dropping the connection. */
export type Behaviour = 'ok' | 'fail' | 'hang' | 'drop';

export type Received = { path: string; headers: IncomingHttpHeaders; body: string; at: number };

/**
 * Partner bots for the fault suite, one behaviour per webhook path, changed
 * as a test goes. Every request is recorded, however it was answered.
 */
export async function startFaultyBots() {
  const behaviours = new Map<string, Behaviour>();
  const received: Received[] = [];
  const hanging = new Set<ServerResponse>();
  const sockets = new Set<Socket>();
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const path = request.url ?? '/';
      received.push({ path, headers: request.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() });
      const behaviour = behaviours.get(path) ?? 'ok';
      if (behaviour === 'ok') response.writeHead(204).end();
      else if (behaviour === 'fail') response.writeHead(500).end('upstream broke');
      else if (behaviour === 'drop') request.socket.destroy();
      else hanging.add(response);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    received,
    behave(path: string, behaviour: Behaviour) {
      behaviours.set(path, behaviour);
    },
    /** The webhooks one path received (every attempt), parsed. */
    bodiesFor(path: string) {
      return received
        .filter((request) => request.path === path)
        .map((request) => ({ ...request, json: JSON.parse(request.body) as { type: string; data: { handoff: { id: string } } } }));
    },
    async stop() {
      for (const response of hanging) response.destroy();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
