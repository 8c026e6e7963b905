import type { CreateHandoffRequest, HandoffPreview, HandoffView } from '#contracts/handoff';
import { consentIssues, dataCategories, screenContent } from '../consent.ts';
import type { Directory } from '../directory.ts';
import { crisisGuidanceFor } from '../crisis.ts';
import { BrokerError, InvalidRequest, NoRoute } from '../errors.ts';
import { move, offerToBot, openChange, type Change, type LifecycleSettings } from '../handoff-lifecycle.ts';
import { handoffView } from '../handoff-views.ts';
import { actorFor, botRef, brokerActor, sameAssignee, type Caller, type HandoffContent, type HandoffFlag } from '../handoff.ts';
import type { Pseudonymizer } from '../pseudonym.ts';
import { admitToQueue, queueState, type QueueSnapshot } from '../human-queue.ts';
import type { Clock, HandoffSessions, IdempotencyClaim, QueuePace } from '../ports.ts';
import { contentExpiry } from '../retention.ts';
import { planRoute } from '../routing.ts';
import { snapshotOf } from './queue-snapshot.ts';

export type OpenHandoffDeps = {
  store: HandoffSessions & QueuePace;
  directory: Directory;
  clock: Clock;
  newId: () => string;
  settings: LifecycleSettings;
  pseudonymize: Pseudonymizer;
};

type Plan = { change: Change; content: HandoffContent; snapshot: QueueSnapshot | undefined };

/**
 * Decides everything about a new handoff without storing it: the same answer
 * for a preview and for the real thing.
 *
 * 1. check the origin bot belongs to the caller
 * 2. refuse content the citizen has not consented to share
 * 3. plan the route (a bot, or a human queue whose skills match)
 * 4. a bot: requested → routed; a queue: requested → queued, or → callback_scheduled when it is closed
 * 5. for a queue, where the handoff would stand and how long it would wait
 */
async function planHandoff(deps: OpenHandoffDeps, caller: Caller, request: CreateHandoffRequest, asking = false): Promise<Plan> {
  try {
    return await planOrRefuse(deps, caller, request, asking);
  } catch (error) {
    // A handoff about a risk to life or health that cannot be made still answers with what to tell the citizen now.
    if (request.reason === 'risk' && error instanceof BrokerError) {
      error.extensions.crisis = crisisGuidanceFor({ reason: 'risk', assignee: null, candidates: [], origin: { orgNumber: caller.orgNumber } }, deps.directory);
    }
    throw error;
  }
}

async function planOrRefuse(deps: OpenHandoffDeps, caller: Caller, request: CreateHandoffRequest, asking: boolean): Promise<Plan> {
  const origin = botRef(caller.orgNumber, request.origin.botId);
  if (!deps.directory.bot(origin)) {
    throw new InvalidRequest(`your agency has no bot ${request.origin.botId} in the directory`, [
      { path: ['origin', 'botId'], message: 'not one of your agency’s bots' },
    ]);
  }

  const sent: HandoffContent = { context: request.context, ...(request.citizen ? { citizen: request.citizen } : {}) };
  const issues = consentIssues(request.consent, sent);
  if (issues.length) throw new InvalidRequest('the request holds data the citizen has not consented to share', issues);
  const { content, redacted } = screenContent(request.consent, sent);

  const plan = planRoute(deps.directory, {
    originOrgNumber: caller.orgNumber,
    target: request.target,
    topic: request.topic,
    language: request.language,
    municipalityNumber: request.context.attributes?.municipalityNumber,
  });
  const candidates = plan.candidates.filter((candidate) => !sameAssignee(candidate, origin));
  const [first] = candidates;
  if (!first) throw new NoRoute('the only bot that could take this is the origin itself', [{ path: ['target'], message: 'names the origin bot' }]);

  const now = deps.clock.now();
  const at = now.toISOString();
  const id = deps.newId();
  const flags: HandoffFlag[] = plan.interpreterNeeded ? ['interpreter_needed'] : [];
  const opened = openChange(
    {
      id,
      createdAt: at,
      origin: { orgNumber: caller.orgNumber, botId: request.origin.botId, conversationId: request.origin.conversationId },
      target: request.target,
      reason: request.reason,
      topic: request.topic,
      language: request.language,
      consent: request.consent,
      assignee: null,
      candidates,
      participants: [caller.orgNumber],
      priority: request.reason === 'risk' ? 'urgent' : 'normal',
      flags,
      callback: null,
      waitingSince: null,
      contactChannel: request.citizen?.contact?.channel ?? null,
      citizenPseudonym: await deps.pseudonymize(request.citizen?.nationalId ?? null, id),
      contentExpiresAt: contentExpiry(deps.directory, [caller.orgNumber, first.orgNumber], !!request.citizen?.nationalId, at),
      sharing: { categories: [], identityNumbersRemoved: redacted },
    },
    actorFor(caller, 'origin', request.origin.botId),
  );

  // The receiving agency may read the content from the moment it is assigned: the audit records what crosses here.
  const dataShared = dataCategories(content, first.kind, deps.directory.accepts(first));
  if (first.kind === 'bot') {
    const routed = move(opened, { to: 'routed', actor: brokerActor, at, set: { assignee: first }, dataShared }, deps.settings);
    return { change: offerToBot(routed, at, dataShared, deps.settings), content, snapshot: undefined };
  }
  const admission = admitToQueue({
    state: queueState(deps.directory, first, now),
    priority: opened.handoff.priority,
    preference: request.preference ?? 'wait',
    contactChannel: opened.handoff.contactChannel,
    flags,
    now,
    asking,
  });
  const change = move(
    opened,
    {
      to: admission.to,
      actor: brokerActor,
      at,
      statusReason: admission.statusReason,
      deadline: admission.deadline,
      dataShared,
      set: { assignee: first, callback: admission.callback, flags: admission.flags, waitingSince: admission.waitingSince },
    },
    deps.settings,
  );
  return { change, content, snapshot: await snapshotOf(deps, change.handoff, now) };
}

/**
 * Opens a handoff and routes it at once, so the origin can tell the citizen
 * who takes over (and, for a human, the place in the queue and the wait)
 * before anything has been delivered. One write: the handoff, its content,
 * its transitions and the idempotency receipt.
 */
export async function openHandoff(deps: OpenHandoffDeps, caller: Caller, request: CreateHandoffRequest, claim?: IdempotencyClaim): Promise<HandoffView> {
  const { change, content, snapshot } = await planHandoff(deps, caller, request);
  const view = handoffView(change.handoff, deps.directory, snapshot);
  await deps.store.create(change, content, claim && { claim, response: view });
  return view;
}

/** What opening would answer, with nothing created: who would take it, whether a human is there now, the wait, the options. */
export async function previewHandoff(deps: OpenHandoffDeps, caller: Caller, request: CreateHandoffRequest): Promise<HandoffPreview> {
  const { change, snapshot } = await planHandoff(deps, caller, request, true);
  const view = handoffView(change.handoff, deps.directory, snapshot);
  return {
    wouldBe: change.handoff.status,
    assignee: view.assignee!,
    priority: view.priority,
    queue: view.queue,
    callback: view.callback,
    citizenGuidance: view.citizenGuidance,
  };
}
