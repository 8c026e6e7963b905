/**
 * `npm run bench`: what one handoff costs and how fast it moves, on this
 * machine, through the embedded runtime (real HTTP, DynamoDB Local, stream
 * poller, local bus, signed webhooks). Prints a table and writes it as JSON
 * (bench/latest.json); asserts nothing.
 *
 *   BENCH_SCALE=0.25 npm run bench    # a quicker, noisier run
 */
import { writeFileSync } from 'node:fs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type FunctionDeclaration, type FunctionId, functions } from '#platform/functions';
import { invocationScope } from '#local/function-host';
import { org, testDirectory } from '../test/support/fixtures.ts';
import { startRecordingBot } from '../test/support/recording-bot.ts';
import { startTestRuntime } from '../test/support/test-runtime.ts';
import { measureBundles, measureLibraryFloor } from './bundles.ts';
import { atRate, latency, lifecycleDriver, runPool } from './lifecycle.ts';
import { costOf, prices } from './prices.ts';
import { storageFloor } from './storage-floor.ts';
import { meterTableCalls, type TableCall } from './table-meter.ts';

const scale = Number(process.env.BENCH_SCALE ?? 1);
const scaled = (count: number) => Math.max(2, Math.round(count * scale));
const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

let driver: Awaited<ReturnType<typeof lifecycleDriver>> | undefined;
const bot = await startRecordingBot(({ body }) => {
  const payload = JSON.parse(body) as { type: string; data: { handoff?: { id: string } } };
  if (payload.type === 'handoff.offered' && payload.data.handoff) driver?.offerReceived(payload.data.handoff.id);
  return 204;
});
let busEvents = 0;
// Offers are answered at once here; nothing should time out, and the sweeper's own calls are left out below.
const runtime = await startTestRuntime(testDirectory({ [`${org.nav}/frida`]: `${bot.url}/frida` }), {
  sweepIntervalMs: 3_600_000,
  onEvent: () => (busEvents += 1),
});
const { tableClient } = await import('#shared/dependencies');
// Each function's own client, made in its own environment, as the function will find it.
const meter = meterTableCalls(
  (Object.keys(functions) as FunctionId[])
    .filter((id) => {
      const access: FunctionDeclaration['access'] = functions[id].access;
      return access.table !== undefined || access.rateLimit === true;
    })
    .map((id) => runtime.asFunction(id, () => tableClient())),
  () => invocationScope.getStore() ?? 'bench',
);
driver = await lifecycleDriver(runtime);
const lifecycles = driver;

const snapshot = () => ({
  calls: meter.mark(),
  events: busEvents,
  invocations: new Map(runtime.invocations),
  runningMs: new Map(runtime.runningMs),
});
type Snapshot = ReturnType<typeof snapshot>;

/** Write units per handoff by the fact the items record, largest first. */
function factTotals(writes: TableCall[], handoffs: number): Record<string, number> {
  const totals = new Map<string, number>();
  for (const call of writes) for (const [fact, units] of Object.entries(call.facts ?? {})) totals.set(fact, (totals.get(fact) ?? 0) + units);
  return Object.fromEntries([...totals].sort((a, b) => b[1] - a[1]).map(([fact, units]) => [fact, round(units / handoffs)]));
}

