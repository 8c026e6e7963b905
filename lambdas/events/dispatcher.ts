import { systemClock } from '#domain/ports';
import { deliverOffer } from '#domain/use-cases/deliver-offer';
import { notifyParty } from '#domain/use-cases/notify-party';
import { busEventHandler } from '#shared/bus-event-handler';
import { directory, handoffStore, lifecycleSettings, webhookSender } from '#shared/dependencies';
import { logger } from '#shared/logger';

const deps = { store: handoffStore(), directory: directory(), clock: systemClock, settings: lifecycleSettings(), webhooks: webhookSender() };

/** Offers routed handoffs to their bot, and tells the other party of every change that concerns it. */
export const handler = busEventHandler('handoffTransitioned', async (transition) => {
  const offer = transition.to === 'routed' ? await deliverOffer(deps, transition) : undefined;
  const notice = await notifyParty(deps, transition);
  logger.info('dispatcher done', { handoffId: transition.handoffId, to: transition.to, offer, notice });
  return { offer, notice };
});
