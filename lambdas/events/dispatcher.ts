import { systemClock } from '#domain/ports';
import { deliverMessage } from '#domain/use-cases/deliver-message';
import { dispatchTransition } from '#domain/use-cases/dispatch-transition';
import { agencyBus } from '#shared/bus-dependencies';
import { busEventHandler } from '#shared/bus-event-handler';
import { deadLetters, directory, lifecycleSettings, relayedMessages, sessions } from '#shared/dependencies';
import { webhookSender } from '#shared/secret-dependencies';
import { logger } from '#shared/logger';
import { deadLetteredMessage } from '#platform/log-messages';

const deps = {
  store: { ...sessions(), ...relayedMessages(), ...deadLetters() },
  directory: directory(),
  clock: systemClock,
  settings: lifecycleSettings(),
  webhooks: webhookSender(),
  agencyBus: agencyBus(),
};

/** Everything the broker pushes to partners, by webhook or onto their own bus: offers, notices of changes that concern them, relayed messages. */
export const handler = busEventHandler({
  handoffTransitioned: async (transition) => {
    const outcome = await dispatchTransition(deps, transition);
    logger.info('dispatcher done', { handoffId: transition.handoffId, to: transition.to, ...outcome });
    if (outcome.offer === 'undeliverable' || outcome.notice === 'dead-lettered')
      logger.warn(deadLetteredMessage, { handoffId: transition.handoffId, to: transition.to });
    return outcome;
  },
  handoffMessagePosted: async (posted) => {
    const outcome = await deliverMessage(deps, posted);
    logger.info('message dispatched', { handoffId: posted.handoffId, messageId: posted.messageId, outcome });
    if (outcome === 'dead-lettered') logger.warn(deadLetteredMessage, { handoffId: posted.handoffId });
    return outcome;
  },
});
