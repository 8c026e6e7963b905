import type * as z from 'zod';
import { HandoffIdParams, HandoffView } from './handoff.ts';
import type { ProblemCode } from './problems.ts';

/** OAuth2 scopes a partner's token may carry (Maskinporten-style), and the adviser's scope on the agent desk. */
export const scopes = {
  'handoffs:write': 'Create handoffs and act on handoffs offered to your agency.',
  'handoffs:read': 'Read handoffs your agency takes part in, and your inbox.',
  'directory:read': 'Read the directory of agencies, bots and topics.',
  'desk': 'An adviser on the agent desk: take conversations from your agency’s queues.',
  'audit:read': 'Operations staff: search, export, verify and analyse the transfers your agency took part in, and list undelivered webhooks.',
  'webhooks:redrive': 'Operations staff: send webhooks to your agency’s bots again that the broker gave up on.',
} as const;
export type Scope = keyof typeof scopes;

/**
 * Who calls a route: a partner system (Maskinporten token), or a person from
 * the agency's identity provider: an adviser (desk) or an operator (ops).
 */
export type CallerKind = 'partner' | 'adviser' | 'operator';

export type RouteDefinition = {
  method: 'GET' | 'POST';
  /** API Gateway path syntax (`{id}`), used unchanged by CDK and by the local server. */
  path: string;
  summary: string;
  description?: string;
  tag: 'Handoffs' | 'Messages' | 'Inbox' | 'Open Floor' | 'Directory' | 'Desk' | 'Audit' | 'Operations';
  caller: CallerKind;
  scope: Scope;
  /** A POST with side effects takes an Idempotency-Key; a side-effect-free POST (a preview) does not. */
  idempotent?: false;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  /**
   * JSON unless a media type is given; a text response's schema is a string. `location`: the path of what a 201
   * created, `{id}` taken from the answer's `id`, sent as the `Location` header.
   */
  response: { status: 200 | 201; schema: z.ZodType; mediaType?: 'text/csv' | 'text/plain'; location?: `/${string}{id}${string}` };
  /** Problems particular to this route; the common ones are added by `problemsOf`. */
  problems: ProblemCode[];
};

/**
 * Every problem a route can answer with: its own plus those every route shares.
 * (A malformed path id is `not-found`: no such handoff can exist.)
 */
export const problemsOf = (route: RouteDefinition): ProblemCode[] => {
  const common: ProblemCode[] = ['unauthorized', 'forbidden', 'rate-limited', 'unavailable', 'internal'];
  const input: ProblemCode[] =
    route.method === 'POST'
      ? route.idempotent === false
        ? ['malformed-request', 'payload-too-large', 'unsupported-media-type', 'validation-failed']
        : ['malformed-request', 'payload-too-large', 'idempotency-key-missing', 'unsupported-media-type', 'validation-failed', 'idempotency-key-reused']
      : route.query
        ? ['malformed-request', 'validation-failed']
        : [];
  return [...new Set([...input, ...route.problems, ...common])];
};

/** What every action on one handoff shares, for a partner or on the desk: a POST on its id, answered with the handoff as it now stands. */
export const actionRoute = <Body extends z.ZodType>(path: string, body: Body) => ({
  method: 'POST' as const,
  path,
  params: HandoffIdParams,
  body,
  response: { status: 200 as const, schema: HandoffView },
  problems: ['not-found', 'illegal-transition', 'conflict'] as ProblemCode[],
});
