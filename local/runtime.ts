import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBBatchResponse } from 'aws-lambda';
import { loadDirectoryFile } from '#adapters/directory-file';
import { envNames, settingDefaults } from '#platform/environment';
import { environmentOf, type DeploymentSettings } from '#platform/function-environment';
import { functions, type FunctionId } from '#platform/functions';
import { agencyBusRoutes, rules } from '#platform/rules';
import { handoffTable, isInsertUnder, outboxDelivery } from '#platform/tables';
import { ensureTable, startDynamoDbLocal } from './dynamodb-local.ts';
import { startAgencyBuses } from './agency-buses.ts';
import { startLocalEventBus, type BusDeadLetter, type BusEvent } from './event-bus.ts';
import { installFunctionEnvironments, withFunctionEnvironment } from './function-environment-scope.ts';
import { FunctionHost } from './function-host.ts';
import { startHttpServer, type SideHandler } from './http-server.ts';
import { startStreamPoller } from './stream-poller.ts';
import { createLocalIssuer } from './token-issuer.ts';
import { ensureWebhookSecrets } from './webhook-secrets-file.ts';

export type RuntimeOptions = {
  /** HTTP port; 0 picks a free one. */
  port: number;
  directoryFile: string;
  /** Keep data (table, keys, secrets, stream position) here across restarts; in memory when absent. */
  dataDir?: string | undefined;
  /** DynamoDB Local's port; a free one when absent. */
  dynamoDbPort?: number | undefined;
  /** Webhook secrets a partner already has, `{"<orgnr>/<botId>": "whsec_…"}`: used instead of generated ones. */
  webhookSecrets?: Record<string, string>;
  /** Extra environment for the handlers, e.g. shorter timeouts in tests. */
  environment?: Record<string, string>;
  sweepIntervalMs?: number;
  logLevel?: string;
  onEvent?: (event: BusEvent) => void;
  onDeadLetter?: (letter: BusDeadLetter) => void;
};

const projectRoot = new URL('../', import.meta.url);
const busName = 'handoff-broker';

/**
 * The embedded default: DynamoDB Local, a local EventBridge bus, a stream
 * poller, an interval sweeper, a local token issuer and an HTTP server that
 * builds API Gateway events, all driving the very handlers Lambda runs.
 */
