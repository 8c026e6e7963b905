import { routes } from '#contracts/routes';
import { systemClock } from '#domain/ports';
import { redriveDeadLetters } from '#domain/use-cases/redrive-dead-letters';
import { directory, handoffStore, lifecycleSettings } from '#shared/dependencies';
import { redriveWebhookSender } from '#shared/secret-dependencies';
import { httpHandler, type RouteHandler } from '#shared/http-handler';

const route = routes.redriveDeadLetters;
const deps = () => ({ store: handoffStore(), directory: directory(), clock: systemClock, settings: lifecycleSettings(), webhooks: redriveWebhookSender() });

export const main: RouteHandler<typeof route> = ({ caller, body }) => redriveDeadLetters(deps(), caller, body.messageIds);

export const handler = httpHandler(route, main);
