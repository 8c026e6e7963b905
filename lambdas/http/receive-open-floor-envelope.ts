import { openFloorRoutes } from '#contracts/openfloor-routes';
import { receiveOpenFloor } from '#domain/use-cases/receive-open-floor';
import { relayedMessages } from '#shared/dependencies';
import { openingDependencies } from '#shared/opening-dependencies';
import { httpHandler, type RouteHandler } from '#shared/http-handler';
import { logger } from '#shared/logger';

const route = openFloorRoutes.receiveOpenFloorEnvelope;
const deps = () => ({
  ...openingDependencies(),
  store: { ...openingDependencies().store, ...relayedMessages() },
});

export const main: RouteHandler<typeof route> = async ({ caller, body, origin }) => {
  // Read before anything is acted on: a Host that is no host name is refused with nothing changed.
  const serviceUrl = `${origin()}${route.path}`;
  const answer = await receiveOpenFloor(deps(), caller, body, serviceUrl);
  logger.info('open floor envelope', { events: body.openFloor.events.map((event) => event.eventType), replies: answer.openFloor.events.length });
  return answer;
};

export const handler = httpHandler(route, main);
