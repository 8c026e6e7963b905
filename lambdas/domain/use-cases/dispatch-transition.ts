import type { TransitionRecord } from '../handoff.ts';
import { sendOffer, type DeliverOfferDeps, type OfferOutcome } from './deliver-offer.ts';
import { notifyParty, notifyQueue, type NotifyOutcome } from './notify-party.ts';

export type DispatchOutcome = { offer: OfferOutcome | undefined; notice: NotifyOutcome; queueNotice: 'nobody' | 'on-agency-bus' };

/**
 * What the broker pushes when a handoff moves: an offer is pushed to its bot
 * (it was recorded in the same write as the routing), and the other party
 * hears of changes that concern it. Each step is driven by its own
 * transition's event, so a repeated or late event finds the handoff moved on
 * and does nothing. A queue with its own event bus hears of changes while the handoff is with it.
 */
export async function dispatchTransition(deps: DeliverOfferDeps, transition: TransitionRecord): Promise<DispatchOutcome> {
  const offer = transition.to === 'offered' ? await sendOffer(deps, transition) : undefined;
  const notice = await notifyParty(deps, transition);
  const queueNotice = await notifyQueue(deps, transition);
  return { offer, notice, queueNotice };
}
