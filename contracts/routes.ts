import * as z from 'zod';
import { ChainVerification, Insights, InsightsQuery, TransferPage, TransferQuery, TransferTimeline } from './audit.ts';
import { DeskOverview } from './desk.ts';
import { DirectoryView } from './directory.ts';
import { DeadLetterPage, DeadLetterQuery, RedriveRequest, RedriveResult } from './operations.ts';
import {
  AcceptRequest,
  CancelRequest,
  CompleteRequest,
  CreateHandoffRequest,
  DeclineRequest,
  HandoffDetail,
  HandoffIdParams,
  HandoffPreview,
  HandoffView,
  InboxPage,
  InboxQuery,
  Message,
  MessagePage,
  MessagesQuery,
  PostMessageRequest,
  ReturnRequest,
} from './handoff.ts';
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
export type Caller = 'partner' | 'adviser' | 'operator';

export type RouteDefinition = {
  method: 'GET' | 'POST';
  /** API Gateway path syntax (`{id}`), used unchanged by CDK and by the local server. */
  path: string;
  summary: string;
  description?: string;
  tag: 'Handoffs' | 'Messages' | 'Inbox' | 'Directory' | 'Desk' | 'Audit' | 'Operations';
  caller: Caller;
  scope: Scope;
  /** A POST with side effects takes an Idempotency-Key; a side-effect-free POST (a preview) does not. */
  idempotent?: false;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** JSON unless a media type is given; a text response's schema is a string. */
  response: { status: 200 | 201; schema: z.ZodType; mediaType?: 'text/csv' | 'text/plain' };
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
    caller: 'partner',
    scope: 'handoffs:write',
    params: HandoffIdParams,
    body,
    response: { status: 200, schema: HandoffView },
    problems: ['not-found', 'illegal-transition', 'conflict'],
  }) as const satisfies RouteDefinition;

