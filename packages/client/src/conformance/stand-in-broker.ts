import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Schemas } from '../client.ts';
import { operations, type OperationId } from '../generated/operations.ts';
import { contractErrors } from './contract.ts';
import { moved, type BotUnderTest } from './scenario-data.ts';

type HandoffDetail = Schemas['HandoffDetail'];

/** One call the bot made to the stand-in broker, with whatever was wrong with it. */
export type RecordedCall = {
  at: number;
  method: string;
  path: string;
  operationId: OperationId | null;
  handoffId: string | null;
  idempotencyKey: string | null;
  /** The body as sent, to tell a repeated action from a new one. */
  body: string;
  status: number;
  faults: string[];
};

/** The request body schema of each partner operation the bot may call while handling offers. */
const bodySchemas: Partial<Record<OperationId, string>> = {
  acceptHandoff: 'AcceptRequest',
  declineHandoff: 'DeclineRequest',
  completeHandoff: 'CompleteRequest',
  returnHandoff: 'ReturnRequest',
  cancelHandoff: 'CancelRequest',
  postMessage: 'PostMessageRequest',
};

/** What each call moves a handoff to, from which state. */
const moves: Partial<Record<OperationId, { from: Schemas['HandoffStatus'][]; to: Schemas['HandoffStatus'] }>> = {
  acceptHandoff: { from: ['offered'], to: 'accepted' },
  declineHandoff: { from: ['offered'], to: 'declined' },
  completeHandoff: { from: ['accepted'], to: 'completed' },
  returnHandoff: { from: ['accepted'], to: 'returned' },
  cancelHandoff: { from: ['requested', 'routed', 'offered', 'queued', 'callback_scheduled'], to: 'cancelled' },
};

const partnerRoutes = (Object.keys(operations) as OperationId[])
  .filter((id) => operations[id].caller === 'partner')
  .map((id) => ({
    id,
    method: operations[id].method,
    pattern: new RegExp(`^${operations[id].path.replace(/\{id\}/, '(?<id>[^/]+)')}$`),
  }));

const problem = (status: number, code: string, detail: string) => ({
  type: `urn:problem:handoff-broker:${code}`,
  title: code,
  status,
  code,
  detail,
});

/** A handoff as the action routes answer it (the contract's `Handoff`): without its conversation content. */
function withoutContent(handoff: HandoffDetail): Schemas['Handoff'] {
  const { context: _context, citizen: _citizen, returnSummary: _summary, ...view } = handoff;
  return view;
}

/** The org number a Maskinporten-shaped token names, if the token is a JWT that names one. */
function orgNumberOfToken(token: string): string | null | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { consumer?: { ID?: unknown } };
    const id = claims.consumer?.ID;
    return typeof id === 'string' && id.startsWith('0192:') ? id.slice(5) : null;
  } catch {
    return undefined;
  }
}

/**
 * The broker's API as the bot under test sees it while the runner plays the
 * broker: the partner routes of the contract, answering as the broker would
 * (the same states, idempotent replays, 409 for a move the handoff no longer
 * allows), and recording every call with what was wrong with it: no bearer
 * token, a token for another organisation, no Idempotency-Key on a POST, a
 * body the contract refuses.
 */