/** Everything the handoffs between two snapshots used, per handoff. */
function usagePerHandoff(from: Snapshot, to: Snapshot, handoffs: number) {
  const calls = meter.calls.slice(from.calls, to.calls);
  const per = (value: number) => round(value / handoffs);
  const commandCounts = new Map<string, number>();
  for (const call of calls) commandCounts.set(call.command.replace(/Command$/, ''), (commandCounts.get(call.command.replace(/Command$/, '')) ?? 0) + 1);
  const byCommand = Object.fromEntries([...commandCounts].map(([command, count]) => [command, per(count)]));
  const byCaller: Record<string, { calls: number; writeUnits: number }> = {};
  for (const call of calls) {
    const entry = (byCaller[call.caller] ??= { calls: 0, writeUnits: 0 });
    entry.calls += 1 / handoffs;
    if (call.kind === 'write') entry.writeUnits += call.units / handoffs;
  }
  const invocations = (Object.keys(functions) as FunctionId[]).flatMap((id) => {
    const count = (to.invocations.get(id) ?? 0) - (from.invocations.get(id) ?? 0);
    const ms = (to.runningMs.get(id) ?? 0) - (from.runningMs.get(id) ?? 0);
    return count ? [{ function: id, perHandoff: per(count), meanMs: round(ms / count, 1), memoryMb: functions[id].memoryMb }] : [];
  });
  const sum = (list: TableCall[], pick: (call: TableCall) => number) => per(list.reduce((total, call) => total + pick(call), 0));
  const writes = calls.filter((call) => call.kind === 'write');
  const reads = calls.filter((call) => call.kind === 'read');
  const apiRequests = invocations.filter((fn) => functions[fn.function].trigger.kind === 'http').reduce((total, fn) => total + fn.perHandoff, 0);
  const usage = {
    tableCalls: per(calls.length),
    byCommand,
    refusedConditions: per(calls.filter((call) => call.failed).length),
    writeUnits: sum(writes, (call) => call.units),
    indexWriteUnits: sum(writes, (call) => call.indexUnits),
    // What the write units pay for, and how many are a transaction's second copy: the floor argument in figures.
    writeUnitsByFact: factTotals(writes, handoffs),
    transactionCopies: sum(writes, (call) => call.doubled ?? 0),
    readUnits: sum(reads, (call) => call.units),
    busEvents: per(to.events - from.events),
    invocations,
    invocationsTotal: round(invocations.reduce((total, fn) => total + fn.perHandoff, 0)),
    apiRequests: round(apiRequests),
    byCaller: Object.fromEntries(
      Object.entries(byCaller).map(([caller, entry]) => [caller, { calls: round(entry.calls), writeUnits: round(entry.writeUnits) }]),
    ),
  };
  const cost = costOf({
    writeUnits: usage.writeUnits,
    readUnits: usage.readUnits,
    busEvents: usage.busEvents,
    apiRequests: usage.apiRequests,
    invocations: invocations.map((fn) => ({ count: fn.perHandoff, memoryMb: fn.memoryMb, meanMs: fn.meanMs })),
  });
  return { ...usage, costPer1000: Object.fromEntries(Object.entries(cost).map(([part, value]) => [part, round(value * 1000, 4)])) };
}

