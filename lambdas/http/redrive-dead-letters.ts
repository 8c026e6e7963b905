import { operationsRoutes } from '#contracts/operations-routes';
import { systemClock } from '#domain/ports';
import { redriveDeadLetters } from '#domain/use-cases/redrive-dead-letters';
import { deadLetters, directory, lifecycleSettings, relayedMessages, sessions } from '#shared/dependencies';
import { redriveWebhookSender } from '#shared/secret-dependencies';
import { agencyBus } from '#shared/bus-dependencies';
import { httpHandler, type RouteHandler } from '#shared/http-handler';

const route = operationsRoutes.redriveDeadLetters;
const deps = () => ({
  store: { ...sessions(), ...relayedMessages(), ...deadLetters() },
  directory: directory(),
  clock: systemClock,
  settings: lifecycleSettings(),
  webhooks: redriveWebhookSender(),
  // A bot moved from its webhook to its agency's bus since: the letter goes where it hears now.
  agencyBus: agencyBus(),
});

export const main: RouteHandler<typeof route> = ({ caller, body }) => redriveDeadLetters(deps(), caller, body.messageIds);

export const handler = httpHandler(route, main);
