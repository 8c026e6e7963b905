/**
 * Property-based fuzzing of the broker's HTTP API (issue #8): boots the
 * embedded runtime, sends generated requests to every declared route over
 * real HTTP and reports what came back.
 *
 *   npm run fuzz -- [--seed <n>] [--requests <n>] [--concurrency <n>]
 *
 * Exit code 0: no 5xx and every 4xx a valid problem; 1: failures (listed,
 * with the seed that reproduces them); 2: the run itself could not be made.
 */
import { parseArgs } from 'node:util';
import { testDirectory } from '../test/support/fixtures.ts';
import { formatFailures, formatHistogram, formatPerRoute, runFuzz } from '../test/support/fuzz-runner.ts';
import { startTestRuntime, type TestRuntime } from '../test/support/test-runtime.ts';

const { values } = parseArgs({ options: { seed: { type: 'string' }, requests: { type: 'string' }, concurrency: { type: 'string' } } });

function count(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new Error(`--${name} takes an integer, not ${JSON.stringify(text)}`);
  return value;
}

let runtime: TestRuntime | undefined;
let exitCode = 2;
try {
  const seed = count('seed', values.seed, Math.floor(Math.random() * 2 ** 31));
  const requests = count('requests', values.requests, 10_000);
  const concurrency = count('concurrency', values.concurrency, 4);
  console.log(`fuzz: seed ${seed}, ${requests} requests, ${concurrency} at a time (repeat with --seed ${seed} --requests ${requests})`);
  // Every bot reads its inbox: no webhook traffic leaves the machine.
  runtime = await startTestRuntime(testDirectory({}));
  const progressEvery = Math.max(1, Math.round(requests / 20));
  const report = await runFuzz(runtime, {
    seed,
    requests,
    concurrency,
    onAnswer: (done) => {
      if (done % progressEvery === 0) console.log(`fuzz: ${done}/${requests}`);
    },
  });
  console.log(`\nfuzz: ${report.requests} requests in ${(report.durationMs / 1000).toFixed(1)} s, seed ${report.seed}\n`);
  console.log(`${formatHistogram(report)}\n`);
  console.log(`${formatPerRoute(report)}\n`);
  const failed = report.failures.reduce((sum, failure) => sum + failure.count, 0);
  console.log(`failures: ${failed} requests, ${report.failures.length} distinct\n${formatFailures(report)}`);
  exitCode = report.failures.length ? 1 : 0;
} catch (error) {
  console.error(`fuzz: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
} finally {
  await runtime?.stop();
}
process.exit(exitCode);
