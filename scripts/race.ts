/**
 * `npm run race`: repeats the broker's races many times on a freshly started
 * embedded runtime and prints how many trials held.
 *   npm run race -- --trials 20
 */
import { parseArgs } from 'node:util';
import { testDirectory } from '../test/support/fixtures.ts';
import { raceTrials, type TrialResult } from '../test/support/race-trials.ts';
import { startTestRuntime } from '../test/support/test-runtime.ts';

const { values } = parseArgs({ options: { trials: { type: 'string', default: '20' } } });
const trials = Number(values.trials);

const runtime = await startTestRuntime(testDirectory({}));
let failed = 0;
try {
  console.log(`race: ${trials} trials of each race on a freshly started embedded runtime\n`);
  for (const [name, trial] of Object.entries(raceTrials)) {
    const results: TrialResult[] = [];
    const statuses: Record<number, number> = {};
    const started = Date.now();
    for (let index = 0; index < trials; index += 1) {
      const result = await trial(runtime);
      results.push(result);
      for (const [status, count] of Object.entries(result.statuses)) statuses[Number(status)] = (statuses[Number(status)] ?? 0) + count;
      if (!result.held) console.log(`  ${name} trial ${index + 1}: ${result.problem}`);
    }
    const held = results.filter((result) => result.held).length;
    failed += trials - held;
    console.log(`${name.padEnd(18)} held ${held}/${trials}   answers ${JSON.stringify(statuses)}   ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
} finally {
  await runtime.stop();
}
console.log(failed ? `\n${failed} trials did not hold` : '\nevery trial held');
process.exit(failed ? 1 : 0);
