/**
 * Runs generated requests (fuzz-requests.ts) against a started broker over
 * real HTTP and judges every answer: no 5xx ever, and every 4xx from a
 * declared route is RFC 9457 problem+json. What it finds is collected, not
 * thrown, so one run reports every kind of failure at once.
 */
import { request as httpRequest } from 'node:http';
import fc from 'fast-check';
import { Problem, problemCatalogue, problemMediaType } from '#contracts/problems';
import { contractViolations } from './contract-validator.ts';
import { buildingPermitQuestion, org, unemploymentQuestion } from './fixtures.ts';
import { declaredEndpoints, directoryFacts, fuzzRequests, type Credential, type FuzzRequest, type FuzzWorld } from './fuzz-requests.ts';
import { eventually, type TestRuntime } from './test-runtime.ts';

// ---------------------------------------------------------------------------
// Seeding: real handoffs in several states, so ids, messages and cursors exist
// ---------------------------------------------------------------------------

/** Creates handoffs that are offered, accepted with messages, queued, taken on the desk, declined, completed and scheduled. */
export async function seedWorld(runtime: TestRuntime): Promise<FuzzWorld> {
  const kari = runtime.as(org.oslo);
  const nav = runtime.as(org.nav);
  const bergen = runtime.as(org.bergen);
  const ana = runtime.asStaff(org.nav, 'nav-ana');
  const statusOf = async (id: string) => (await nav.getHandoff({ params: { id } })).status;
  const offered = (id: string) =>
    eventually(async () => {
      if ((await statusOf(id)) !== 'offered') throw new Error(`handoff ${id} is not offered yet`);
    }, 30_000);

  const osloToNav = [org.oslo, org.nav];
  const accepted = await kari.createHandoff({ body: unemploymentQuestion() });
  const offeredToNav = await kari.createHandoff({ body: unemploymentQuestion({ topic: 'social-assistance' }) });
  const secondOfferToNav = await kari.createHandoff({ body: unemploymentQuestion({ topic: 'sick-pay' }) });
  const completed = await kari.createHandoff({ body: unemploymentQuestion({ topic: 'pension' }) });
  const toTrondheim = await nav.createHandoff({ body: buildingPermitQuestion('5001') });
  const toBergen = await nav.createHandoff({ body: buildingPermitQuestion('4601') });
  const taken = await kari.createHandoff({ body: unemploymentQuestion({ target: { kind: 'human' }, reason: 'complex_case' }) });
  const waiting = await kari.createHandoff({ body: unemploymentQuestion({ target: { kind: 'human' }, reason: 'citizen_asked_for_human' }) });
  const callback = await kari.createHandoff({
    body: unemploymentQuestion({
      target: { kind: 'human' },
      topic: 'pension',
      reason: 'citizen_asked_for_human',
      citizen: { contact: { channel: 'phone', phone: '+47 912 34 567' } },
    }),
  });

  await Promise.all([accepted, offeredToNav, secondOfferToNav, completed, toTrondheim, toBergen].map((handoff) => offered(handoff.id)));
  await nav.acceptHandoff({ params: { id: accepted.id }, body: {} });
  await kari.postMessage({ params: { id: accepted.id }, body: { text: 'Hvordan søker jeg dagpenger?' } });
  await nav.postMessage({ params: { id: accepted.id }, body: { text: 'Du søker på nav.no.', from: 'bot' } });
  await nav.acceptHandoff({ params: { id: completed.id }, body: {} });
  await nav.completeHandoff({ params: { id: completed.id }, body: { resolution: 'resolved' } });
  await bergen.declineHandoff({ params: { id: toBergen.id }, body: { reason: 'out_of_scope' } });
  await ana.deskAccept({ params: { id: taken.id }, body: {} });
  await kari.postMessage({ params: { id: taken.id }, body: { text: 'Jeg trenger hjelp med søknaden.' } });
  await ana.deskPostMessage({ params: { id: taken.id }, body: { text: 'Hei, jeg heter Ana.' } });
  await runtime.settle();

  // Pages of one, so each listing gives out a cursor to replay anywhere.
  const cursorOf = async (listing: string, owner: string, page: Promise<{ nextCursor: string | null }>) => {
    const value = (await page).nextCursor;
    return value ? [{ value, listing, owner }] : [];
  };
  const cursors = (
    await Promise.all([
      cursorOf('listInbox', org.nav, nav.listInbox({ query: { limit: 1 } })),
      cursorOf('searchTransfers', org.nav, runtime.asStaff(org.nav, 'nav-ops').searchTransfers({ query: { limit: 1 } })),
      cursorOf('searchTransfers', org.oslo, runtime.asStaff(org.oslo, 'oslo-ops').searchTransfers({ query: { limit: 1 } })),
    ])
  ).flat();
  const messageIds = [
    ...(await nav.listMessages({ params: { id: accepted.id } })).items,
    ...(await ana.deskListMessages({ params: { id: taken.id } })).items,
  ].map((message) => message.id);

  return {
    ...directoryFacts(runtime.directory),
    handoffs: [
      ...[accepted, offeredToNav, secondOfferToNav, completed, taken, waiting, callback].map((handoff) => ({ id: handoff.id, parties: osloToNav })),
      { id: toTrondheim.id, parties: [org.nav, org.trondheim] },
      { id: toBergen.id, parties: [org.nav, org.bergen] },
    ],
    messageIds,
    cursors,
  };
}

