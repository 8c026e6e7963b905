import { afterEach, describe, expect, it } from 'vitest';
import { logged, logger } from '#shared/logger';

/** The JSON lines the logger writes while `act` runs. */
async function linesOf(act: () => Promise<void> | void): Promise<Record<string, unknown>[]> {
  const written: string[] = [];
  const original = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string) => {
    written.push(String(chunk));
    return true;
  }) as typeof process.stdout.write;
  try {
    await act();
  } finally {
    process.stdout.write = original;
  }
  return written
    .join('')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

const level = process.env.LOG_LEVEL;
afterEach(() => {
  if (level === undefined) delete process.env.LOG_LEVEL;
  else process.env.LOG_LEVEL = level;
});

describe('the structured logger', () => {
  it('writes one JSON line per call, at or above the level, with the keys given', async () => {
    process.env.LOG_LEVEL = 'INFO';
    const lines = await linesOf(() => {
      logger.debug('left out');
      logger.info('audit projected', { handoffId: 'h-1', seq: 3 });
      logger.error('failed', new Error('boom'));
    });
    expect(lines).toMatchObject([
      { level: 'INFO', message: 'audit projected', service: 'handoff-broker', handoffId: 'h-1', seq: 3 },
      { level: 'ERROR', message: 'failed', error: { name: 'Error', message: 'boom' } },
    ]);
    expect(Date.parse(String(lines[0]!.timestamp))).not.toBeNaN();
  });

  it('ties each line to its own invocation when invocations share a process, and marks the first as a cold start', async () => {
    process.env.LOG_LEVEL = 'INFO';
    const handler = logged(async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      logger.info('done');
    });
    const invoke = (functionName: string, awsRequestId: string) => () => handler({}, { functionName, awsRequestId } as never);
    const lines = await linesOf(async () => {
      await Promise.all([invoke('dispatcher-test', 'r-1')(), invoke('publisher-test', 'r-2')()]);
      await invoke('dispatcher-test', 'r-3')();
    });
    expect(lines.map((line) => [line.function_name, line.function_request_id, line.cold_start])).toEqual([
      ['dispatcher-test', 'r-1', true],
      ['publisher-test', 'r-2', true],
      ['dispatcher-test', 'r-3', false],
    ]);
    // Outside any invocation, a line carries none.
    const outside = await linesOf(() => logger.info('between invocations'));
    expect(outside[0]).not.toHaveProperty('function_name');
  });

  it('writes nothing when silenced', async () => {
    process.env.LOG_LEVEL = 'SILENT';
    expect(await linesOf(() => logger.error('quiet'))).toEqual([]);
  });
});
