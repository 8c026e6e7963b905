import type { RouteDefinition } from '#contracts/routes';
import type { HandoffIdParams } from '#contracts/handoff';
import type * as z from 'zod';
import { systemClock } from '#domain/ports';
import { actOnHandoff, type PartyAction } from '#domain/use-cases/act-on-handoff';
import { directory, lifecycleSettings, queuePace, sessions } from './dependencies.ts';
import { httpHandler, type RouteHandler, type RouteInput } from './http-handler.ts';
import { logger } from './logger.ts';

type ActionRoute = RouteDefinition & { method: 'POST'; params: typeof HandoffIdParams };

/**
 * The five party actions (accept, decline, complete, cancel, return) differ
 * only in how the body becomes an action; this builds each route's main.
 */
export function partyActionHandler<R extends ActionRoute>(route: R, toAction: (body: RouteInput<R>['body']) => PartyAction) {
  const deps = { store: { ...sessions(), ...queuePace() }, directory: directory(), clock: systemClock, settings: lifecycleSettings() };
  const main: RouteHandler<R> = async (input) => {
    const action = toAction(input.body);
    const params = input.params as z.infer<typeof HandoffIdParams>;
    const handoff = await actOnHandoff(deps, input.caller, params.id, action, input.idempotency);
    logger.info(`handoff ${action.kind}`, { handoffId: handoff.id, status: handoff.status, actorOrgNumber: input.caller.orgNumber });
    return handoff as Awaited<ReturnType<RouteHandler<R>>>;
  };
  return { main, handler: httpHandler(route, main) };
}
