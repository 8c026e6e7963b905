import type { components, operations as Operations } from './generated/openapi.ts';
import { operations, type OperationId } from './generated/operations.ts';
import { retryDelayMs, shouldRetry, type RetryPolicy, defaultRetryPolicy } from './retry.ts';

export type Schemas = components['schemas'];
export type Problem = Schemas['Problem'];
export type { OperationId };

type Operation<K extends OperationId> = Operations[K];
type Present<T> = [NonNullable<T>] extends [never] ? false : true;

type ParamsPart<O> = O extends { parameters: { path?: infer P } } ? (Present<P> extends true ? { params: NonNullable<P> } : unknown) : unknown;
type QueryPart<O> = O extends { parameters: { query?: infer Q } } ? (Present<Q> extends true ? { query?: NonNullable<Q> } : unknown) : unknown;
type BodyOf<O> = O extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;
type BodyPart<O> = [BodyOf<O>] extends [never] ? unknown : object extends BodyOf<O> ? { body?: BodyOf<O> } : { body: BodyOf<O> };
type KeyPart<K extends OperationId> = (typeof operations)[K]['method'] extends 'POST' ? { idempotencyKey?: string } : unknown;

/** What one call takes: path parameters, query, body and (on POST) an Idempotency-Key, each only where the contract has it. */
export type CallInput<K extends OperationId> = ParamsPart<Operation<K>> & QueryPart<Operation<K>> & BodyPart<Operation<K>> & KeyPart<K>;

type SuccessOf<O> = O extends { responses: infer R } ? R[Extract<keyof R, 200 | 201>] : never;
/** What one call answers: the success body of the contract (a string for the CSV and CEF exports). */
export type CallResult<K extends OperationId> = SuccessOf<Operation<K>> extends { content: infer C } ? C[keyof C] : never;

type Method<K extends OperationId> =
  object extends CallInput<K> ? (input?: CallInput<K>) => Promise<CallResult<K>> : (input: CallInput<K>) => Promise<CallResult<K>>;

/** One typed method per operation of the v1 contract, named by its operationId. */
export type BrokerCalls = { [K in OperationId]: Method<K> };

/** A problem+json answer from the broker (or a non-JSON error answer, as a problem with code `unexpected-answer`). */
export class BrokerProblem extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
    readonly headers: Headers = new Headers(),
  ) {
    super(`${status} ${problem.code}: ${problem.detail}`);
    this.name = 'BrokerProblem';
  }
}

export type BrokerClientOptions = {
  /** The broker's address, e.g. `https://handoff.example.no` or `http://localhost:3000`. */
  baseUrl: string | URL;
  /** A bearer token (a Maskinporten access token, or a staff token), asked for before every attempt so it can be refreshed. */
  token: () => string | Promise<string>;
  /** How failed attempts are retried; `{ attempts: 1 }` turns retries off. */
  retry?: Partial<RetryPolicy>;
  fetch?: typeof fetch;
};

type AnyInput = { params?: Record<string, string>; query?: Record<string, unknown>; body?: unknown; idempotencyKey?: string };

/**
 * A typed client for the broker, made from the published contract: every
 * operation of `openapi.json` is a method named by its operationId, typed by
 * openapi-typescript's reading of the same document.
 *
 * Retries are safe: a POST gets one Idempotency-Key per call (yours, or a
 * fresh UUID), and every attempt of that call sends the same key, so the
 * broker answers a retry with the first answer instead of acting twice.
 * Network failures, 408, 429, 500, 502, 503, 504 and a 409 `conflict` are
 * retried, waiting as long as `Retry-After` asks (up to the policy's cap).
 * An answer that stays an error is thrown as a `BrokerProblem`; a network
 * failure that outlasts the attempts is thrown as `fetch` threw it.
 */
export function createBrokerClient(options: BrokerClientOptions): BrokerCalls {
  const send = options.fetch ?? fetch;
  // Operation paths are joined under the base URL's own path (an API behind a stage or a prefix keeps it).
  const base = new URL(options.baseUrl);
  if (!base.pathname.endsWith('/')) base.pathname = `${base.pathname}/`;
  const policy: RetryPolicy = { ...defaultRetryPolicy, ...options.retry };

  async function call(id: OperationId, input: AnyInput = {}): Promise<unknown> {
    const operation = operations[id];
    const path = operation.path.replace(/\{(\w+)\}/g, (_, name: string) => {
      const value = input.params?.[name];
      if (value === undefined) throw new TypeError(`${id}: the path parameter "${name}" is missing`);
      return encodeURIComponent(value);
    });
    const url = new URL(path.slice(1), base);
    for (const [name, value] of Object.entries(input.query ?? {})) if (value !== undefined && value !== null) url.searchParams.set(name, String(value));
    const isPost = operation.method === 'POST';
    const idempotencyKey = isPost ? (input.idempotencyKey ?? globalThis.crypto.randomUUID()) : undefined;
    const body = isPost ? JSON.stringify(input.body ?? {}) : undefined;

    for (let attempt = 1; ; attempt += 1) {
      const headers: Record<string, string> = {
        authorization: `Bearer ${await options.token()}`,
        accept: `${operation.mediaType ?? 'application/json'}, application/problem+json`,
      };
      if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
      if (body !== undefined) headers['content-type'] = 'application/json';
      let response: Response;
      try {
        response = await send(url, { method: operation.method, headers, ...(body !== undefined ? { body } : {}) });
      } catch (error) {
        if (attempt >= policy.attempts) throw error;
        await policy.sleep(retryDelayMs(policy, attempt, null));
        continue;
      }
      const text = await response.text();
      if (response.ok) return operation.mediaType === 'application/json' ? (text ? JSON.parse(text) : undefined) : text;
      const problem = problemOf(response.status, text);
      if (attempt < policy.attempts && shouldRetry(response.status, problem.code)) {
        await policy.sleep(retryDelayMs(policy, attempt, response.headers.get('retry-after')));
        continue;
      }
      throw new BrokerProblem(response.status, problem, response.headers);
    }
  }

  return Object.fromEntries((Object.keys(operations) as OperationId[]).map((id) => [id, (input?: AnyInput) => call(id, input)])) as unknown as BrokerCalls;
}

function problemOf(status: number, text: string): Problem {
  try {
    const parsed = JSON.parse(text) as Problem;
    if (parsed && typeof parsed === 'object' && typeof parsed.code === 'string') return parsed;
  } catch {
    // Not problem+json: a proxy or gateway answered; described below.
  }
  return { type: 'about:blank', title: 'Unexpected answer', status, code: 'unexpected-answer', detail: text.slice(0, 200) } as unknown as Problem;
}
