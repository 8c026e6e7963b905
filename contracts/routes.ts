import { auditRoutes } from './audit-routes.ts';
import { deskRoutes } from './desk-routes.ts';
import { directoryRoutes } from './directory-routes.ts';
import { handoffRoutes } from './handoff-routes.ts';
import { operationsRoutes } from './operations-routes.ts';

export { problemsOf, scopes, type CallerKind, type RouteDefinition, type Scope } from './route-definition.ts';

/**
 * The v1 route table: the one place a route is declared, in groups (one file
 * each) so a function bundles the contract of its own routes only. The CDK
 * stack, the local server, the OpenAPI document and the tests read the whole table.
 */
export const routes = { ...handoffRoutes, ...directoryRoutes, ...deskRoutes, ...operationsRoutes, ...auditRoutes } as const;

export type Routes = typeof routes;
export type RouteId = keyof Routes;
