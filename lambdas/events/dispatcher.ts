import { systemClock } from '#domain/ports';
import { deliverMessage } from '#domain/use-cases/deliver-message';
import { deliverOffer } from '#domain/use-cases/deliver-offer';
import { notifyParty } from '#domain/use-cases/notify-party';
import { busEventHandler } from '#shared/bus-event-handler';
import { directory, handoffStore, lifecycleSettings, webhookSender } from '#shared/dependencies';
import { logger } from '#shared/logger';

const deps = { store: handoffStore(), directory: directory(), clock: systemClock, settings: lifecycleSettings(), webhooks: webhookSender() };

/** Everything the broker pushes to partner bots: offers, notices of changes that concern them, relayed messages. */
export const handler = busEventHandler({
  handoffTransitioned: async (transition) => {
    const offer = transition.to === 'routed' ? await deliverOffer(deps, transition) : undefined;
    const notice = await notifyParty(deps, transition);
    logger.info('dispatcher done', { handoffId: transition.handoffId, to: transition.to, offer, notice });
    return { offer, notice };
  },
  handoffMessagePosted: async (posted) => {
    const outcome = await deliverMessage(deps, posted);
    logger.info('message dispatched', { handoffId: posted.handoffId, messageId: posted.messageId, outcome });
    return outcome;
  },
});
