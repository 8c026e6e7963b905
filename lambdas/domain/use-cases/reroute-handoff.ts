import { dataCategories } from '../consent.ts';
import type { Directory } from '../directory.ts';
import { contentExpiry } from '../retention.ts';
import { commitUnlessMoved } from './commit-unless-moved.ts';
import { changeOf, move, offerToBot, type LifecycleSettings } from '../handoff-lifecycle.ts';
import { brokerActor, sameAssignee, type TransitionRecord } from '../handoff.ts';
import type { Clock, HandoffSessions } from '../ports.ts';

export type RerouteDeps = { store: HandoffSessions; directory: Directory; clock: Clock; settings: LifecycleSettings };

export type RerouteOutcome = 'stale' | 'rerouted' | 'fallback';

const earliest = (a: string, b: string) => (Date.parse(a) <= Date.parse(b) ? a : b);

/**
 * After a decline or an expired offer: offer the next bot of the routing plan (routed and offered in one write),
 * or fall back to the origin when none is left. Either way the handoff keeps
 * moving towards a terminal state.
 */
export async function rerouteHandoff(deps: RerouteDeps, transition: TransitionRecord): Promise<RerouteOutcome> {
  const current = await deps.store.get(transition.handoffId);
  if (!current || current.version !== transition.version || (current.status !== 'declined' && current.status !== 'expired')) {
    return 'stale';
  }
  const position = current.candidates.findIndex((candidate) => sameAssignee(candidate, current.assignee));
  const next = current.candidates.slice(position + 1).find((candidate) => candidate.kind === 'bot' && deps.directory.bot(candidate));
  const at = deps.clock.now().toISOString();
  const content = next ? await deps.store.getContent(current.id) : undefined;
  const dataShared = content && next ? dataCategories(content, 'bot', deps.directory.accepts(next)) : ['topic' as const];
  const moved = move(
    changeOf(current),
    next
      ? {
          to: 'routed',
          actor: brokerActor,
          at,
          statusReason: 'rerouted',
          // Another agency now holds the content: it is kept no longer than the shortest policy of all who hold it.
          set: {
            assignee: next,
            contentExpiresAt: earliest(
              current.contentExpiresAt,
              contentExpiry(deps.directory, [next.orgNumber], !!content?.citizen?.nationalId, current.createdAt),
            ),
          },
          dataShared,
        }
      : { to: 'fallback', actor: brokerActor, at, statusReason: current.statusReason ?? 'no_other_candidate', set: { assignee: null } },
    deps.settings,
  );
  const change = next ? offerToBot(moved, at, dataShared, deps.settings) : moved;
  const contentExpiresEarlier = change.handoff.contentExpiresAt !== current.contentExpiresAt;
  if (!(await commitUnlessMoved(deps.store, change, { contentExpiresEarlier }))) return 'stale';
  return next ? 'rerouted' : 'fallback';
}
