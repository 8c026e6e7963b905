import { openFloorRoutes } from '#contracts/openfloor-routes';
import { systemClock } from '#domain/ports';
import { receiveOpenFloor } from '#domain/use-cases/receive-open-floor';
import { directory, lifecycleSettings, queuePace, relayedMessages, sessions } from '#shared/dependencies';
import { pseudonymizer } from '#shared/secret-dependencies';
import { httpHandler, type RouteHandler } from '#shared/http-handler';
import { logger } from '#shared/logger';

const route = openFloorRoutes.receiveOpenFloorEnvelope;
const deps = () => ({
  store: { ...sessions(), ...queuePace(), ...relayedMessages() },
  directory: directory(),
  clock: systemClock,
  settings: lifecycleSettings(),
  // An invite to the broker opens a handoff, whose audit names the citizen by pseudonym.
  pseudonymize: pseudonymizer(),
});

export const main: RouteHandler<typeof route> = async ({ caller, body, origin }) => {
  // Read before anything is acted on: a Host that is no host name is refused with nothing changed.
  const serviceUrl = `${origin()}${route.path}`;
  const answer = await receiveOpenFloor(deps(), caller, body, serviceUrl);
  logger.info('open floor envelope', { events: body.openFloor.events.map((event) => event.eventType), replies: answer.openFloor.events.length });
  return answer;
};

export const handler = httpHandler(route, main);
