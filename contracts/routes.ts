import { auditRoutes } from './audit-routes.ts';
import { deskRoutes } from './desk-routes.ts';
import { directoryRoutes } from './directory-routes.ts';
import { handoffRoutes } from './handoff-routes.ts';
import { openFloorRoutes } from './openfloor-routes.ts';
import { operationsRoutes } from './operations-routes.ts';

import type { CallerKind, RouteDefinition, Scope } from './route-definition.ts';

export { problemsOf, scopes, type CallerKind, type RouteDefinition, type Scope } from './route-definition.ts';

/**
 * The v1 route table: the one place a route is declared, in groups (one file
 * each) so a function bundles the contract of its own routes only. The CDK
 * stack, the local server, the OpenAPI document and the tests read the whole table.
 */
export const routes = { ...handoffRoutes, ...openFloorRoutes, ...directoryRoutes, ...deskRoutes, ...operationsRoutes, ...auditRoutes } as const;

export type Routes = typeof routes;

/** The scopes each kind of caller's token carries: those its routes ask for, and no others. */
export const callerScopes = Object.fromEntries(
  (['partner', 'adviser', 'operator'] as const).map((kind) => [
    kind,
    [...new Set(Object.values(routes).flatMap((route: RouteDefinition) => (route.caller === kind ? [route.scope] : [])))],
  ]),
) as Record<CallerKind, Scope[]>;
export type RouteId = keyof Routes;
