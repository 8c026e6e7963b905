import type { ActorRole } from '#contracts/events';
import { randomBytes } from 'node:crypto';
import type { Message, MessagePage } from '#contracts/handoff';
import type { Directory } from '../directory.ts';
import { screenText } from '../consent.ts';
import { HandoffNotFound, MessagingClosed, NotPermitted } from '../errors.ts';
import type { Caller } from '../handoff.ts';
import type { Clock, HandoffSessions, IdempotencyClaim, RelayedMessages, StoredMessage } from '../ports.ts';
import { holdsRole } from '../access.ts';
import { liveContent } from '../retention.ts';
import { visibleHandoff } from './read-handoff.ts';

export type RelayDeps = { store: HandoffSessions & RelayedMessages; directory: Directory; clock: Clock };

/** While a handoff waits for or is with the other side, messages can pass. */
const relayableStatuses = new Set(['queued', 'accepted']);

export const messageView = (message: StoredMessage, directory: Directory): Message => ({
  id: message.id,
  handoffId: message.handoffId,
  from: message.from,
  orgNumber: message.orgNumber,
  adviserName: message.adviserId ? (directory.adviser(message.orgNumber, message.adviserId)?.name ?? null) : null,
  text: message.text,
  at: message.at,
});

/**
 * Relays a message between the citizen (through the origin bot) and whoever
 * took over (an adviser on the desk, or the receiving bot). The text is stored
 * with the conversation content; the bus hears only that a message exists.
 */
export async function postMessage(
  deps: RelayDeps,
  caller: Caller,
  id: string,
  input: { text: string; from?: 'citizen' | 'bot' | undefined; as?: ActorRole | undefined },
  claim?: IdempotencyClaim,
): Promise<Message> {
  const handoff = await visibleHandoff(deps, caller, id);
  // A caller that is known to be one party (an Open Floor bot) says which; an agency on both sides is otherwise the origin.
  const fromRole = input.as ?? (holdsRole(handoff, caller, 'origin', deps.directory) ? 'origin' : 'target');
  if (fromRole === 'broker' || !holdsRole(handoff, caller, fromRole, deps.directory))
    throw new NotPermitted('only the two parties of a handoff may write in it');
  if (!relayableStatuses.has(handoff.status)) throw new MessagingClosed(handoff.status);
  const now = deps.clock.now().toISOString();
  const message: StoredMessage = {
    // Sortable by time, unique without a counter: the id is the cursor.
    id: `${now}~${randomBytes(4).toString('hex')}`,
    handoffId: id,
    from: caller.adviserId ? 'adviser' : fromRole === 'origin' ? (input.from ?? 'citizen') : 'bot',
    fromRole,
    orgNumber: caller.orgNumber,
    adviserId: caller.adviserId,
    // Without identity consent an identity number typed into the chat is taken out, not refused: the citizen is never stuck.
    text: screenText(handoff.consent, input.text).text,
    at: now,
  };
  const view = messageView(message, deps.directory);
  await deps.store.putMessage(message, handoff.contentExpiresAt, claim && { claim, response: view });
  return view;
}

/** The messages after a cursor, for either party; the desk and polling bots read this. */
export async function listMessages(deps: RelayDeps, caller: Caller, id: string, after?: string, limit = 100): Promise<MessagePage> {
  const handoff = await visibleHandoff(deps, caller, id);
  if (handoff.origin.orgNumber !== caller.orgNumber && handoff.assignee?.orgNumber !== caller.orgNumber) throw new HandoffNotFound(id);
  // Messages are content: gone from view once the content's retention is over.
  const messages = liveContent(handoff, await deps.store.messages(id, after, limit), deps.clock.now()) ?? [];
  return { items: messages.map((message) => messageView(message, deps.directory)) };
}
