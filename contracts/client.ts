import type * as z from 'zod';
import type { Problem } from './problems.ts';
import { routes, type RouteDefinition, type Routes } from './routes.ts';

type ParamsInput<R> = R extends { params: infer P extends z.ZodType } ? { params: z.input<P> } : unknown;
type QueryInput<R> = R extends { query: infer Q extends z.ZodType } ? { query?: z.input<Q> } : unknown;
type BodyInput<R> = R extends { body: infer B extends z.ZodType } ? { body: z.input<B> } : unknown;
type KeyInput<R> = R extends { method: 'POST' } ? { idempotencyKey?: string } : unknown;

export type RouteCall<R extends RouteDefinition> = ParamsInput<R> & QueryInput<R> & BodyInput<R> & KeyInput<R>;
export type RouteResult<R extends RouteDefinition> = z.infer<R['response']['schema']>;

/** One typed method per route of the v1 contract. */
export type BrokerClient = { [K in keyof Routes]: (call: RouteCall<Routes[K]>) => Promise<RouteResult<Routes[K]>> };

/** A problem+json answer from the broker. */
export class BrokerProblem extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(`${status} ${problem.code}: ${problem.detail}`);
    this.name = 'BrokerProblem';
  }
}

export type BrokerClientOptions = {
  baseUrl: string;
  /** A bearer token (Maskinporten access token), asked for before every call so it can be refreshed. */
  token: () => string | Promise<string>;
  fetch?: typeof fetch;
};

/**
 * A typed client for partner bots, made by walking the route table: the same
 * declaration the broker serves, so client and server cannot disagree.
 * POSTs get a fresh Idempotency-Key unless you pass one (pass the same key when you retry).
 */
export function createBrokerClient(options: BrokerClientOptions): BrokerClient {
  const send = options.fetch ?? fetch;
  const call = async (route: RouteDefinition, input: { params?: Record<string, string>; query?: Record<string, unknown>; body?: unknown; idempotencyKey?: string }) => {
    const path = route.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(String(input.params?.[name] ?? '')));
    const url = new URL(path, options.baseUrl);
    for (const [name, value] of Object.entries(input.query ?? {})) if (value !== undefined) url.searchParams.set(name, String(value));
    const headers: Record<string, string> = { authorization: `Bearer ${await options.token()}`, accept: 'application/json' };
    if (route.method === 'POST') {
      headers['content-type'] = 'application/json';
      headers['idempotency-key'] = input.idempotencyKey ?? globalThis.crypto.randomUUID();
    }
    const response = await send(url, {
      method: route.method,
      headers,
      ...(route.method === 'POST' ? { body: JSON.stringify(input.body ?? {}) } : {}),
    });
    const text = await response.text();
    const json: unknown = text ? JSON.parse(text) : undefined;
    if (!response.ok) throw new BrokerProblem(response.status, json as Problem);
    return json;
  };
  return Object.fromEntries(
    Object.entries(routes).map(([id, route]) => [id, (input: Parameters<typeof call>[1]) => call(route, input)]),
  ) as unknown as BrokerClient;
}