export async function startStandInBroker(bot: BotUnderTest, options: { port?: number } = {}) {
  const handoffs = new Map<string, HandoffDetail>();
  const replays = new Map<string, { status: number; body: unknown }>();
  const calls: RecordedCall[] = [];

  function answer(response: ServerResponse, status: number, body: unknown) {
    const isProblem = status >= 400;
    response.writeHead(status, { 'content-type': isProblem ? 'application/problem+json' : 'application/json' }).end(JSON.stringify(body));
  }

  function handle(request: IncomingMessage, text: string, response: ServerResponse) {
    const url = new URL(request.url ?? '/', 'http://stand-in');
    const method = request.method ?? 'GET';
    const route = partnerRoutes.find((candidate) => candidate.method === method && candidate.pattern.test(url.pathname));
    const handoffId = route ? (route.pattern.exec(url.pathname)?.groups?.id ?? null) : null;
    const idempotencyKey = (request.headers['idempotency-key'] as string | undefined) ?? null;
    const call: RecordedCall = {
      at: Date.now(),
      method,
      path: url.pathname,
      operationId: route?.id ?? null,
      handoffId,
      idempotencyKey,
      body: text,
      status: 0,
      faults: [],
    };
    calls.push(call);
    const reply = (status: number, body: unknown) => {
      call.status = status;
      answer(response, status, body);
    };

    const token = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '')?.[1];
    if (!token) {
      call.faults.push('no bearer token in Authorization');
      return reply(401, problem(401, 'unauthorized', 'A bearer token is required'));
    }
    const tokenOrg = orgNumberOfToken(token);
    if (tokenOrg === undefined) {
      call.faults.push('the bearer token is not a JWT (the broker takes Maskinporten access tokens)');
      return reply(401, problem(401, 'unauthorized', 'A valid bearer token is required'));
    }
    if (tokenOrg !== bot.orgNumber) {
      call.faults.push(`the token names organisation ${tokenOrg ?? '(none)'}, not ${bot.orgNumber}`);
      return reply(403, problem(403, 'forbidden', 'The token names another organisation'));
    }
    if (!route) {
      call.faults.push(`${method} ${url.pathname} is not a partner route of the contract`);
      return reply(404, problem(404, 'not-found', 'No such resource'));
    }
    let body: unknown;
    if (method === 'POST') {
      if (!/^application\/json\b/.test(request.headers['content-type'] ?? '')) {
        call.faults.push('a POST whose Content-Type is not application/json');
        return reply(415, problem(415, 'unsupported-media-type', 'Send application/json'));
      }
      if (!idempotencyKey) {
        call.faults.push('a POST without an Idempotency-Key');
        return reply(400, problem(400, 'idempotency-key-missing', 'Idempotency-Key header is required on POST'));
      }
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        call.faults.push('a body that is not JSON');
        return reply(400, problem(400, 'malformed-request', 'The body is not JSON'));
      }
      const schema = bodySchemas[route.id];
      const errors = schema ? contractErrors(schema, body) : [];
      if (errors.length) {
        call.faults.push(`a ${route.id} body the contract refuses: ${errors.join('; ')}`);
        return reply(422, problem(422, 'validation-failed', errors.join('; ')));
      }
      const replay = replays.get(`${route.id}:${idempotencyKey}`);
      if (replay) return reply(replay.status, replay.body);
    }

    const handoff = handoffId ? handoffs.get(handoffId) : undefined;
    if (!handoff) return reply(404, problem(404, 'not-found', 'No such handoff'));
    const view = withoutContent(handoff);
    if (route.id === 'getHandoff') return reply(200, handoff);
    if (route.id === 'listMessages') return reply(200, { items: [] });
    if (route.id === 'postMessage') {
      if (handoff.status !== 'accepted') return reply(409, problem(409, 'illegal-transition', `The handoff is ${handoff.status}`));
      const at = new Date().toISOString();
      const message = {
        id: `${at}~${handoff.id.slice(0, 8)}`,
        handoffId: handoff.id,
        from: 'bot',
        orgNumber: bot.orgNumber,
        adviserName: null,
        text: (body as { text: string }).text,
        at,
      };
      replays.set(`${route.id}:${idempotencyKey}`, { status: 201, body: message });
      return reply(201, message);
    }
    const move = moves[route.id];
    if (!move) return reply(200, view);
    if (!move.from.includes(handoff.status)) return reply(409, problem(409, 'illegal-transition', `The handoff is ${handoff.status}`));
    const given = body as { reason?: Schemas['StatusReason']; resolution?: Schemas['StatusReason'] } | undefined;
    const reason = given?.reason ?? given?.resolution ?? null;
    const next = moved(handoff, move.to, reason);
    handoffs.set(handoff.id, next);
    const nextView = withoutContent(next);
    replays.set(`${route.id}:${idempotencyKey}`, { status: 200, body: nextView });
    return reply(200, nextView);
  }

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => handle(request, Buffer.concat(chunks).toString('utf8'), response));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  return {
    url: `http://localhost:${(server.address() as AddressInfo).port}`,
    calls,
    /** Makes a handoff known, in the state the runner's next delivery announces. */
    put(handoff: HandoffDetail) {
      handoffs.set(handoff.id, handoff);
    },
    get(id: string) {
      return handoffs.get(id);
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type StandInBroker = Awaited<ReturnType<typeof startStandInBroker>>;