/** The adviser's version of a party action, on the desk's own path and token. */
const deskAction = <Body extends z.ZodType>(name: string, summary: string, body: Body) =>
  ({
    method: 'POST',
    path: `/v1/desk/handoffs/{id}/${name}`,
    summary,
    tag: 'Desk',
    caller: 'adviser',
    scope: 'desk',
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
    caller: 'partner',
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
    caller: 'partner',
    scope: 'handoffs:read',
    params: HandoffIdParams,
    response: { status: 200, schema: HandoffDetail },
    problems: ['not-found'],
  },
  previewHandoff: {
    method: 'POST',
    path: '/v1/handoffs/preview',
    summary: 'Ask who would take a conversation, creating nothing',
    description:
      'Answers as creating would: who takes over, whether a human is available now, the estimated wait, the next opening and the options to offer the citizen. Has no side effects, so it takes no Idempotency-Key.',
    tag: 'Handoffs',
    caller: 'partner',
    scope: 'handoffs:write',
    idempotent: false,
    body: CreateHandoffRequest,
    response: { status: 200, schema: HandoffPreview },
    problems: ['no-route'],
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
  postMessage: {
    method: 'POST',
    path: '/v1/handoffs/{id}/messages',
    summary: 'Relay a message to the other party',
    description: 'The origin relays what the citizen writes; the receiving side answers. Delivered by webhook (handoff.message) or read with GET.',
    tag: 'Messages',
    caller: 'partner',
    scope: 'handoffs:write',
    params: HandoffIdParams,
    body: PostMessageRequest,
    response: { status: 201, schema: Message },
    problems: ['not-found', 'illegal-transition'],
  },
  listMessages: {
    method: 'GET',
    path: '/v1/handoffs/{id}/messages',
    summary: 'Read the messages of a handoff',
    tag: 'Messages',
    caller: 'partner',
    scope: 'handoffs:read',
    params: HandoffIdParams,
    query: MessagesQuery,
    response: { status: 200, schema: MessagePage },
    problems: ['not-found'],
  },
  listInbox: {
    method: 'GET',
    path: '/v1/inbox',
    summary: "Offers waiting for your agency",
    description: 'A pull alternative to webhooks: offered handoffs assigned to the caller agency, oldest first.',
    tag: 'Inbox',
    caller: 'partner',
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
    caller: 'partner',
    scope: 'directory:read',
    response: { status: 200, schema: DirectoryView },
    problems: [],
  },
  getDeskOverview: {
    method: 'GET',
    path: '/v1/desk/queues',
    summary: 'The adviser’s queues, waiting conversations and own conversations',
    tag: 'Desk',
    caller: 'adviser',
    scope: 'desk',
    response: { status: 200, schema: DeskOverview },
    problems: [],
  },
  getDeskHandoff: {
    method: 'GET',
    path: '/v1/desk/handoffs/{id}',
    summary: 'Open a conversation of your queues: summary and the transcript the consent allows',
    tag: 'Desk',
    caller: 'adviser',
    scope: 'desk',
    params: HandoffIdParams,
    response: { status: 200, schema: HandoffDetail },
    problems: ['not-found'],
  },
  deskAccept: deskAction('accept', 'Take a waiting conversation; exactly one adviser wins', AcceptRequest),
  deskComplete: deskAction('complete', 'Close a conversation you have taken', CompleteRequest),
  deskReturn: deskAction('return', 'Hand the conversation back to the bot, with a summary', ReturnRequest),
  deskPostMessage: {
    method: 'POST',
    path: '/v1/desk/handoffs/{id}/messages',
    summary: 'Write to the citizen',
    tag: 'Desk',
    caller: 'adviser',
    scope: 'desk',
    params: HandoffIdParams,
    body: PostMessageRequest.pick({ text: true }).meta({ id: 'DeskMessageRequest' }),
    response: { status: 201, schema: Message },
    problems: ['not-found', 'illegal-transition'],
  },
  deskListMessages: {
    method: 'GET',
    path: '/v1/desk/handoffs/{id}/messages',
    summary: 'Read the conversation’s messages',
    tag: 'Desk',
    caller: 'adviser',
    scope: 'desk',
    params: HandoffIdParams,
    query: MessagesQuery,
    response: { status: 200, schema: MessagePage },
    problems: ['not-found'],
  },
  listDeadLetters: {
    method: 'GET',
    path: '/v1/ops/dead-letters',
    summary: 'List the webhooks to your agency’s bots that the broker gave up on',
    description: 'After the last retry a webhook is recorded here (without its content) and the handoff moves on: an offer is declined on the bot’s behalf and rerouted or falls back.',
    tag: 'Operations',
    caller: 'operator',
    scope: 'audit:read',
    query: DeadLetterQuery,
    response: { status: 200, schema: DeadLetterPage },
    problems: [],
  },
  redriveDeadLetters: {
    method: 'POST',
    path: '/v1/ops/dead-letters/redrive',
    summary: 'Send undelivered webhooks again',
    description:
      'Each named dead letter (or the newest few) is sent once more as the handoff stands now: a status notice or a relayed message again, an offer only while it is still open. A letter that fails again is recorded again.',
    tag: 'Operations',
    caller: 'operator',
    scope: 'webhooks:redrive',
    // Safe to repeat: a letter sent again is off the list, and a bot drops a webhook-id it has seen.
    idempotent: false,
    body: RedriveRequest,
    response: { status: 200, schema: RedriveResult },
    problems: [],
  },
  searchTransfers: {
    method: 'GET',
    path: '/v1/audit/transfers',
    summary: 'Search the transfers your agency took part in',
    description: 'By time range, direction, counterpart agency, topic, reason and outcome; newest first, with a cursor.',
    tag: 'Audit',
    caller: 'operator',
    scope: 'audit:read',
    query: TransferQuery,
    response: { status: 200, schema: TransferPage },
    problems: [],
  },
  exportTransfersCsv: {
    method: 'GET',
    path: '/v1/audit/transfers.csv',
    summary: 'Export the transfers as CSV',
    description: 'The same filters as the search; every matching transfer, one row each.',
    tag: 'Audit',
    caller: 'operator',
    scope: 'audit:read',
    query: TransferQuery.omit({ limit: true, cursor: true }),
    response: { status: 200, schema: z.string(), mediaType: 'text/csv' },
    problems: [],
  },
  exportAuditCef: {
    method: 'GET',
    path: '/v1/audit/events.cef',
    summary: 'Export the audit entries in CEF, as NAV’s audit pipeline ingests them',
    description: 'One `CEF:0|…|audit:access|…` line per audit entry of the matching transfers; `duid` is always a pseudonym.',
    tag: 'Audit',
    caller: 'operator',
    scope: 'audit:read',
    query: TransferQuery.omit({ limit: true, cursor: true }),
    response: { status: 200, schema: z.string(), mediaType: 'text/plain' },
    problems: [],
  },
  getTransferTimeline: {
    method: 'GET',
    path: '/v1/audit/transfers/{id}',
    summary: 'One transfer’s full timeline, with its verification',
    tag: 'Audit',
    caller: 'operator',
    scope: 'audit:read',
    params: HandoffIdParams,
    response: { status: 200, schema: TransferTimeline },
    problems: ['not-found'],
  },
  verifyTransfer: {
    method: 'GET',
    path: '/v1/audit/transfers/{id}/verify',
    summary: 'Verify that a transfer’s audit log was not altered',
    description: 'Recomputes the hash chain: any modified, removed, inserted or reordered entry is found and named.',
    tag: 'Audit',
    caller: 'operator',
    scope: 'audit:read',
    params: HandoffIdParams,
    response: { status: 200, schema: ChainVerification },
    problems: ['not-found'],
  },
  getInsights: {
    method: 'GET',
    path: '/v1/audit/insights',
    summary: 'What the flow of transfers says: hours, outcomes, time to accept, topics, reasons, flows',
    tag: 'Audit',
    caller: 'operator',
    scope: 'audit:read',
    query: InsightsQuery,
    response: { status: 200, schema: Insights },
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
