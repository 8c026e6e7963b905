import type * as z from 'zod';
import { DeskOverview } from './desk.ts';
import {
  AcceptRequest,
  CompleteRequest,
  HandoffDetail,
  HandoffIdParams,
  Message,
  MessagePage,
  MessagesQuery,
  PostMessageRequest,
  ReturnRequest,
} from './handoff.ts';
import { actionRoute, type RouteDefinition } from './route-definition.ts';

/** The adviser's version of a party action, on the desk's own path and token. */
const deskAction = <Body extends z.ZodType>(name: string, summary: string, body: Body) =>
  ({ ...actionRoute(`/v1/desk/handoffs/{id}/${name}`, body), summary, tag: 'Desk', caller: 'adviser', scope: 'desk' }) as const satisfies RouteDefinition;

/** The agent desk's routes, for advisers. */
export const deskRoutes = {
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
} as const satisfies Record<string, RouteDefinition>;