// ---------------------------------------------------------------------------
// Sending: fetch, or node:http when the request's bytes must reach the broker as written
// ---------------------------------------------------------------------------

type Answer = { status: number; contentType: string; body: string; headers?: Headers };

/** No answer within this is a failure (status 0), not a hang of the whole run. */
const answerTimeoutMs = 120_000;

async function viaFetch(base: URL, request: FuzzRequest, headers: [string, string][]): Promise<Answer> {
  const sendHeaders = new Headers();
  for (const [name, value] of headers) sendHeaders.append(name, value);
  const response = await fetch(`${base.origin}${request.path}${request.query ? `?${request.query}` : ''}`, {
    method: request.method,
    headers: sendHeaders,
    ...(request.body ? { body: request.body } : {}),
    redirect: 'manual',
    signal: AbortSignal.timeout(answerTimeoutMs),
  });
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', body: await response.text(), headers: response.headers };
}

function viaNodeHttp(base: URL, request: FuzzRequest, headers: [string, string][]): Promise<Answer> {
  const grouped: Record<string, string[]> = {};
  for (const [name, value] of headers) (grouped[name] ??= []).push(value);
  if (request.body) grouped['content-length'] = [String(request.body.length)];
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      {
        host: base.hostname,
        port: base.port,
        method: request.method,
        path: `${request.path}${request.query ? `?${request.query}` : ''}`,
        headers: grouped,
        timeout: answerTimeoutMs,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            contentType: String(response.headers['content-type'] ?? ''),
            body: Buffer.concat(chunks).toString('utf8'),
            headers: new Headers(
              Object.entries(response.headers).flatMap(([name, value]) => (value === undefined ? [] : [[name, [value].flat().join(', ')] as [string, string]])),
            ),
          }),
        );
        response.on('error', reject);
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(new Error(`no answer within ${answerTimeoutMs} ms`)));
    outgoing.on('error', reject);
    outgoing.end(request.body ? Buffer.from(request.body) : undefined);
  });
}

/** Tokens by credential, issued when first needed and again before they expire (partner tokens live an hour). */
function tokenSource(runtime: TestRuntime) {
  const issued = new Map<string, { token: Promise<string>; at: number }>();
  const refreshAfterMs = 30 * 60_000;
  const tokenOf = (credential: Extract<Credential, { kind: 'partner' | 'staff' }>): Promise<string> => {
    const key = JSON.stringify(credential);
    const cached = issued.get(key);
    if (cached && Date.now() - cached.at < refreshAfterMs) return cached.token;
    const token =
      credential.kind === 'partner'
        ? runtime.token(credential.orgNumber, credential.scopes)
        : runtime.issuer.issueStaffToken(credential.orgNumber, credential.personId);
    issued.set(key, { token, at: Date.now() });
    return token;
  };
  return async (credential: Credential): Promise<string | undefined> => {
    switch (credential.kind) {
      case 'none':
        return undefined;
      case 'literal':
        return credential.value;
      case 'partner':
      case 'staff':
        return `Bearer ${await tokenOf(credential)}`;
      case 'tampered': {
        const [header, payload, signature = ''] = (await tokenOf(credential.of)).split('.');
        // A character in the middle: the last one may only carry padding bits, and changing it can leave the signature valid.
        const at = Math.floor(signature.length / 2);
        return `Bearer ${header}.${payload}.${signature.slice(0, at)}${signature[at] === 'A' ? 'B' : 'A'}${signature.slice(at + 1)}`;
      }
    }
  };
}

// ---------------------------------------------------------------------------
// Judging
// ---------------------------------------------------------------------------

type CompiledEndpoint = { id: string; method: string; pattern: RegExp };

/** The declared paths as the local API Gateway stand-in matches them (`{name}` is one segment). */
const compiledEndpoints: CompiledEndpoint[] = declaredEndpoints.map((endpoint) => ({
  id: endpoint.id,
  method: endpoint.method,
  pattern: new RegExp(
    `^${endpoint.path
      .replace(/[.*?^$()|[\]\\]/g, '\\$&')
      .replace(/\{\w+\+\}/g, '.*')
      .replace(/\{\w+\}/g, '[^/]+')}$`,
  ),
}));

