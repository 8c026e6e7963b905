import { createHash } from 'node:crypto';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type * as z from 'zod';
import type { RouteDefinition } from '#contracts/routes';
import { HandoffNotFound, IdempotencyKeyReused, InvalidRequest, RateLimited } from '#domain/errors';
import type { Caller } from '#domain/handoff';
import type { IdempotencyClaim } from '#domain/ports';
import { authenticate } from './authenticate.ts';
import { canonicalJson } from '#domain/canonical-json';
import { directory, rateLimiter, receipts } from './dependencies.ts';
import { IdempotencyKeyMissing, MalformedRequest, PayloadTooLarge, UnsupportedMediaType } from './http-errors.ts';
import { maxRequestBodyBytes } from '#contracts/problems';
import { logged } from './logger.ts';
import { errorResponse, fieldIssuesOf, timeoutProblem } from './problem-response.ts';

type Infer<S, Fallback> = S extends z.ZodType ? z.infer<S> : Fallback;

/** What a route's main function receives: the proven caller and the validated request. */
export type RouteInput<R extends RouteDefinition> = {
  caller: Caller;
  params: Infer<R['params'], Record<string, never>>;
  query: Infer<R['query'], Record<string, never>>;
  body: Infer<R['body'], undefined>;
  idempotency: R extends { idempotent: false } ? undefined : R['method'] extends 'POST' ? IdempotencyClaim : undefined;
  /**
   * Where the caller reached the broker (scheme and host), for answers that name the broker's own address.
   * A function: only routes that need it read it, before they act (a Host that is no host name is a 422).
   */
  origin: () => string;
};

export type RouteHandler<R extends RouteDefinition> = (input: RouteInput<R>) => Promise<z.infer<R['response']['schema']>>;

const jsonResponse = (status: number, body: unknown, headers: Record<string, string> = {}): APIGatewayProxyStructuredResultV2 => ({
  statusCode: status,
  // Answers carry conversation content: no browser or proxy cache keeps them.
  headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers },
  body: JSON.stringify(body),
});

function readParams(route: RouteDefinition, event: APIGatewayProxyEventV2) {
  if (!route.params) return {};
  const result = route.params.safeParse(event.pathParameters ?? {});
  // A malformed id cannot name a handoff: not found, the same as an unknown one.
  if (!result.success) throw new HandoffNotFound(Object.values(event.pathParameters ?? {}).join('/'));
  return result.data;
}

function readQuery(route: RouteDefinition, event: APIGatewayProxyEventV2) {
  if (!route.query) return {};
  const result = route.query.safeParse(event.queryStringParameters ?? {});
  if (!result.success) throw new InvalidRequest('the query is not valid', fieldIssuesOf(result.error, 'query'));
  return result.data;
}

function readBody(route: RouteDefinition, event: APIGatewayProxyEventV2): unknown {
  if (!route.body) return undefined;
  const raw = event.body ? (event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body) : '';
  const bytes = Buffer.byteLength(raw);
  if (bytes > maxRequestBodyBytes) throw new PayloadTooLarge(bytes, maxRequestBodyBytes);
  const contentType = event.headers['content-type'];
  if (raw.trim() !== '' && contentType && !/^application\/([\w.+-]+\+)?json\b/i.test(contentType)) {
    throw new UnsupportedMediaType(contentType);
  }
  let json: unknown = {};
  if (raw.trim() !== '') {
    try {
      json = JSON.parse(raw);
    } catch {
      throw new MalformedRequest('the body is not valid JSON');
    }
  }
  const result = route.body.safeParse(json);
  if (!result.success) throw new InvalidRequest('the request body is not valid', fieldIssuesOf(result.error));
  return result.data;
}

function claimOf(event: APIGatewayProxyEventV2, caller: Caller, body: unknown): IdempotencyClaim {
  const key = event.headers['idempotency-key'];
  if (!key || !/^[\x21-\x7e]{1,255}$/.test(key)) throw new IdempotencyKeyMissing();
  const requestHash = createHash('sha256')
    .update(`${event.requestContext.http.method} ${event.rawPath}\n${canonicalJson(body)}`)
    .digest('base64url');
  // Keys are the caller's own: an agency's systems share a namespace, each adviser has one.
  return { scope: caller.adviserId ? `${caller.orgNumber}:${caller.adviserId}` : caller.orgNumber, key, requestHash };
}

