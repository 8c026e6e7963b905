import { operationsRoutes } from '#contracts/operations-routes';
import { systemClock } from '#domain/ports';
import { redriveDeadLetters } from '#domain/use-cases/redrive-dead-letters';
import { deadLetters, directory, lifecycleSettings, relayedMessages, sessions } from '#shared/dependencies';
import { redriveWebhookSender } from '#shared/secret-dependencies';
import { httpHandler, type RouteHandler } from '#shared/http-handler';

const route = operationsRoutes.redriveDeadLetters;
const deps = () => ({
  store: { ...sessions(), ...relayedMessages(), ...deadLetters() },
  directory: directory(),
  clock: systemClock,
  settings: lifecycleSettings(),
  webhooks: redriveWebhookSender(),
});

export const main: RouteHandler<typeof route> = ({ caller, body }) => redriveDeadLetters(deps(), caller, body.messageIds);

export const handler = httpHandler(route, main);
