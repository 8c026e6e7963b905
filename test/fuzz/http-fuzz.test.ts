import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDirectory } from '../support/fixtures.ts';
import { declaredEndpoints } from '../support/fuzz-requests.ts';
import { formatFailures, runFuzz, type FuzzReport } from '../support/fuzz-runner.ts';
import { startTestRuntime, type TestRuntime } from '../support/test-runtime.ts';

/**
 * The bounded slice of `npm run fuzz` (issue #8): a fixed seed and a few
 * hundred generated requests over every declared route, through real HTTP
 * against the embedded runtime. A failure lists each distinct request shape;
 * `npm run fuzz -- --seed 8 --requests 400` sends the same requests.
 */
const seed = 8;
const requests = 400;

describe('fuzzing the HTTP API with generated requests', () => {
  let broker: TestRuntime;
  let report: FuzzReport;

  beforeAll(async () => {
    // Every bot reads its inbox: nothing to receive webhooks.
    broker = await startTestRuntime(testDirectory({}));
    report = await runFuzz(broker, { seed, requests });
  }, 600_000);

  afterAll(async () => {
    await broker?.stop();
  }, 60_000);

  it('reaches every declared route', () => {
    // Exercised, not passed: a route the generator never reaches would be fuzzed by nobody.
    expect(declaredEndpoints.map((endpoint) => endpoint.id).filter((id) => !report.perRoute[id])).toEqual([]);
  });

  it('never answers with a server error', () => {
    const serverErrors = report.failures.filter((failure) => failure.status >= 500 || failure.status === 0);
    expect(serverErrors, formatFailures({ ...report, failures: serverErrors })).toEqual([]);
  });

  it('answers every 4xx of a declared route with problem+json, and unmatched paths with API Gateway’s 404', () => {
    const badClientErrors = report.failures.filter((failure) => failure.status >= 400 && failure.status < 500);
    expect(badClientErrors, formatFailures({ ...report, failures: badClientErrors })).toEqual([]);
  });
});
