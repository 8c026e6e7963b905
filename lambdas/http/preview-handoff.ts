import { randomUUID } from 'node:crypto';
import { routes } from '#contracts/routes';
import { systemClock } from '#domain/ports';
import { previewHandoff } from '#domain/use-cases/open-handoff';
import { directory, handoffStore, lifecycleSettings } from '#shared/dependencies';
import { pseudonymizer } from '#shared/secret-dependencies';
import { httpHandler, type RouteHandler } from '#shared/http-handler';

const route = routes.previewHandoff;
const deps = { store: handoffStore(), directory: directory(), clock: systemClock, newId: randomUUID, settings: lifecycleSettings(), pseudonymize: pseudonymizer() };

export const main: RouteHandler<typeof route> = ({ caller, body }) => previewHandoff(deps, caller, body);

export const handler = httpHandler(route, main);
