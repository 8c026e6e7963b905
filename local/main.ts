/**
 * `npm start`: the broker's embedded default on this machine, with the demo
 * partner bots and, when the demo directory is loaded, a demo handoff.
 *
 *   npm start -- [--directory <file>] [--persist] [--no-demo]
 *   env: PORT (3000), DIRECTORY_FILE, BROKER_PERSIST=1, DATA_DIR (.data), DEMO_BOTS_PORT (3001),
 *        DYNAMODB_LOCAL_PORT (a free one), LOG_LEVEL (WARN),
 *        WEBHOOK_SECRETS (JSON, {"<orgnr>/<botId>": "whsec_…"}: your bots' own secrets)
 */
import { agencyBusSource, type AgencyBusEvent } from '#contracts/agency-bus';
import { relative } from 'node:path';
import { parseArgs } from 'node:util';
import { busEvents, type HandoffMessagePosted, type HandoffTransitioned } from '#contracts/events';
import { assigneeView } from '#domain/handoff-views';
import type { BusEvent } from './event-bus.ts';
import { demoOrigin, demoTargetOrgNumber, runDemoHandoff } from '../demo/demo-handoff.ts';
import { startPartnerBots } from '../demo/partner-bots.ts';
import { startRuntime, type Runtime } from './runtime.ts';

const { values: flags } = parseArgs({
  options: {
    directory: { type: 'string' },
    persist: { type: 'boolean', default: false },
    'no-demo': { type: 'boolean', default: false },
  },
});

const directoryFile = flags.directory ?? process.env.DIRECTORY_FILE ?? new URL('../demo/directory.json', import.meta.url).pathname;
const persist = flags.persist || process.env.BROKER_PERSIST === '1';
const port = Number(process.env.PORT ?? 3000);
const demoBotsPort = Number(process.env.DEMO_BOTS_PORT ?? 3001);
const say = (line: string) => console.log(`${new Date().toISOString().slice(11, 19)}  ${line}`);

function narrate(event: BusEvent, runtime: Runtime) {
  if (event.source === agencyBusSource) {
    const delivery = event.detail as AgencyBusEvent;
    const to = delivery.recipient.kind === 'bot' ? `bot ${delivery.recipient.botId}` : `queue ${delivery.recipient.queueId}`;
    say(
      `   bus: ${delivery.type} for ${to} of ${runtime.directory.agencyName(delivery.recipient.orgNumber)}, on its way to the agency's own bus (content withheld)`,
    );
    return;
  }
  if (event['detail-type'] === busEvents.handoffMessagePosted.detailType) {
    const posted = event.detail as HandoffMessagePosted;
    say(`   bus: handoff ${posted.handoffId.slice(0, 8)} message from the ${posted.fromRole} side (the text stays in the table)`);
    return;
  }
  const detail = event.detail as HandoffTransitioned;
  const assignee = detail.assignee ? assigneeView(detail.assignee, runtime.directory) : null;
  const who = !assignee ? '' : `${assignee.kind === 'bot' ? assignee.botName : (assignee.adviserName ?? assignee.queueName)} at ${assignee.agencyName}`;
  const why = detail.statusReason ? ` (${detail.statusReason})` : '';
  say(`   bus: handoff ${detail.handoffId.slice(0, 8)} ${detail.from ?? '∅'} → ${detail.to}${why}${who && detail.to !== 'fallback' ? ` · ${who}` : ''}`);
}

/** `WEBHOOK_SECRETS`, read as JSON; a clear sentence when it is not. */
function webhookSecretsFromEnvironment(): Record<string, string> | undefined {
  const text = process.env.WEBHOOK_SECRETS;
  if (!text) return undefined;
  try {
    const parsed = JSON.parse(text) as unknown;
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed) || Object.values(parsed).some((value) => typeof value !== 'string'))
      throw new Error('not an object of strings');
    return parsed as Record<string, string>;
  } catch (error) {
    throw new Error(`WEBHOOK_SECRETS must be JSON like {"889640782/frida":"whsec_…"} (${error instanceof Error ? error.message : String(error)})`);
  }
}

