import { randomUUID } from 'node:crypto';
import { handoffRoutes } from '#contracts/handoff-routes';
import { systemClock } from '#domain/ports';
import { previewHandoff } from '#domain/use-cases/open-handoff';
import { directory, lifecycleSettings, queuePace, sessions } from '#shared/dependencies';
import { pseudonymizer } from '#shared/secret-dependencies';
import { httpHandler, type RouteHandler } from '#shared/http-handler';

const route = handoffRoutes.previewHandoff;
const deps = {
  store: { ...sessions(), ...queuePace() },
  directory: directory(),
  clock: systemClock,
  newId: randomUUID,
  settings: lifecycleSettings(),
  pseudonymize: pseudonymizer(),
};

export const main: RouteHandler<typeof route> = ({ caller, body }) => previewHandoff(deps, caller, body);

export const handler = httpHandler(route, main);
