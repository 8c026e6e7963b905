import type { CreateHandoffRequest, HandoffView } from '#contracts/handoff';
import { consentIssues } from '../consent.ts';
import type { Directory } from '../directory.ts';
import { InvalidRequest, NoRoute } from '../errors.ts';
import { move, openChange, type LifecycleSettings } from '../handoff-lifecycle.ts';
import { handoffView } from '../handoff-views.ts';
import { brokerActor, sameBot, type Caller, type HandoffContent } from '../handoff.ts';
import type { Clock, HandoffStore, IdempotencyClaim } from '../ports.ts';
import { planRoute } from '../routing.ts';

export type OpenHandoffDeps = {
  store: HandoffStore;
  directory: Directory;
  clock: Clock;
  newId: () => string;
  settings: LifecycleSettings;
};

/**
 * Opens a handoff and routes it at once, so the origin can tell the citizen
 * who takes over before the offer has even been delivered.
 *
 * 1. check the origin bot belongs to the caller
 * 2. refuse content the citizen has not consented to share
 * 3. plan the route (the target, or the agency responsible for the topic)
 * 4. record requested → routed in one write, with the idempotency receipt
 * 5. answer with the handoff and the citizen guidance
 */
export async function openHandoff(
  deps: OpenHandoffDeps,
  caller: Caller,
  request: CreateHandoffRequest,
  claim?: IdempotencyClaim,
): Promise<HandoffView> {
  const originBot = { orgNumber: caller.orgNumber, botId: request.origin.botId };
  if (!deps.directory.bot(originBot)) {
    throw new InvalidRequest(`your agency has no bot ${request.origin.botId} in the directory`, [
      { path: ['origin', 'botId'], message: 'not one of your agency’s bots' },
    ]);
  }

  const content: HandoffContent = { context: request.context, ...(request.citizen ? { citizen: request.citizen } : {}) };
  const issues = consentIssues(request.consent, content);
  if (issues.length) throw new InvalidRequest('the request holds data the citizen has not consented to share', issues);

  const candidates = planRoute(deps.directory, {
    originOrgNumber: caller.orgNumber,
    target: request.target,
    topic: request.topic,
    language: request.language,
    municipalityNumber: request.context.attributes?.municipalityNumber,
  }).filter((candidate) => !sameBot(candidate, originBot));
  const [first] = candidates;
  if (!first) throw new NoRoute('the only bot that could take this is the origin itself', [{ path: ['target'], message: 'names the origin bot' }]);

  const at = deps.clock.now().toISOString();
  const opened = openChange(
    {
      id: deps.newId(),
      createdAt: at,
      origin: { orgNumber: caller.orgNumber, botId: request.origin.botId, conversationId: request.origin.conversationId },
      target: request.target,
      reason: request.reason,
      topic: request.topic,
      language: request.language,
      consent: request.consent,
      assignee: null,
      candidates,
      deadline: null,
      participants: [caller.orgNumber],
    },
    { role: 'origin', orgNumber: caller.orgNumber, clientId: caller.clientId },
  );
  const change = move(opened, { to: 'routed', actor: brokerActor, at, set: { assignee: first } }, deps.settings);

  const view = handoffView(change.handoff, deps.directory);
  await deps.store.create(change, content, claim && { claim, response: view });
  return view;
}
