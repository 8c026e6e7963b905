import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDirectory } from '../support/fixtures.ts';
import { concurrentAccepts, identicalCreates, mixedActions } from '../support/race-trials.ts';
import { startTestRuntime, type TestRuntime } from '../support/test-runtime.ts';

/** A bounded slice of `npm run race`: a few trials of each race, on a runtime that has only just started. */
describe('races between parties acting at once', () => {
  let broker: TestRuntime;

  beforeAll(async () => {
    broker = await startTestRuntime(testDirectory({}));
  });

  afterAll(async () => {
    await broker?.stop();
  });

  it('lets exactly one of 100 concurrent accepts of a fresh offer win, and tells the other 99 they lost (409), right after start too', async () => {
    for (let trial = 0; trial < 2; trial += 1) {
      const result = await concurrentAccepts(broker, 100);
      expect(result.problem, JSON.stringify(result.statuses)).toBeNull();
      expect(result.statuses).toEqual({ 200: 1, 409: 99 });
    }
  });

  it('keeps one consistent end when accepts, declines and cancels race', async () => {
    for (let trial = 0; trial < 3; trial += 1) {
      const result = await mixedActions(broker, 10);
      expect(result.problem, JSON.stringify(result.statuses)).toBeNull();
    }
  });

  it('makes one handoff of a burst of identical creates with one Idempotency-Key', async () => {
    for (let trial = 0; trial < 2; trial += 1) {
      const result = await identicalCreates(broker, 20);
      expect(result.problem, JSON.stringify(result.statuses)).toBeNull();
    }
  });
});
