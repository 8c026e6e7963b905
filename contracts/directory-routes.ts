import { DirectoryView } from './directory.ts';
import type { RouteDefinition } from './route-definition.ts';

/** The directory, as partners read it. */
export const directoryRoutes = {
  getDirectory: {
    method: 'GET',
    path: '/v1/directory',
    summary: 'The directory of agencies, bots and topics',
    tag: 'Directory',
    caller: 'partner',
    scope: 'directory:read',
    response: { status: 200, schema: DirectoryView },
    problems: [],
  },
} as const satisfies Record<string, RouteDefinition>;
