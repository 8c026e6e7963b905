import type { HandoffIdParams, MessagesQuery, PostMessageRequest } from '#contracts/handoff';
import type { RouteDefinition } from '#contracts/routes';
import type * as z from 'zod';
import { systemClock, type IdempotencyClaim } from '#domain/ports';
import { listMessages, postMessage } from '#domain/use-cases/relay-message';
import { directory, queuePace, relayedMessages, sessions } from './dependencies.ts';
import { httpHandler, type RouteHandler } from './http-handler.ts';
import { logger } from './logger.ts';

type PostRoute = RouteDefinition & { method: 'POST'; params: typeof HandoffIdParams };
type ListRoute = RouteDefinition & { method: 'GET'; params: typeof HandoffIdParams; query: typeof MessagesQuery };

const deps = () => ({ store: { ...sessions(), ...queuePace(), ...relayedMessages() }, directory: directory(), clock: systemClock });

/** POST …/messages for partners and for the desk: the same use case, each route with its own caller. */
export function postMessageHandler<R extends PostRoute>(route: R) {
  const main: RouteHandler<R> = async (input) => {
    const params = input.params as z.infer<typeof HandoffIdParams>;
    const body = input.body as Partial<z.infer<typeof PostMessageRequest>> & { text: string };
    const message = await postMessage(deps(), input.caller, params.id, { text: body.text, from: body.from }, input.idempotency as IdempotencyClaim);
    logger.info('message relayed', { handoffId: params.id, messageId: message.id, from: message.from });
    return message as Awaited<ReturnType<RouteHandler<R>>>;
  };
  return { main, handler: httpHandler(route, main) };
}

/** GET …/messages for partners and for the desk. */
export function listMessagesHandler<R extends ListRoute>(route: R) {
  const main: RouteHandler<R> = async (input) => {
    const params = input.params as z.infer<typeof HandoffIdParams>;
    const query = input.query as z.infer<typeof MessagesQuery>;
    return (await listMessages(deps(), input.caller, params.id, query.after, query.limit)) as Awaited<ReturnType<RouteHandler<R>>>;
  };
  return { main, handler: httpHandler(route, main) };
}