/** The endpoint the broker routes this request to, or undefined when no route matches (API Gateway's own 404). */
export function matchedEndpoint(method: string, rawPath: string): string | undefined {
  // The same parse as the server's: dot segments resolved, backslashes as slashes, `//host` taken as an authority.
  const path = new URL(rawPath, 'http://localhost').pathname;
  return compiledEndpoints.find((endpoint) => endpoint.method === method && endpoint.pattern.test(path))?.id;
}

const parsedJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

/** Why a 4xx is not a valid problem, or undefined when it is one. */
export function problemViolation(answer: Answer): string | undefined {
  const mediaType = answer.contentType.split(';')[0]!.trim().toLowerCase();
  if (mediaType !== problemMediaType) return `content-type is ${JSON.stringify(answer.contentType)}, not ${problemMediaType}`;
  const json = parsedJson(answer.body);
  if (!json || typeof json !== 'object' || Array.isArray(json)) return 'the body is not a JSON object';
  const parsed = Problem.safeParse(json);
  if (!parsed.success) return `not a Problem: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'} ${issue.message}`).join('; ')}`;
  if (parsed.data.status !== answer.status) return `status ${parsed.data.status} in the body, ${answer.status} on the wire`;
  const catalogued = problemCatalogue[parsed.data.code];
  if (catalogued.status !== answer.status || catalogued.title !== parsed.data.title)
    return `code ${parsed.data.code} is catalogued as ${catalogued.status} "${catalogued.title}"`;
  return undefined;
}

/** API Gateway's answer to a path no route matches. */
const isGatewayNotFound = (answer: Answer) => answer.status === 404 && (parsedJson(answer.body) as { message?: unknown } | undefined)?.message === 'Not Found';

/** What is wrong with this answer, or undefined when nothing is. */
export function violation(method: string, endpoint: string | undefined, answer: Answer, path?: string): string | undefined {
  if (answer.status === 0) return 'no answer';
  if (answer.status >= 500) return 'server error';
  // A HEAD answer has no body to judge.
  if (method === 'HEAD') return undefined;
  // Whatever a declared operation answers, the published contract must declare it.
  const unfit =
    endpoint && path
      ? contractViolations({
          method,
          path,
          status: answer.status,
          contentType: answer.contentType,
          body: answer.body,
          ...(answer.headers ? { headers: answer.headers } : {}),
        })[0]
      : undefined;
  if (unfit) return `does not fit the contract: ${unfit}`;
  if (answer.status < 400) return undefined;
  if (!endpoint) return isGatewayNotFound(answer) ? undefined : `a path no route matches answered ${answer.status}, not API Gateway's 404`;
  const wrong = problemViolation(answer);
  return wrong ? `not problem+json: ${wrong}` : undefined;
}

/** The title a failure is known by: the problem's title, API Gateway's message, or the start of the body. */
function titleOf(answer: Answer): string {
  const json = parsedJson(answer.body) as { title?: unknown; message?: unknown } | undefined;
  if (typeof json?.title === 'string') return json.title;
  if (typeof json?.message === 'string') return json.message;
  return answer.body.slice(0, 60) || '(empty body)';
}

// ---------------------------------------------------------------------------
// The run
// ---------------------------------------------------------------------------

export type FailureSample = {
  index: number;
  method: string;
  path: string;
  transport: FuzzRequest['transport'];
  generatedFrom: string;
  shape: string[];
  status: number;
  body: string;
};

export type Failure = {
  /** Route + status + error title: one product bug, however many requests hit it. */
  signature: string;
  route: string;
  status: number;
  title: string;
  why: string;
  count: number;
  samples: FailureSample[];
};

export type FuzzReport = {
  seed: number;
  requests: number;
  durationMs: number;
  /** Requests by HTTP status (0: no answer). */
  histogram: Record<number, number>;
  /** Requests by the route the broker matched (or `unmatched`), then by status. */
  perRoute: Record<string, Record<number, number>>;
  failures: Failure[];
};

export type FuzzOptions = {
  seed: number;
  requests: number;
  concurrency?: number;
  /** Called after every answer, for progress reports. */
  onAnswer?: (done: number) => void;
};

const samplesKept = 3;
/** Requests are generated a batch at a time, so a long run does not hold every body in memory at once. */
const batchSize = 100;

