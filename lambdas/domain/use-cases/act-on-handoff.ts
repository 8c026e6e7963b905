import type { CancelReason, DeclineReason, HandoffStatus, HandoffView, Resolution, StatusReason, Summary } from '#contracts/handoff';
import type { ActorRole } from '#contracts/events';
import type * as z from 'zod';
import type { Directory } from '../directory.ts';
import { holdsRole, maySee } from '../access.ts';
import { screenSummary } from '../consent.ts';
import { HandoffNotFound, NotPermitted } from '../errors.ts';
import { changeOf, move, type LifecycleSettings } from '../handoff-lifecycle.ts';
import { handoffView } from '../handoff-views.ts';
import { actorFor, type AssigneeRef, type Caller, type HandoffContent } from '../handoff.ts';
import type { Clock, HandoffSessions, IdempotencyClaim, QueuePace } from '../ports.ts';
import { withFreshHandoff } from './with-fresh-handoff.ts';

/** What a party to a handoff can do to it through the API or the desk. */
export type PartyAction =
  | { kind: 'accept' }
  | { kind: 'decline'; reason: z.infer<typeof DeclineReason> }
  | { kind: 'complete'; resolution: z.infer<typeof Resolution> }
  | { kind: 'cancel'; reason: z.infer<typeof CancelReason> }
  | { kind: 'return'; summary: Summary };

type ActionEffect = { to: HandoffStatus; role: ActorRole; statusReason: StatusReason | null; content?: Partial<HandoffContent> };

const effectOf = (action: PartyAction): ActionEffect => {
  switch (action.kind) {
    case 'accept':
      return { to: 'accepted', role: 'target', statusReason: null };
    case 'decline':
      return { to: 'declined', role: 'target', statusReason: action.reason };
    case 'complete':
      return { to: 'completed', role: 'target', statusReason: action.resolution };
    case 'cancel':
      return { to: 'cancelled', role: 'origin', statusReason: action.reason };
    case 'return':
      return { to: 'returned', role: 'target', statusReason: null, content: { returnSummary: action.summary } };
  }
};

export type ActOnHandoffDeps = { store: HandoffSessions & QueuePace; directory: Directory; clock: Clock; settings: LifecycleSettings };

/**
 * A party moves a handoff: the target accepts, declines, completes or returns
 * it; the origin cancels it.
 *
 * 1. only those who may see it can act (others get not-found)
 * 2. the state machine decides whether the move is legal now
 * 3. the caller must hold the role the action needs
 * 4. one conditional write; a lost race re-decides on fresh state, so of two
 *    parties (or two advisers) acting at once exactly one wins
 */
export function actOnHandoff(deps: ActOnHandoffDeps, caller: Caller, id: string, action: PartyAction, claim?: IdempotencyClaim): Promise<HandoffView> {
  return withFreshHandoff(deps.store, id, async (current) => {
    if (!maySee(current, caller, deps.directory)) throw new HandoffNotFound(id);
    // A summary handed back reaches the origin: the citizen's identity consent holds for it too.
    const effect = effectOf(action.kind === 'return' ? { ...action, summary: screenSummary(current.consent, action.summary).summary } : action);
    const takenBy: AssigneeRef | undefined =
      action.kind === 'accept' && current.assignee?.kind === 'queue' && caller.adviserId ? { ...current.assignee, adviserId: caller.adviserId } : undefined;
    const change = move(
      changeOf(current),
      {
        to: effect.to,
        actor: actorFor(
          caller,
          effect.role === 'origin' ? 'origin' : 'target',
          effect.role === 'origin' ? current.origin.botId : current.assignee?.kind === 'bot' ? current.assignee.botId : null,
        ),
        at: deps.clock.now().toISOString(),
        statusReason: effect.statusReason,
        ...(takenBy ? { set: { assignee: takenBy } } : {}),
      },
      deps.settings,
    );
    // State before role (move checks the state): the adviser who lost a race to take a conversation hears it is taken (409), not forbidden.
    if (!holdsRole(current, caller, effect.role, deps.directory)) {
      throw new NotPermitted(
        effect.role === 'origin' ? 'only the origin agency may do this' : 'only the agency (and adviser) the handoff is assigned to may do this',
      );
    }
    const view = handoffView(change.handoff, deps.directory);
    await deps.store.commit(change, {
      ...(effect.content ? { content: effect.content } : {}),
      ...(claim ? { receipt: { claim, response: view } } : {}),
    });
    return view;
  });
}
