import { routes, type RouteId } from '#contracts/routes';
import { siteRoutes } from './site-routes.ts';
import { announcedSortKeyPrefixes, transitionSortKeyPrefix } from './tables.ts';

export type TableAccess = 'read' | 'readWrite';

export type Trigger =
  | { kind: 'http'; method: 'GET' | 'POST'; path: string }
  | { kind: 'bus' }
  | {
      kind: 'stream';
      table: 'handoffs';
      /** The inserts it is given: sort keys that start so (the event source mapping's filter). */
      sortKeyPrefixes: readonly string[];
      /** How long records may wait to fill a batch (the mapping's MaximumBatchingWindowInSeconds); 0: at once. */
      batchingWindowSeconds: number;
      /** Batches of a shard taken at once, one item's records always in order in one of them (the mapping's ParallelizationFactor). */
      parallelization: number;
    }
  | { kind: 'schedule'; everySeconds: number };

export type FunctionDeclaration = {
  entry: string;
  trigger: Trigger;
  /** What the function touches; the CDK stack grants exactly this. */
  access: {
    table?: TableAccess;
    putEvents?: boolean;
    webhookSecrets?: boolean;
    pseudonymKey?: boolean;
    directory?: boolean;
    docsAssets?: boolean;
    staffPages?: boolean;
    /** Counts its agency's requests: may write the table's rate items (and nothing else there, unless `table` says so). */
    rateLimit?: boolean;
  };
  timeoutSeconds: number;
  memoryMb: number;
};

const kebab = (id: string) => id.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
export const entryFor = (folder: 'http' | 'events' | 'stream' | 'schedule', id: string) => `lambdas/${folder}/${kebab(id)}.ts`;

type Access = FunctionDeclaration['access'];
const reads: Access = { table: 'read', directory: true };
const writes: Access = { table: 'readWrite', directory: true };

/** What each API route's function touches; a total record, so a new route cannot be forgotten. */
const routeAccess: Record<RouteId, Access> = {
  createHandoff: { ...writes, pseudonymKey: true },
  previewHandoff: { ...reads, pseudonymKey: true },
  getHandoff: reads,
  acceptHandoff: writes,
  declineHandoff: writes,
  completeHandoff: writes,
  cancelHandoff: writes,
  returnHandoff: writes,
  postMessage: writes,
  receiveOpenFloorEnvelope: { ...writes, pseudonymKey: true },
  listMessages: reads,
  listInbox: reads,
  getDirectory: { directory: true },
  getDeskOverview: reads,
  getDeskHandoff: reads,
  deskAccept: writes,
  deskComplete: writes,
  deskReturn: writes,
  deskPostMessage: writes,
  deskListMessages: reads,
  searchTransfers: reads,
  exportTransfersCsv: reads,
  exportAuditCef: reads,
  getTransferTimeline: reads,
  verifyTransfer: reads,
  getInsights: reads,
  listDeadLetters: reads,
  // Sends webhooks again: the dispatcher's access, on an operator's request.
  redriveDeadLetters: { ...writes, webhookSecrets: true, putEvents: true },
};

/** API functions that need more than the default time: a redrive sends up to five webhooks, each once. */
const routeTimeoutSeconds: Partial<Record<RouteId, number>> = { redriveDeadLetters: 25 };

const apiFunctions = Object.fromEntries(
  (Object.keys(routes) as RouteId[]).map((id) => {
    const route = routes[id];
    const declaration: FunctionDeclaration = {
      entry: entryFor('http', id),
      trigger: { kind: 'http', method: route.method, path: route.path },
      // Every API request counts against its agency's limit.
      access: { ...routeAccess[id], rateLimit: true },
      timeoutSeconds: routeTimeoutSeconds[id] ?? 10,
      memoryMb: 512,
    };
    return [id, declaration];
  }),
) as Record<RouteId, FunctionDeclaration>;

const siteFunctions = Object.fromEntries(
  Object.entries(siteRoutes).map(([id, route]) => [
    id,
    {
      entry: entryFor('http', id),
      trigger: { kind: 'http', method: route.method, path: route.path },
      // The staff pages' config.json lists the directory's agencies for the dashboard's filters.
      access: route.serves === 'docs' ? { docsAssets: true } : { staffPages: true, directory: true },
      timeoutSeconds: 5,
      memoryMb: 256,
    } satisfies FunctionDeclaration,
  ]),
) as Record<keyof typeof siteRoutes, FunctionDeclaration>;

/** Every function of the broker: the CDK stack and the embedded runtime both walk this. */
export const functions = {
  ...apiFunctions,
  ...siteFunctions,
  publisher: {
    entry: entryFor('stream', 'publisher'),
    // Offers wait on this one: no batching window, and four batches of a shard at once.
    trigger: { kind: 'stream', table: 'handoffs', sortKeyPrefixes: announcedSortKeyPrefixes, batchingWindowSeconds: 0, parallelization: 4 },
    access: { putEvents: true },
    timeoutSeconds: 30,
    memoryMb: 256,
  },
  router: {
    entry: entryFor('events', 'router'),
    trigger: { kind: 'bus' },
    access: { table: 'readWrite', directory: true },
    timeoutSeconds: 15,
    memoryMb: 256,
  },
  dispatcher: {
    entry: entryFor('events', 'dispatcher'),
    trigger: { kind: 'bus' },
    // Long enough for every webhook attempt with its backoff. It puts delivery events for agencies' own buses.
    access: { table: 'readWrite', directory: true, webhookSecrets: true, putEvents: true },
    timeoutSeconds: 90,
    memoryMb: 256,
  },
  auditProjection: {
    // A second reader of the outbox, batched: the audit can be seconds behind, and a batch of many
    // handoffs' transitions costs one invocation instead of one per event. One batch of a shard at a
    // time: its writes come as a steady trickle rather than four bursts at once ahead of partners'
    // requests (on a laptop, four lanes of it tripled the offer's p99 at 20 req/s; docs/architecture.md).
    entry: entryFor('stream', 'auditProjection'),
    trigger: { kind: 'stream', table: 'handoffs', sortKeyPrefixes: [transitionSortKeyPrefix], batchingWindowSeconds: 2, parallelization: 1 },
    access: { table: 'readWrite', directory: true },
    timeoutSeconds: 60,
    memoryMb: 256,
  },
  queueStats: {
    entry: entryFor('events', 'queueStats'),
    trigger: { kind: 'bus' },
    access: { table: 'readWrite' },
    timeoutSeconds: 15,
    memoryMb: 256,
  },
  sweeper: {
    entry: entryFor('schedule', 'sweeper'),
    trigger: { kind: 'schedule', everySeconds: 60 },
    access: { table: 'readWrite', directory: true },
    timeoutSeconds: 60,
    memoryMb: 256,
  },
} satisfies Record<string, FunctionDeclaration>;

export type FunctionId = keyof typeof functions;
