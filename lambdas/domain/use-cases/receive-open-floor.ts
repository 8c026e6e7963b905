import { createHash } from 'node:crypto';
import { PostMessageRequest } from '#contracts/handoff';
import { SpokenDialogEvent, type OpenFloorEnvelope, type OpenFloorEvent } from '#contracts/openfloor';
import type { Directory } from '../directory.ts';
import { AlreadyReceived, HandoffNotFound, IdempotencyReplay, InvalidRequest, type FieldIssue } from '../errors.ts';
import { botRef, originBot, sameAssignee, type BotRef, type Caller, type Handoff } from '../handoff.ts';
import { brokerEnvelope, declineReasonOf, manifestsOf, textOf } from '../open-floor.ts';
import type { HandoffSessions } from '../ports.ts';
import { actOnHandoff, type ActOnHandoffDeps } from './act-on-handoff.ts';
import { postMessage, type RelayDeps } from './relay-message.ts';

export type ReceiveOpenFloorDeps = ActOnHandoffDeps & RelayDeps & { store: HandoffSessions; directory: Directory };

/** The events the broker acts on; any other (floor control, 1.0.0's context, an invite) is refused, naming it. */
const taken = new Set<OpenFloorEvent['eventType']>(['acceptInvite', 'declineInvite', 'utterance', 'bye', 'getManifests']);

/** As a message posted through the v1 API may be long. */
const maxMessageLength = PostMessageRequest.shape.text.maxLength ?? 4000;

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * An envelope from a bot that speaks Open Floor, sent with its agency's token.
 *
 * 1. check every event before acting on any: a type the broker takes, an
 *    utterance with the text and id it needs, a sender that is one of the
 *    caller's Open Floor bots, a conversation (handoff) that bot takes part in
 * 2. act on each in order, as the v1 API would for the same party:
 *    acceptInvite accepts, declineInvite declines, bye completes (the origin's
 *    bye cancels), utterance relays; an utterance repeated is refused
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
  if (issues.length) throw new InvalidRequest('the envelope has events the broker cannot act on', issues);

  const bot = openFloorBotOf(deps.directory, caller, sender.speakerUri);
  const converses = events.some((event) => event.eventType !== 'getManifests');
  if (converses && !bot)
    throw new InvalidRequest('the sender is not an Open Floor bot of your agency', [
      { path: ['openFloor', 'sender', 'speakerUri'], message: 'name the speakerUri the directory gives one of your agency’s Open Floor bots' },
    ]);
  const handoff = converses ? await conversationOf(deps, conversation.id, bot!) : undefined;

  const replies: OpenFloorEvent[] = [];
  for (const event of events) {
    switch (event.eventType) {
      case 'acceptInvite':
        await actOnHandoff(deps, caller, handoff!.id, { kind: 'accept' });
        break;
      case 'declineInvite':
        await actOnHandoff(deps, caller, handoff!.id, { kind: 'decline', reason: declineReasonOf(event.reason) });
        break;
      case 'bye':
        // The bot that took the conversation leaves it done; an origin that leaves withdraws it.
        await actOnHandoff(
          deps,
          caller,
          handoff!.id,
          isOrigin(handoff!, bot!) ? { kind: 'cancel', reason: 'citizen_left' } : { kind: 'complete', resolution: 'resolved' },
        );
        break;
      case 'utterance':
        await relayUtterance(deps, caller, handoff!, bot!, SpokenDialogEvent.parse(event.parameters?.dialogEvent));
        break;
      case 'getManifests':
        replies.push({ eventType: 'publishManifests', to: { speakerUri: sender.speakerUri }, parameters: manifestsOf(deps.directory, serviceUrl) });
        break;
    }
  }
  return brokerEnvelope(conversation.id, replies, serviceUrl);
}

/** The caller's bot that speaks Open Floor under this speaker URI, if any. */
function openFloorBotOf(directory: Directory, caller: Caller, speakerUri: string): BotRef | undefined {
  const bot = directory.agency(caller.orgNumber)?.bots.find((candidate) => candidate.openFloor?.speakerUri === speakerUri);
  return bot && botRef(caller.orgNumber, bot.id);
}

const isOrigin = (handoff: Handoff, bot: BotRef) => sameAssignee(originBot(handoff), bot);

/** The handoff a conversation id names, if the sending bot takes part in it; to anyone else it does not exist. */
async function conversationOf(deps: ReceiveOpenFloorDeps, conversationId: string, bot: BotRef): Promise<Handoff> {
  const handoff = uuid.test(conversationId) ? await deps.store.get(conversationId.toLowerCase()) : undefined;
  const assigned = handoff?.assignee?.kind === 'bot' && sameAssignee(handoff.assignee, bot);
  if (!handoff || !(assigned || isOrigin(handoff, bot))) throw new HandoffNotFound(conversationId);
  return handoff;
}

/**
 * Relays an utterance once: its dialog event id is the key of the message's
 * receipt, so a repeat (a replayed envelope, a client's retry) is refused and
 * relays nothing. The bot's own words are the bot's; an origin relays the citizen's.
 */
async function relayUtterance(deps: ReceiveOpenFloorDeps, caller: Caller, handoff: Handoff, bot: BotRef, dialogEvent: SpokenDialogEvent) {
  const text = textOf(dialogEvent).trim();
  const fromBot = dialogEvent.speakerUri === deps.directory.bot(bot)?.openFloor?.speakerUri;
  const requestHash = createHash('sha256').update(`${dialogEvent.speakerUri}\n${text}`).digest('base64url');
  try {
    await postMessage(
      deps,
      caller,
      handoff.id,
      { text, from: fromBot ? 'bot' : 'citizen' },
      { scope: caller.orgNumber, key: `openfloor:${handoff.id}:${dialogEvent.id}`, requestHash },
    );
  } catch (error) {
    if (error instanceof IdempotencyReplay) throw new AlreadyReceived(`the utterance ${dialogEvent.id} was relayed before; it is not relayed again`);
    throw error;
  }
}