async function main() {
  process.env.DEMO_BOTS_URL ??= `http://localhost:${demoBotsPort}`;
  let runtime: Runtime | undefined;
  runtime = await startRuntime({
    port,
    directoryFile,
    dataDir: persist ? (process.env.DATA_DIR ?? new URL('../.data/', import.meta.url).pathname) : undefined,
    dynamoDbPort: process.env.DYNAMODB_LOCAL_PORT ? Number(process.env.DYNAMODB_LOCAL_PORT) : undefined,
    logLevel: process.env.LOG_LEVEL,
    webhookSecrets: webhookSecretsFromEnvironment(),
    onEvent: (event) => runtime && narrate(event, runtime),
    onDeadLetter: (letter) => say(`   ⚠ bus target ${letter.target} failed for good: ${letter.error}`),
  });
  const broker = runtime;
  const token = (orgNumber: string) => broker.issuer.issueToken(orgNumber);
  const bots = await startPartnerBots({ port: demoBotsPort, brokerUrl: broker.url, directory: broker.directory, secrets: broker.secrets, token, say });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    say(`${signal}: stopping the broker, DynamoDB Local and the demo bots…`);
    await bots.stop();
    await broker.stop();
    say('stopped; nothing left running');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  const agencies = broker.directory.agencies;
  const firstAdviser = agencies.flatMap((agency) => agency.advisers.map((adviser) => `${adviser.name} (${agency.name})`))[0];
  const staffExample = agencies.flatMap((agency) => agency.operators.map((operator) => ({ orgNumber: agency.orgNumber, personId: operator.id })))[0];
  const firstOperator = agencies.flatMap((agency) => agency.operators.map((operator) => `${operator.name}, ${agency.name}`))[0];
  console.log(`
Handoff broker — embedded runtime is up

  API              ${broker.url}/v1   (try GET /v1/directory)
  API reference    ${broker.url}/docs   ·   OpenAPI ${broker.url}/openapi.json
  Token issuer     ${broker.issuer.issuer}   (local stand-in for Maskinporten)
  Directory        ${relative(process.cwd(), directoryFile)} — ${agencies.length} agencies: ${agencies.map((agency) => agency.name).join(', ')}
  Data             ${broker.dataDir ? `kept under ${relative(process.cwd(), broker.dataDir) || '.'}` : 'in memory (npm start -- --persist keeps it under .data/)'}
  Webhook secrets  ${broker.secretsFile}
${flags['no-demo'] ? '' : `  Demo bots        ${bots.url}/bots/<orgnr>/<botId>/webhook\n`}  Agent desk       ${broker.url}/desk   (development login, e.g. as ${firstAdviser ?? 'an adviser of the directory'})
  Ops dashboard    ${broker.url}/ops    (development login, e.g. as ${firstOperator ?? 'an operator of the directory'})

  Get a token for an agency:
    curl -s -X POST ${broker.issuer.issuer}/token -H 'content-type: application/json' -d '{"orgNumber":"${agencies[0]!.orgNumber}"}'
${
  staffExample
    ? `  and for an adviser or operator (a script's way past the sign-in page):
    curl -s -X POST ${broker.issuer.issuer}/token -H 'content-type: application/json' -d '{"orgNumber":"${staffExample.orgNumber}","personId":"${staffExample.personId}"}'
`
    : ''
}
  Ctrl-C stops everything.
`);

  const demoReady = broker.directory.bot(demoOrigin) && broker.directory.agency(demoTargetOrgNumber);
  if (flags['no-demo'] || !demoReady) {
    if (!demoReady && !flags['no-demo']) say('the loaded directory has no demo agencies; no demo handoff is started');
    return;
  }
  await runDemoHandoff(broker.url, () => token(demoOrigin.orgNumber), say);
}

main().catch((error: unknown) => {
  console.error(`\nThe broker could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
