import { createHash } from 'node:crypto';
import type { BotConfig } from '#contracts/directory';
import { CreateHandoffRequest, PostMessageRequest } from '#contracts/handoff';
import { SpokenDialogEvent, type OpenFloorEnvelope, type OpenFloorEvent } from '#contracts/openfloor';
import type { Directory } from '../directory.ts';
import { AlreadyReceived, HandoffNotFound, IdempotencyReplay, InvalidRequest, NotPermitted, VersionConflict, type FieldIssue } from '../errors.ts';
import { botRef, originBot, sameAssignee, type BotRef, type Caller, type Handoff } from '../handoff.ts';
import { brokerEnvelope, declineReasonOf, handoffIdOfConversation, handoffRequestOf, manifestsOf, textOf } from '../open-floor.ts';
import type { HandoffSessions } from '../ports.ts';
import { actOnHandoff, type ActOnHandoffDeps } from './act-on-handoff.ts';
import { openHandoff, type OpenHandoffDeps } from './open-handoff.ts';
import { postMessage, type RelayDeps } from './relay-message.ts';

export type ReceiveOpenFloorDeps = ActOnHandoffDeps & RelayDeps & Omit<OpenHandoffDeps, 'newId'> & { store: HandoffSessions; directory: Directory };

/** The events the broker acts on; any other (floor control, 1.0.0's context, publishManifests) is refused, naming it. */
const taken = new Set<OpenFloorEvent['eventType']>(['invite', 'acceptInvite', 'declineInvite', 'utterance', 'bye', 'getManifests']);

