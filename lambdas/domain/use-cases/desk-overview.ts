import type { DeskConversation, DeskOverview } from '#contracts/desk';
import { topicTaxonomy } from '#contracts/topics';
import type { Directory } from '../directory.ts';
import { NotPermitted } from '../errors.ts';
import type { Caller, Handoff } from '../handoff.ts';
import { queueState } from '../human-queue.ts';
import type { Clock, HandoffSessions, QueuePace } from '../ports.ts';

export type DeskDeps = { store: HandoffSessions & QueuePace; directory: Directory; clock: Clock };

const conversationOf = (handoff: Handoff, directory: Directory): DeskConversation => ({
  id: handoff.id,
  status: handoff.status,
  topic: handoff.topic,
  topicLabel: { nb: topicTaxonomy[handoff.topic].nb, en: topicTaxonomy[handoff.topic].en },
  reason: handoff.reason,
  language: handoff.language,
  priority: handoff.priority,
  flags: handoff.flags,
  originAgencyName: directory.agencyName(handoff.origin.orgNumber),
  waitingSince: handoff.waitingSince ?? handoff.updatedAt,
  callback: handoff.callback,
});

/**
 * The agent desk's front page for one adviser: each queue they are rostered
 * on, open or not, with its waiting conversations (urgent first, then longest
 * waiting) and scheduled callbacks; and the conversations they have taken.
 */
export async function deskOverview(deps: DeskDeps, caller: Caller): Promise<DeskOverview> {
  const adviser = caller.adviserId ? deps.directory.adviser(caller.orgNumber, caller.adviserId) : undefined;
  if (!adviser) throw new NotPermitted('the desk is for advisers listed in the directory');
  const now = deps.clock.now();
  const queues = await Promise.all(
    adviser.queues.map(async (queueId) => {
      const ref = { orgNumber: caller.orgNumber, queueId };
      const state = queueState(deps.directory, ref, now);
      const { waiting, scheduled } = await deps.store.queueEntries(ref);
      return {
        queueId,
        name: state.queue.name,
        open: state.available,
        nextOpening: state.nextOpening?.toISOString() ?? null,
        advisersOnDuty: state.advisersOnDuty,
        waiting: waiting.map((handoff) => conversationOf(handoff, deps.directory)),
        scheduled: scheduled.map((handoff) => conversationOf(handoff, deps.directory)),
      };
    }),
  );
  const mine = await deps.store.adviserConversations(caller.orgNumber, adviser.id);
  return {
    adviser: {
      id: adviser.id,
      name: adviser.name,
      orgNumber: caller.orgNumber,
      agencyName: deps.directory.agencyName(caller.orgNumber),
      languages: adviser.languages,
    },
    queues,
    mine: mine.map((handoff) => conversationOf(handoff, deps.directory)),
  };
}