export async function startRuntime(options: RuntimeOptions) {
  // Node 20 is supported locally until the SDK drops it; the notice is noise in a demo terminal.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const workDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'handoff-broker-'));
  mkdirSync(workDir, { recursive: true });
  const stops: (() => Promise<void> | void)[] = [];
  const stop = async () => {
    for (const step of stops.splice(0).reverse()) await step();
  };
  if (!options.dataDir) stops.push(() => rmSync(workDir, { recursive: true, force: true }));

  try {
    const directory = loadDirectoryFile(options.directoryFile);
    const host = new FunctionHost(projectRoot);
    const httpFunctions = (Object.keys(functions) as FunctionId[]).flatMap((id) => {
      const trigger = functions[id].trigger;
      return trigger.kind === 'http' ? [{ method: trigger.method, path: trigger.path, invoke: (event: unknown) => host.invoke(id, event) }] : [];
    });
    // Bound first, so port 0 is the server's own pick (no window for another process to take it);
    // the issuer needs that address. Until the rest is up, callers get 503 rather than a handler
    // that would cold-start without its environment.
    const starting: SideHandler = async (_request, response) => {
      response.writeHead(503, { 'content-type': 'application/problem+json', 'retry-after': '1' });
      response.end(JSON.stringify({ type: 'about:blank', title: 'Service Unavailable', status: 503, detail: 'The broker is starting.' }));
      return true;
    };
    const side: SideHandler[] = [starting];
    const server = await startHttpServer({ port: options.port, routes: httpFunctions, side });
    const stopServer = () => server.stop();
    stops.push(stopServer);
    const issuer = await createLocalIssuer({ baseUrl: server.url, directory, keyFile: options.dataDir ? join(workDir, 'issuer-key.json') : undefined });
    side.push(issuer.handle);
    const secretsFile = join(workDir, 'webhook-secrets.json');
    const pseudonymKeyFile = join(workDir, 'pseudonym-key');
    if (!existsSync(pseudonymKeyFile)) writeFileSync(pseudonymKeyFile, randomBytes(32).toString('base64url'), { mode: 0o600 });
    const secrets = ensureWebhookSecrets(secretsFile, directory, options.webhookSecrets);

    const dynamo = await startDynamoDbLocal({
      dataDir: options.dataDir ? join(workDir, 'dynamodb') : undefined,
      ...(options.dynamoDbPort ? { port: options.dynamoDbPort } : {}),
    });
    stops.push(() => dynamo.stop());

    // The agencies' own buses the directory names, and the rules that forward to them, as the stack makes them.
    const agencyRoutes = agencyBusRoutes(directory.config);
    const agencyBuses = await startAgencyBuses(agencyRoutes);
    stops.push(() => agencyBuses.stop());

    const bus = await startLocalEventBus({
      busName,
      rules,
      invoke: (target: FunctionId, event) => host.invoke(target, event),
      forwards: agencyRoutes.map(({ id, pattern, busArn }) => ({ id, pattern, busArn })),
      forward: (busArn, event) => agencyBuses.forward(busArn, event),
      ...(options.onDeadLetter ? { onDeadLetter: options.onDeadLetter } : {}),
      ...(options.onEvent ? { onEvent: options.onEvent } : {}),
      journalDir: options.dataDir ? join(workDir, 'bus-journal') : undefined,
    });
    stops.push(() => bus.stop());

    // What each function is given: the same mapping from its declared access the CDK stack uses,
    // over what Lambda itself provides (region, credentials, and here the local endpoints).
    const lambdaProvided = {
      AWS_REGION: 'eu-north-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
      AWS_ENDPOINT_URL_EVENTBRIDGE: bus.endpoint,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    };
    // Resolved and validated once, as the CDK stack bundles it: functions read the file without the variables it named.
    const resolvedDirectoryFile = join(workDir, 'directory.resolved.json');
    writeFileSync(resolvedDirectoryFile, JSON.stringify(directory.config));
    const deployment = localDeployment(options, {
      directoryFile: resolvedDirectoryFile,
      issuer,
      secretsFile,
      pseudonymKey: readFileSync(pseudonymKeyFile, 'utf8'),
      logLevel: options.environment?.[envNames.logLevel] ?? options.logLevel ?? process.env[envNames.logLevel] ?? 'WARN',
    });
    for (const id of Object.keys(functions) as FunctionId[]) host.environments.set(id, { ...lambdaProvided, ...environmentOf(id, deployment) });
    installFunctionEnvironments();

    // The runtime's own view (and a test's, outside any invocation): every variable at once, as before.
    Object.assign(process.env, {
      AWS_REGION: 'eu-north-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
      AWS_ENDPOINT_URL_EVENTBRIDGE: bus.endpoint,
      [envNames.logLevel]: options.logLevel ?? process.env[envNames.logLevel] ?? 'WARN',
      [envNames.tableName]: handoffTable.localName,
      [envNames.busName]: busName,
      [envNames.jwtIssuer]: issuer.issuer,
      [envNames.jwtAudience]: issuer.audience,
      [envNames.jwksUrl]: issuer.jwksUrl,
      [envNames.staffIssuer]: issuer.issuer,
      [envNames.staffAudience]: issuer.staff.audience,
      [envNames.staffJwksUrl]: issuer.jwksUrl,
      [envNames.staffAuthorizationEndpoint]: issuer.staff.authorizationEndpoint,
      [envNames.staffTokenEndpoint]: issuer.staff.tokenEndpoint,
      [envNames.staffClientId]: issuer.staff.clientId,
      [envNames.directoryFile]: options.directoryFile,
      [envNames.webhookSecretsFile]: secretsFile,
      // Partner bots run beside the broker on a laptop; in the cloud webhooks reach public https addresses only.
      [envNames.webhookNetwork]: 'public-and-loopback',
      [envNames.pseudonymKey]: readFileSync(pseudonymKeyFile, 'utf8'),
      ...options.environment,
    });

    const admin = new DynamoDBClient({});
    const { streamArn } = await ensureTable(admin, handoffTable.localName, handoffTable);
    admin.destroy();

    bus.resumeJournal();
    // One poller per reader of the stream, as the cloud has one event source mapping per reader.
    const pollers = (Object.keys(functions) as FunctionId[]).flatMap((id) => {
      const trigger = functions[id].trigger;
      if (trigger.kind !== 'stream') return [];
      // The publisher's position keeps the name it had when it was the only reader, so a kept data directory resumes where it was.
      const checkpointName = id === 'publisher' ? 'stream-checkpoints.json' : `stream-checkpoints.${id}.json`;
      return [
        startStreamPoller({
          endpoint: dynamo.endpoint,
          streamArn,
          checkpointFile: options.dataDir ? join(workDir, checkpointName) : undefined,
          deliver: (event) => host.invoke(id, event) as Promise<DynamoDBBatchResponse>,
          accepts: (record) => isInsertUnder(trigger.sortKeyPrefixes, record.eventName, record.dynamodb?.Keys?.[handoffTable.sortKey.name]?.S ?? ''),
          batchSize: outboxDelivery.batchSize,
          parallelization: trigger.parallelization,
          partitionKey: handoffTable.partitionKey.name,
          batchingWindowMs: trigger.batchingWindowSeconds * 1000,
          // One first attempt, then the retries (the cloud's retryAttempts counts retries).
          maxAttempts: outboxDelivery.retryAttempts + 1,
          onSkipped: (record, error) => console.error(`stream record ${record.dynamodb?.SequenceNumber} skipped by ${id} after retries: ${error}`),
        }),
      ];
    });
    stops.push(() => Promise.all(pollers.map((poller) => poller.stop())).then(() => undefined));
    // A function that ran has probably written: the pollers look at once rather than at the end of their idle wait.
    host.onInvoked = () => {
      for (const poller of pollers) poller.wake();
    };

    const sweeper = functions.sweeper.trigger;
    const sweepTimer = setInterval(
      () => {
        host.invoke('sweeper', { source: 'local.scheduler', 'detail-type': 'Scheduled Event', detail: {} }).catch((error: unknown) => {
          console.error(`sweeper failed: ${error instanceof Error ? error.message : String(error)}`);
        });
      },
      options.sweepIntervalMs ?? sweeper.everySeconds * 1000,
    );
    stops.push(() => clearInterval(sweepTimer));
    side.splice(side.indexOf(starting), 1);
    // Stop taking requests before anything they need goes away.
    stops.push(...stops.splice(stops.indexOf(stopServer), 1));

    return {
      url: server.url,
      port: server.port,
      directory,
      issuer,
      bus,
      /** The agencies' own buses (a second local bus): what each received from the broker. */
      agencyBuses,
      secrets,
      secretsFile,
      dataDir: options.dataDir,
      /** Invocations so far, per function. */
      invocations: host.invocations as ReadonlyMap<FunctionId, number>,
      /** Milliseconds spent running, per function. */
      runningMs: host.runningMs as ReadonlyMap<FunctionId, number>,
      /** Runs `work` as the function would see the world: its own environment (for tools that measure it, like the benchmark). */
      asFunction: <T>(id: FunctionId, work: () => T): T => withFunctionEnvironment(host.environments.get(id)!, work),
      /** Waits until the stream, the bus and every function are quiet. */
      async settle() {
        for (let quiet = 0; quiet < 2; ) {
          await Promise.all(pollers.map((poller) => poller.caughtUp()));
          await bus.drain();
          await host.idle();
          quiet = bus.busy || host.busy ? 0 : quiet + 1;
        }
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

export type Runtime = Awaited<ReturnType<typeof startRuntime>>;

/** The settings `environment` may give, by their environment names: a deployment's knobs, nothing a function could not be given in AWS. */
const settableNames: string[] = [
  envNames.logLevel,
  envNames.offerTimeoutSeconds,
  envNames.acceptedTimeoutSeconds,
  envNames.metadataRetentionDays,
  envNames.webhookAttempts,
  envNames.webhookBackoffMs,
  envNames.webhookTimeoutMs,
  envNames.storeFaultRate,
];

/** The embedded runtime's deployment: local files, the local issuer, and the settings given in `environment`. */
function localDeployment(
  options: RuntimeOptions,
  local: { directoryFile: string; issuer: Awaited<ReturnType<typeof createLocalIssuer>>; secretsFile: string; pseudonymKey: string; logLevel: string },
): DeploymentSettings {
  const given = options.environment ?? {};
  const unknown = Object.keys(given).filter((name) => !settableNames.includes(name));
  if (unknown.length) throw new Error(`not a setting of the broker: ${unknown.join(', ')} (settable: ${settableNames.join(', ')})`);
  const number = (name: string, fallback: number) => (given[name] === undefined ? fallback : Number(given[name]));
  const { issuer } = local;
  return {
    tableName: handoffTable.localName,
    busName,
    directoryFile: local.directoryFile,
    partnerTokens: { issuer: issuer.issuer, audience: issuer.audience, jwksUrl: issuer.jwksUrl },
    staffTokens: { issuer: issuer.issuer, audience: issuer.staff.audience, jwksUrl: issuer.jwksUrl, orgClaim: settingDefaults.staffOrgClaim },
    staffSignIn: { authorizationEndpoint: issuer.staff.authorizationEndpoint, tokenEndpoint: issuer.staff.tokenEndpoint, clientId: issuer.staff.clientId },
    lifecycle: {
      offerTimeoutSeconds: number(envNames.offerTimeoutSeconds, settingDefaults.offerTimeoutSeconds),
      acceptedTimeoutSeconds: number(envNames.acceptedTimeoutSeconds, settingDefaults.acceptedTimeoutSeconds),
      metadataRetentionDays: number(envNames.metadataRetentionDays, settingDefaults.metadataRetentionDays),
    },
    pseudonymKey: { value: local.pseudonymKey },
    webhookSecrets: { file: local.secretsFile },
    webhookDelivery: {
      // Partner bots run beside the broker on a laptop; in the cloud webhooks reach public https addresses only.
      webhookNetwork: 'public-and-loopback',
      webhookAttempts: given[envNames.webhookAttempts],
      webhookBackoffMs: given[envNames.webhookBackoffMs],
      webhookTimeoutMs: given[envNames.webhookTimeoutMs],
    },
    everyFunction: {
      [envNames.logLevel]: local.logLevel,
      ...(given[envNames.storeFaultRate] === undefined ? {} : { [envNames.storeFaultRate]: given[envNames.storeFaultRate] }),
    },
  };
}