/**
 * The scheme and host the caller used. API Gateway sets both itself; the local
 * server takes the Host header as it comes, so both are checked: a scheme other
 * than http(s) is ignored (https, or http on loopback), and a host that is no
 * host name is refused.
 */
function originOf(event: APIGatewayProxyEventV2): () => string {
  return () => {
    const host = event.requestContext.domainName;
    if (!/^(([a-z0-9-]+\.)*[a-z0-9-]+|\[[0-9a-f:]+\])(:\d{1,5})?$/i.test(host)) {
      throw new InvalidRequest('the Host header is not a host name', [{ path: ['host'], message: 'a host name, with a port if any', in: 'header' }]);
    }
    const forwarded = event.headers['x-forwarded-proto']?.split(',')[0]?.trim().toLowerCase();
    const loopback = /^(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/.test(host);
    const scheme = forwarded === 'https' || forwarded === 'http' ? forwarded : loopback ? 'http' : 'https';
    return `${scheme}://${host}`;
  };
}

/** Where a created resource is, from the route's `location` and the answer (undefined for a route that creates nothing). */
function locationOf(route: RouteDefinition, answer: unknown): string | undefined {
  const id = (answer as { id?: unknown } | null)?.id;
  return route.response.location && typeof id === 'string' ? route.response.location.replace('{id}', encodeURIComponent(id)) : undefined;
}

/** The stored first answer to this key, or undefined when the key is new. */
async function replayOf(route: RouteDefinition, claim: IdempotencyClaim): Promise<APIGatewayProxyStructuredResultV2 | undefined> {
  const receipt = await receipts().findReceipt(claim.scope, claim.key, new Date());
  if (!receipt) return undefined;
  if (receipt.claim.requestHash !== claim.requestHash) throw new IdempotencyKeyReused();
  const location = locationOf(route, receipt.response);
  return jsonResponse(route.response.status, receipt.response, { 'idempotent-replayed': 'true', ...(location ? { location } : {}) });
}

/** Counts the request against its agency's limit (the directory's `rateLimit`); over it, 429 with Retry-After. */
async function withinRateLimit(caller: Caller): Promise<void> {
  const limit = directory().agency(caller.orgNumber)?.rateLimit.requestsPerMinute;
  if (limit === undefined) return;
  const taken = await rateLimiter().take(caller.orgNumber, limit, new Date());
  if (!taken.allowed) throw new RateLimited(caller.orgNumber, taken.retryAfterSeconds);
}

/**
 * Wraps a route's main function with everything every route needs, written
 * once: bearer-token proof and scope, path/query/body validation, the
 * Idempotency-Key contract on POST, JSON responses, and problem+json errors.
 */
export function httpHandler<R extends RouteDefinition>(route: R, main: RouteHandler<R>) {
  const handle = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
    try {
      const caller = await authenticate(event.headers.authorization, route);
      await withinRateLimit(caller);
      const params = readParams(route, event);
      const query = readQuery(route, event);
      const body = readBody(route, event);
      const idempotency = route.method === 'POST' && route.idempotent !== false ? claimOf(event, caller, body) : undefined;
      // Optimistic: the receipt is written with the change, so a repeated key is found by the write itself,
      // and the stored answer is read only when the request did not go through (no read before every write).
      try {
        const result = await main({ caller, params, query, body, idempotency, origin: originOf(event) } as RouteInput<R>);
        if (route.response.mediaType) {
          return {
            statusCode: route.response.status,
            headers: { 'content-type': `${route.response.mediaType}; charset=utf-8`, 'cache-control': 'no-store' },
            body: String(result),
          };
        }
        const location = locationOf(route, result);
        return jsonResponse(route.response.status, result, location ? { location } : {});
      } catch (error) {
        // A twin request committed first, now or earlier (its change may make this one illegal): answer as it was answered.
        if (idempotency) {
          // The answer is the replay if there is one; if the receipt cannot be read now, the request's own error stands.
          const replay = await replayOf(route, idempotency).catch((lookup: unknown) => {
            if (lookup instanceof IdempotencyKeyReused) throw lookup;
            return undefined;
          });
          if (replay) return replay;
        }
        throw error;
      }
    } catch (error) {
      return errorResponse(error, event.rawPath);
    }
  };
  // A request about to outrun the function's timeout answers a retryable 503 problem rather than dying as a bare 500.
  return logged(
    middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>({ timeoutEarlyInMillis: 250, timeoutEarlyResponse: timeoutProblem }).handler(handle),
  );
}