/** As a message posted through the v1 API may be long. */
const maxMessageLength = PostMessageRequest.shape.text.maxLength ?? 4000;

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * An envelope from a bot that speaks Open Floor, sent with its agency's token.
 *
 * 1. check every event before acting on any: a type the broker takes, an
 *    utterance with the text and id it needs, a sender that is one of the
 *    caller's Open Floor bots, a conversation (handoff) that bot takes part in
 * 2. act on each in order, as the v1 API would for the same party (the bot's
 *    role, not only its agency's): acceptInvite accepts, declineInvite
 *    declines, bye completes (the origin's bye cancels), utterance relays; an
 *    accept or bye repeated is answered as the first was, an utterance
 *    repeated is refused
 * 3. answer with the broker's replies (publishManifests for getManifests)
 */
export async function receiveOpenFloor(
  deps: ReceiveOpenFloorDeps,
  caller: Caller,
  envelope: OpenFloorEnvelope,
  serviceUrl: string,
): Promise<OpenFloorEnvelope> {
  const { conversation, sender, events } = envelope.openFloor;
  const issues: FieldIssue[] = [];
  events.forEach((event, index) => {
    if (!taken.has(event.eventType))
      issues.push({
        path: ['openFloor', 'events', index, 'eventType'],
        message: `the broker does not take ${event.eventType} events (it takes ${[...taken].join(', ')})`,
      });
    if (event.eventType === 'utterance') {
      const at = ['openFloor', 'events', index, 'parameters', 'dialogEvent'];
      const spoken = SpokenDialogEvent.safeParse(event.parameters?.dialogEvent);
      for (const issue of spoken.error?.issues ?? [])
        issues.push({
          path: [...at, ...(issue.path as (string | number)[])],
          message: `${issue.message} (the broker relays an utterance's text feature, once per dialog event id)`,
        });
      const length = spoken.success ? textOf(spoken.data).trim().length : 1;
      if (length < 1 || length > maxMessageLength)
        issues.push({ path: [...at, 'features', 'text', 'tokens'], message: `the text of an utterance is 1 to ${maxMessageLength} characters` });
    }
  });
  // An invite opens a conversation of its own: it comes alone.
  if (events.some((event) => event.eventType === 'invite') && events.length > 1)
    issues.push({ path: ['openFloor', 'events'], message: 'an invite to the broker comes alone in its envelope' });
  if (issues.length) throw new InvalidRequest('the envelope has events the broker cannot act on', issues);

  const bot = openFloorBotOf(deps.directory, caller, sender.speakerUri);
  const converses = events.some((event) => event.eventType !== 'getManifests');
  if (converses && !bot)
    throw new InvalidRequest('the sender is not an Open Floor bot of your agency', [
      { path: ['openFloor', 'sender', 'speakerUri'], message: 'name the speakerUri the directory gives one of your agency’s Open Floor bots' },
    ]);
  const [first] = events;
  if (first?.eventType === 'invite') {
    await openFromInvite(deps, caller, bot!, first, conversation.id);
    return brokerEnvelope(conversation.id, [], serviceUrl);
  }
  const handoff = converses ? await conversationOf(deps, caller, conversation.id, bot!) : undefined;
  // Which party the bot is decides what each event may do, not its agency alone (an agency can be on both sides).
  const role = handoff && bot ? (isOrigin(handoff, bot) ? 'origin' : 'target') : undefined;
  if (role === 'origin' && events.some((event) => event.eventType === 'acceptInvite' || event.eventType === 'declineInvite'))
    throw new NotPermitted('only the bot that was invited accepts or declines');

  const replies: OpenFloorEvent[] = [];
  for (const event of events) {
    switch (event.eventType) {
      case 'acceptInvite':
        // A repeat of an accept that went through (an answer lost on the way) is answered as the first was.
        if (handoff!.status !== 'accepted') await actOnHandoff(deps, caller, handoff!.id, { kind: 'accept' });
        break;
      case 'declineInvite':
        await actOnHandoff(deps, caller, handoff!.id, { kind: 'decline', reason: declineReasonOf(event.reason) });
        break;
      case 'bye':
        // The bot that took the conversation leaves it done; an origin that leaves withdraws it. A repeat changes nothing.
        if (handoff!.status === (role === 'origin' ? 'cancelled' : 'completed')) break;
        await actOnHandoff(
          deps,
          caller,
          handoff!.id,
          role === 'origin' ? { kind: 'cancel', reason: 'citizen_left' } : { kind: 'complete', resolution: 'resolved' },
        );
        break;
      case 'utterance':
        await relayUtterance(deps, caller, handoff!, role!, deps.directory.bot(bot!)!, SpokenDialogEvent.parse(event.parameters?.dialogEvent));
        break;
      case 'getManifests':
        replies.push({ eventType: 'publishManifests', to: { speakerUri: sender.speakerUri }, parameters: manifestsOf(deps.directory, serviceUrl) });
        break;
    }
  }
  return brokerEnvelope(conversation.id, replies, serviceUrl);
}

/**
 * An Open Floor bot hands its citizen over by inviting a topic: the invite
 * becomes the v1 request it stands for, checked by the same schema and opened
 * by the same use case, under an id derived from the bot's conversation, so a
 * second invite of the same conversation is refused rather than opening another.
 */
async function openFromInvite(
  deps: ReceiveOpenFloorDeps,
  caller: Caller,
  bot: BotRef,
  invite: Extract<OpenFloorEvent, { eventType: 'invite' }>,
  conversationId: string,
) {
  const config = deps.directory.bot(bot)!;
  const at = ['openFloor', 'events', 0];
  const derived = handoffRequestOf(
    invite,
    conversationId,
    { botId: bot.botId, speakerUri: config.openFloor!.speakerUri, language: config.languages[0]! },
    deps.clock.now().toISOString(),
  );
  if ('problem' in derived) throw new InvalidRequest('the invite cannot be handed over', [{ path: [...at, 'to', 'speakerUri'], message: derived.problem }]);
  const request = CreateHandoffRequest.safeParse(derived.request);
  if (!request.success)
    throw new InvalidRequest(
      'the invite cannot be handed over',
      request.error.issues.map((issue) => ({ path: [...at, 'parameters', 'dialogHistory'], message: `${issue.path.join('.')}: ${issue.message}` })),
    );
  const id = handoffIdOfConversation(caller.orgNumber, conversationId);
  try {
    await openHandoff({ ...deps, newId: () => id }, caller, request.data);
  } catch (error) {
    if (error instanceof VersionConflict) throw new AlreadyReceived(`the conversation ${conversationId} was handed over before`);
    throw error;
  }
}

/** The caller's bot that speaks Open Floor under this speaker URI, if any. */
function openFloorBotOf(directory: Directory, caller: Caller, speakerUri: string): BotRef | undefined {
  const bot = directory.agency(caller.orgNumber)?.bots.find((candidate) => candidate.openFloor?.speakerUri === speakerUri);
  return bot && botRef(caller.orgNumber, bot.id);
}

const isOrigin = (handoff: Handoff, bot: BotRef) => sameAssignee(originBot(handoff), bot);

/**
 * The handoff a conversation id names, if the sending bot takes part in it; to anyone else it does not exist.
 * The id is the handoff's (an invite from the broker) or the origin bot's own (its invite to the broker).
 */
async function conversationOf(deps: ReceiveOpenFloorDeps, caller: Caller, conversationId: string, bot: BotRef): Promise<Handoff> {
  const handoff =
    (uuid.test(conversationId) ? await deps.store.get(conversationId.toLowerCase()) : undefined) ??
    (await deps.store.get(handoffIdOfConversation(caller.orgNumber, conversationId)));
  const assigned = handoff?.assignee?.kind === 'bot' && sameAssignee(handoff.assignee, bot);
  if (!handoff || !(assigned || isOrigin(handoff, bot))) throw new HandoffNotFound(conversationId);
  return handoff;
}

/**
 * Relays an utterance once: its dialog event id is the key of the message's
 * receipt, so a repeat (a replayed envelope, a client's retry) is refused and
 * relays nothing. The bot's own words are the bot's; an origin relays the citizen's.
 */
async function relayUtterance(
  deps: ReceiveOpenFloorDeps,
  caller: Caller,
  handoff: Handoff,
  role: 'origin' | 'target',
  bot: BotConfig,
  dialogEvent: SpokenDialogEvent,
) {
  const text = textOf(dialogEvent).trim();
  const fromBot = dialogEvent.speakerUri === bot.openFloor?.speakerUri;
  const requestHash = createHash('sha256').update(`${dialogEvent.speakerUri}\n${text}`).digest('base64url');
  try {
    await postMessage(
      deps,
      caller,
      handoff.id,
      { text, from: fromBot ? 'bot' : 'citizen', as: role },
      { scope: caller.orgNumber, key: `openfloor:${handoff.id}:${dialogEvent.id}`, requestHash },
    );
  } catch (error) {
    if (error instanceof IdempotencyReplay) throw new AlreadyReceived(`the utterance ${dialogEvent.id} was relayed before; it is not relayed again`);
    throw error;
  }
}