/** Seeds a world, sends `requests` generated requests (a few at a time) and judges every answer. */
export async function runFuzz(runtime: TestRuntime, options: FuzzOptions): Promise<FuzzReport> {
  const started = Date.now();
  const world = await seedWorld(runtime);
  const arbitrary = fuzzRequests(world);
  const authorization = tokenSource(runtime);
  const base = new URL(runtime.url);
  const histogram: Record<number, number> = {};
  const perRoute: Record<string, Record<number, number>> = {};
  const failures = new Map<string, Failure>();
  let done = 0;

  const handle = async (request: FuzzRequest, index: number) => {
    const credential = await authorization(request.credential);
    const headers: [string, string][] = [...(credential === undefined ? [] : [['authorization', credential] as [string, string]]), ...request.headers];
    const answer = await (request.transport === 'raw' ? viaNodeHttp(base, request, headers) : viaFetch(base, request, headers)).catch(
      (error: unknown): Answer => ({
        status: 0,
        contentType: '',
        body: error instanceof Error ? `${error.name}: ${error.message}${error.cause ? ` (${String(error.cause)})` : ''}` : String(error),
      }),
    );
    const endpoint = matchedEndpoint(request.method, request.path);
    const route = endpoint ?? 'unmatched';
    histogram[answer.status] = (histogram[answer.status] ?? 0) + 1;
    (perRoute[route] ??= {})[answer.status] = (perRoute[route][answer.status] ?? 0) + 1;
    const why = violation(request.method, endpoint, answer, request.path);
    if (why) {
      const title = answer.status === 0 ? answer.body.slice(0, 80) : titleOf(answer);
      const signature = `${route} ${answer.status} ${title}`;
      const failure = failures.get(signature) ?? { signature, route, status: answer.status, title, why, count: 0, samples: [] };
      failure.count += 1;
      if (failure.samples.length < samplesKept) {
        const target = `${request.path}${request.query ? `?${request.query}` : ''}`;
        failure.samples.push({
          index,
          method: request.method,
          path: target.length > 300 ? `${target.slice(0, 300)}…` : target,
          transport: request.transport,
          generatedFrom: request.endpoint,
          shape: request.shape,
          status: answer.status,
          body: answer.body.slice(0, 300),
        });
      }
      failures.set(signature, failure);
    }
    options.onAnswer?.(++done);
  };

  for (let first = 0; first < options.requests; first += batchSize) {
    const count = Math.min(batchSize, options.requests - first);
    // One seed per batch, derived from the run's: the same seed always sends the same requests.
    const batch = fc.sample(arbitrary, { seed: (options.seed + first * 7_919) | 0, numRuns: count });
    let next = 0;
    const worker = async () => {
      for (let at = next++; at < batch.length; at = next++) await handle(batch[at]!, first + at);
    };
    await Promise.all(Array.from({ length: options.concurrency ?? 4 }, worker));
  }

  return {
    seed: options.seed,
    requests: options.requests,
    durationMs: Date.now() - started,
    histogram,
    perRoute,
    failures: [...failures.values()].sort((a, b) => a.signature.localeCompare(b.signature)),
  };
}

// ---------------------------------------------------------------------------
// Reporting
// ---------------------------------------------------------------------------

const table = (rows: string[][]) => {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ')).join('\n');
};

export function formatHistogram(report: FuzzReport): string {
  const statuses = Object.keys(report.histogram)
    .map(Number)
    .sort((a, b) => a - b);
  return table([['status', 'requests'], ...statuses.map((status) => [status === 0 ? 'no answer' : String(status), String(report.histogram[status])])]);
}

export function formatPerRoute(report: FuzzReport): string {
  const statuses = [...new Set(Object.values(report.perRoute).flatMap((counts) => Object.keys(counts).map(Number)))].sort((a, b) => a - b);
  const routeIds = [...declaredEndpoints.map((endpoint) => endpoint.id), 'unmatched'];
  return table([
    ['route', 'total', ...statuses.map(String)],
    ...routeIds.map((id) => {
      const counts = report.perRoute[id] ?? {};
      return [id, String(Object.values(counts).reduce((sum, count) => sum + count, 0)), ...statuses.map((status) => String(counts[status] ?? '·'))];
    }),
  ]);
}

export function formatFailures(report: FuzzReport): string {
  if (!report.failures.length) return 'no failures';
  return report.failures
    .map((failure) =>
      [
        `✗ ${failure.signature}  (${failure.count}×; ${failure.why})`,
        ...failure.samples.map((sample) =>
          [
            `    #${sample.index} ${sample.method} ${sample.path}  [${sample.transport}; generated from ${sample.generatedFrom}]`,
            `      shape: ${sample.shape.join(' | ') || '(as declared)'}`,
            `      ${sample.status}: ${sample.body.replace(/\s+/g, ' ')}`,
          ].join('\n'),
        ),
      ].join('\n'),
    )
    .join('\n');
}