try {
  // Warm-up: every function's first (cold) call, left out of the figures.
  for (let index = 0; index < 5; index += 1) await lifecycles.lifecycle();
  await runtime.settle();

  // (d) What one lifecycle uses, counted at the SDK: sequential lifecycles, everything they set off included.
  const counted = scaled(20);
  const before = snapshot();
  for (let index = 0; index < counted; index += 1) await lifecycles.lifecycle();
  await runtime.settle();
  const perHandoff = usagePerHandoff(before, snapshot(), counted);

  // One lifecycle's writes, to send again as the storage floor.
  const mark = meter.mark();
  const sample = await lifecycles.lifecycle();
  await runtime.settle();
  const sampleWrites = meter.since(mark).filter((call) => call.kind === 'write');
  const floorClient = new DynamoDBClient({});
  const replay = storageFloor(floorClient, sample, sampleWrites);

  // (a, b) Full lifecycles over HTTP against the floor, interleaved, at three concurrencies.
  const throughput: { concurrency: number; lifecycles: number; brokerPerSecond: number; floorPerSecond: number; ratio: number }[] = [];
  let atVolume: (ReturnType<typeof usagePerHandoff> & { concurrency: number }) | undefined;
  for (const [concurrency, count] of [
    [1, scaled(40)],
    [8, scaled(120)],
    [32, scaled(240)],
  ] as const) {
    const floor = await runPool(count, concurrency, replay);
    const start = snapshot();
    const full = await runPool(count, concurrency, lifecycles.lifecycle);
    await runtime.settle();
    // At volume the stream readers take many handoffs per batch: what a busy day costs, beside (d)'s one at a time.
    atVolume = { concurrency, ...usagePerHandoff(start, snapshot(), count) };
    const brokerPerSecond = count / full.seconds;
    const floorPerSecond = count / floor.seconds;
    throughput.push({
      concurrency,
      lifecycles: count,
      brokerPerSecond: round(brokerPerSecond, 1),
      floorPerSecond: round(floorPerSecond, 1),
      ratio: round(brokerPerSecond / floorPerSecond),
    });
  }
  floorClient.destroy();

  // (c) Create, and created → offer received, under a steady arrival rate.
  const rates: {
    perSecond: number;
    create: ReturnType<typeof latency>;
    createdToOffer: ReturnType<typeof latency>;
    answeredToOffer: ReturnType<typeof latency>;
  }[] = [];
  for (const perSecond of [5, 20]) {
    const created = await atRate(perSecond, 10 * Math.min(1, scale * 2), () => lifecycles.create());
    await runtime.settle();
    /** Milliseconds from a moment of each create until its offer reached the bot (creates whose offer never came are left out). */
    const untilOffered = (since: (entry: (typeof created)[number]) => number) =>
      latency(created.flatMap((entry) => (lifecycles.offeredAt.has(entry.id) ? [Math.max(0, lifecycles.offeredAt.get(entry.id)! - since(entry))] : [])));
    rates.push({
      perSecond,
      create: latency(created.map((entry) => entry.ms)),
      createdToOffer: untilOffered((entry) => entry.startedAt),
      // The same without the create request itself: from its 201 to the offer (the outbox, the bus and the webhook).
      answeredToOffer: untilOffered((entry) => entry.startedAt + entry.ms),
    });
  }

  await runtime.stop();
  // (f) Every function as deployed: minified bundle and cold import.
  const bundles = await measureBundles(scale < 1 ? 1 : 3);
  const libraryFloor = await measureLibraryFloor(scale < 1 ? 1 : 5);

  const result = {
    at: new Date().toISOString(),
    node: process.version,
    machine: `${(await import('node:os')).cpus().length} cores`,
    prices: { recorded: prices.recorded, region: prices.region },
    perHandoff,
    atVolume,
    throughput,
    rates,
    bundles: bundles.map((figure) => ({ function: figure.function, kb: round(figure.bytes / 1024, 0), initMs: round(figure.initMs, 0) })),
    libraryImportMs: Object.fromEntries(Object.entries(libraryFloor).map(([name, ms]) => [name, round(ms, 0)])),
  };
  writeFileSync(new URL('latest.json', import.meta.url), `${JSON.stringify(result, null, 2)}\n`);

  const range = (values: number[]) => `${Math.min(...values)}–${Math.max(...values)}`;
  const lines = [
    `Handoff broker benchmark (embedded runtime, ${result.at}, Node ${result.node}, ${result.machine})`,
    `one lifecycle = create → offer by webhook → accept → complete, with everything it sets off`,
    '',
    `| figure | measured |`,
    `| --- | --- |`,
    `| DynamoDB calls per handoff | ${perHandoff.tableCalls} (${Object.entries(perHandoff.byCommand)
      .map(([command, count]) => `${count} ${command}`)
      .join(', ')}; ${perHandoff.refusedConditions} refused by a condition) |`,
    `| write units per handoff | ${perHandoff.writeUnits} (index copies ${perHandoff.indexWriteUnits}; ${perHandoff.transactionCopies} are a transaction's second copy) |`,
    `| write units by fact | ${Object.entries(perHandoff.writeUnitsByFact)
      .map(([fact, units]) => `${fact} ${units}`)
      .join(', ')} |`,
    `| read units per handoff | ${perHandoff.readUnits} |`,
    `| bus events per handoff | ${perHandoff.busEvents} |`,
    `| Lambda invocations per handoff | ${perHandoff.invocationsTotal} (${perHandoff.invocations.map((fn) => `${fn.function} ${fn.perHandoff}`).join(', ')}) |`,
    `| cost per 1,000 handoffs | $${perHandoff.costPer1000.total} (DynamoDB ${perHandoff.costPer1000.dynamo}, Lambda ${perHandoff.costPer1000.lambda}, bus ${perHandoff.costPer1000.bus}, API ${perHandoff.costPer1000.api}; ${prices.region} list prices of ${prices.recorded}) |`,
    `| at concurrency ${atVolume!.concurrency}: invocations · write units · cost per 1,000 | ${atVolume!.invocationsTotal} (${atVolume!.invocations.map((fn) => `${fn.function} ${fn.perHandoff}`).join(', ')}) · ${atVolume!.writeUnits} · $${atVolume!.costPer1000.total} |`,
    ...throughput.map(
      (row) => `| lifecycles/s at concurrency ${row.concurrency} | ${row.brokerPerSecond} vs storage floor ${row.floorPerSecond}: **${row.ratio} ×** |`,
    ),
    ...rates.map(
      (row) =>
        `| at ${row.perSecond} req/s: create · created → offer (from the 201) | p50 ${row.create.p50} / p95 ${row.create.p95} / p99 ${row.create.p99} ms · p50 ${row.createdToOffer.p50} / p95 ${row.createdToOffer.p95} / p99 ${row.createdToOffer.p99} ms (p50 ${row.answeredToOffer.p50} / p95 ${row.answeredToOffer.p95} / p99 ${row.answeredToOffer.p99} ms) |`,
    ),
    `| minified bundle per function | ${range(result.bundles.map((figure) => figure.kb))} KB |`,
    `| cold import per function | ${range(result.bundles.map((figure) => figure.initMs))} ms (the libraries alone: AWS SDK ${result.libraryImportMs.awsSdk}, zod ${result.libraryImportMs.zod}, jose ${result.libraryImportMs.jose}, all three ${result.libraryImportMs.together} ms) |`,
    '',
    `Per caller (calls · write units per handoff): ${Object.entries(perHandoff.byCaller)
      .map(([caller, entry]) => `${caller} ${entry.calls} · ${entry.writeUnits}`)
      .join('; ')}`,
    `Bundles (KB · ms): ${result.bundles.map((figure) => `${figure.function} ${figure.kb} · ${figure.initMs}`).join('; ')}`,
  ];
  console.log(lines.join('\n'));
} finally {
  await runtime.stop();
  await bot.stop();
}
