/**
 * `npm run bench`: how fast the broker hands conversations over on this
 * machine, through the embedded runtime (real HTTP, DynamoDB Local, stream
 * poller, local bus, signed webhooks). Prints figures; asserts nothing.
 *
 *   BENCH_SEQUENTIAL=100 BENCH_CONCURRENT=400 BENCH_CONCURRENCY=8 npm run bench
 */
import { org, testDirectory, unemploymentQuestion } from '../test/support/fixtures.ts';
import { startRecordingBot } from '../test/support/recording-bot.ts';
import { startTestRuntime } from '../test/support/test-runtime.ts';

const sequential = Number(process.env.BENCH_SEQUENTIAL ?? 100);
const concurrent = Number(process.env.BENCH_CONCURRENT ?? 400);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 8);

const percentile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? NaN;
};
const summary = (values: number[]) =>
  `p50 ${percentile(values, 0.5).toFixed(1)} ms · p95 ${percentile(values, 0.95).toFixed(1)} ms · p99 ${percentile(values, 0.99).toFixed(1)} ms`;

// A partner bot that notes when each offer arrives (the signature is tested elsewhere).
const offeredAt = new Map<string, number>();
const bot = await startRecordingBot(({ body }) => {
  const payload = JSON.parse(body) as { type: string; data: { handoff?: { id: string } } };
  if (payload.type === 'handoff.offered' && payload.data.handoff) offeredAt.set(payload.data.handoff.id, performance.now());
  return 204;
});
// The sweeper stays out of the way: nothing here should time out.
const runtime = await startTestRuntime(testDirectory({ [`${org.nav}/frida`]: `${bot.url}/frida` }), { sweepIntervalMs: 60_000 });
const token = await runtime.token(org.oslo);

const createdAt = new Map<string, number>();
async function create(): Promise<number> {
  const started = performance.now();
  const response = await fetch(`${runtime.url}/v1/handoffs`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
    body: JSON.stringify(unemploymentQuestion()),
  });
  const body = (await response.json()) as { id: string };
  if (response.status !== 201) throw new Error(`create answered ${response.status}: ${JSON.stringify(body)}`);
  createdAt.set(body.id, started);
  return performance.now() - started;
}

try {
  // Warm-up: every function's first (cold) call, left out of the figures.
  for (let index = 0; index < 20; index += 1) await create();
  await runtime.settle();
  createdAt.clear();

  const sequentialLatencies: number[] = [];
  for (let index = 0; index < sequential; index += 1) sequentialLatencies.push(await create());

  const concurrentLatencies: number[] = [];
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < concurrent) {
        next += 1;
        concurrentLatencies.push(await create());
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  await runtime.settle();

  const endToEnd = [...createdAt].flatMap(([id, at]) => (offeredAt.has(id) ? [offeredAt.get(id)! - at] : []));
  const memory = process.memoryUsage();
  console.log(`
Handoff broker benchmark (embedded runtime, ${new Date().toISOString()}, Node ${process.version})
  POST /v1/handoffs, one at a time (${sequential}):      ${summary(sequentialLatencies)}
  POST /v1/handoffs, ${concurrency} at a time (${concurrent}):        ${(concurrent / elapsed).toFixed(0)} handoffs/s · ${summary(concurrentLatencies)}
  created → offer received by the bot (${endToEnd.length}): ${summary(endToEnd)}
  memory of this process (broker + bus + poller): rss ${(memory.rss / 2 ** 20).toFixed(0)} MiB · heap used ${(memory.heapUsed / 2 ** 20).toFixed(0)} MiB
  Each create is one TransactWriteItems of 4 items (state, content, two transitions) plus an idempotency receipt,
  against DynamoDB Local on this laptop: these are figures for the embedded runtime, not for Lambda and DynamoDB.
`);
} finally {
  await runtime.stop();
  await bot.stop();
}
