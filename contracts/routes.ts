import type { z } from 'zod';
import { DirectoryView } from './directory.ts';
import {
  AcceptRequest,
  CancelRequest,
  CompleteRequest,
  CreateHandoffRequest,
  DeclineRequest,
  HandoffDetail,
  HandoffIdParams,
  HandoffView,
  InboxPage,
  InboxQuery,
  ReturnRequest,
} from './handoff.ts';
import type { ProblemCode } from './problems.ts';

/** OAuth2 scopes a partner's token may carry (Maskinporten-style). */
export const scopes = {
  'handoffs:write': 'Create handoffs and act on handoffs offered to your agency.',
  'handoffs:read': 'Read handoffs your agency takes part in, and your inbox.',
  'directory:read': 'Read the directory of agencies, bots and topics.',
} as const;
export type Scope = keyof typeof scopes;

export type RouteDefinition = {
  method: 'GET' | 'POST';
  /** API Gateway path syntax (`{id}`), used unchanged by CDK and by the local server. */
  path: string;
  summary: string;
  description?: string;
  tag: 'Handoffs' | 'Inbox' | 'Directory';
  scope: Scope;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  response: { status: 200 | 201; schema: z.ZodType };
  /** Problems particular to this route; the common ones are added by `problemsOf`. */
  problems: ProblemCode[];
};

const action = <Body extends z.ZodType>(name: string, summary: string, description: string, body: Body) =>
  ({
    method: 'POST',
    path: `/v1/handoffs/{id}/${name}`,
    summary,
    description,
    tag: 'Handoffs',
    scope: 'handoffs:write',
    params: HandoffIdParams,
    body,
    response: { status: 200, schema: HandoffView },
    problems: ['not-found', 'illegal-transition', 'conflict'],
  }) as const satisfies RouteDefinition;

/** The v1 route table: the one place a route is declared. */
export const routes = {
  createHandoff: {
    method: 'POST',
    path: '/v1/handoffs',
    summary: 'Hand a conversation over',
    description:
      'Routes the conversation and answers at once with the chosen target and what to tell the citizen. The offer to the target follows asynchronously (webhook or inbox).',
    tag: 'Handoffs',
    scope: 'handoffs:write',
    body: CreateHandoffRequest,
    response: { status: 201, schema: HandoffView },
    problems: ['no-route'],
  },
  getHandoff: {
    method: 'GET',
    path: '/v1/handoffs/{id}',
    summary: 'Read a handoff your agency takes part in',
    description: 'The conversation content is shown to the origin and the current assignee only.',
    tag: 'Handoffs',
    scope: 'handoffs:read',
    params: HandoffIdParams,
    response: { status: 200, schema: HandoffDetail },
    problems: ['not-found'],
  },
  acceptHandoff: action('accept', 'Accept an offered handoff', 'Only the assigned agency may accept; exactly one accept wins.', AcceptRequest),
  declineHandoff: action(
    'decline',
    'Decline an offered handoff',
    'The broker reroutes to the next candidate or falls back to the origin.',
    DeclineRequest,
  ),
  completeHandoff: action('complete', 'Complete an accepted handoff', 'The receiving side has finished with the conversation.', CompleteRequest),
  cancelHandoff: action('cancel', 'Cancel a handoff', 'The origin withdraws the handoff, for example because the citizen left.', CancelRequest),
  returnHandoff: action(
    'return',
    'Return an accepted handoff to the origin',
    'Hands the conversation back with a summary of what was done.',
    ReturnRequest,
  ),
  listInbox: {
    method: 'GET',
    path: '/v1/inbox',
    summary: "Offers waiting for your agency",
    description: 'A pull alternative to webhooks: offered handoffs assigned to the caller agency, oldest first.',
    tag: 'Inbox',
    scope: 'handoffs:read',
    query: InboxQuery,
    response: { status: 200, schema: InboxPage },
    problems: [],
  },
  getDirectory: {
    method: 'GET',
    path: '/v1/directory',
    summary: 'The directory of agencies, bots and topics',
    tag: 'Directory',
    scope: 'directory:read',
    response: { status: 200, schema: DirectoryView },
    problems: [],
  },
} as const satisfies Record<string, RouteDefinition>;

export type Routes = typeof routes;
export type RouteId = keyof Routes;

/**
 * Every problem a route can answer with: its own plus those every route shares.
 * (A malformed path id is `not-found`: no such handoff can exist.)
 */
export const problemsOf = (route: RouteDefinition): ProblemCode[] => {
  const common: ProblemCode[] = ['unauthorized', 'forbidden', 'internal'];
  const input: ProblemCode[] =
    route.method === 'POST'
      ? ['malformed-request', 'idempotency-key-missing', 'unsupported-media-type', 'validation-failed', 'idempotency-key-reused']
      : route.query
        ? ['validation-failed']
        : [];
  return [...new Set([...input, ...route.problems, ...common])];
};
