import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '#local/free-port';
import { org, testDirectory, unemploymentQuestion } from '../support/fixtures.ts';
import { startFaultyBots } from '../support/faulty-bot.ts';
import { startInOwnProcessGroup } from '../support/process-group.ts';
import { eventually } from '../support/test-runtime.ts';

const handoffs = 20;

/** DynamoDB Local's JVMs on a data directory, by process id. */
const javaProcessesOn = (dataDir: string) =>
  spawnSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' })
    .stdout.split('\n')
    .filter((line) => line.includes('DynamoDBLocal') && line.includes(dataDir))
    .map((line) => Number(line.trim().split(/\s+/)[0]));

/** The runtime in its own process group, so stopping it stops DynamoDB Local's JVM too. */
function startRuntimeProcess(env: Record<string, string>) {
  const { child, exited, output } = startInOwnProcessGroup('test/support/runtime-process.ts', env);
  return {
    ready: () => eventually(() => expect(output()).toMatch(/^ready /m), 150_000, 100),
    output,
    async kill(signal: NodeJS.Signals) {
      if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, signal);
      await exited;
    },
    /**
     * The broker dies at once (SIGKILL): its HTTP server, bus, stream poller and
     * functions, with whatever they held in memory. The table outlives it, as
     * DynamoDB outlives a Lambda: DynamoDB Local, the stand-in for that durable
     * service, is stopped cleanly afterwards. (Killed with SIGKILL itself,
     * DynamoDB Local was seen to lose an acknowledged write: a limit of the
     * emulator, not something the broker can make up for.)
     */
    async crash() {
      process.kill(child.pid!, 'SIGKILL');
      await exited;
      for (const pid of javaProcessesOn(env.DATA_DIR!)) process.kill(pid, 'SIGTERM');
      await eventually(() => expect(javaProcessesOn(env.DATA_DIR!)).toEqual([]), 60_000, 100);
    },
  };
}

describe('the broker killed with SIGKILL mid-flight, then started again on the same data', () => {
  let bots: Awaited<ReturnType<typeof startFaultyBots>>;
  let dataDir: string;
  let env: Record<string, string>;
  let running: ReturnType<typeof startRuntimeProcess> | undefined;

  beforeAll(async () => {
    bots = await startFaultyBots();
    dataDir = mkdtempSync(join(tmpdir(), 'handoff-crash-'));
    const directoryFile = join(dataDir, 'directory.json');
    writeFileSync(
      directoryFile,
      JSON.stringify(testDirectory({ [`${org.nav}/frida`]: `${bots.url}/frida`, [`${org.oslo}/kommune-kari`]: `${bots.url}/kari` })),
    );
    env = {
      PORT: String(await freePort()),
      DATA_DIR: join(dataDir, 'data'),
      DIRECTORY_FILE: directoryFile,
      RUNTIME_ENV: JSON.stringify({ OFFER_TIMEOUT_SECONDS: '600', WEBHOOK_ATTEMPTS: '3', WEBHOOK_BACKOFF_MS: '50' }),
    };
  });

  afterAll(async () => {
    await running?.kill('SIGKILL');
    await bots?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('still has every handoff, every offer is sent, every transfer is audited and every chain verifies', async () => {
    const base = `http://localhost:${env.PORT}`;
    const token = async (body: Record<string, string>) =>
      (
        (await (
          await fetch(`${base}/local-issuer/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
        ).json()) as { access_token: string }
      ).access_token;
    const get = async (path: string, bearer: string) =>
      (await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${bearer}` } })).json() as Promise<Record<string, unknown>>;

    running = startRuntimeProcess(env);
    await running.ready();
    const oslo = await token({ orgNumber: org.oslo });
    const ids = await Promise.all(
      Array.from({ length: handoffs }, async () => {
        const response = await fetch(`${base}/v1/handoffs`, {
          method: 'POST',
          headers: { authorization: `Bearer ${oslo}`, 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
          body: JSON.stringify(unemploymentQuestion()),
        });
        expect(response.status).toBe(201);
        return ((await response.json()) as { id: string }).id;
      }),
    );
    // Mid-flight: the first offers are out, the stream, the bus and the webhooks are still busy with the rest.
    const offersSoFar = () => new Set(bots.bodiesFor('/frida').map((request) => request.json.data.handoff.id)).size;
    await eventually(() => expect(offersSoFar()).toBeGreaterThanOrEqual(2), 120_000, 5);
    const offeredBeforeCrash = offersSoFar();
    await running.crash();

    running = startRuntimeProcess(env);
    await running.ready();
    const [osloAgain, operator] = [await token({ orgNumber: org.oslo }), await token({ orgNumber: org.nav, personId: 'nav-ops' })];
    const offered = () =>
      new Set(
        bots
          .bodiesFor('/frida')
          .filter((request) => request.json.type === 'handoff.offered')
          .map((request) => request.json.data.handoff.id),
      );
    await eventually(
      async () => {
        for (const id of ids) expect((await get(`/v1/handoffs/${id}`, osloAgain)).status, id).toBe('offered');
        expect([...offered()].filter((id) => ids.includes(id)).sort()).toEqual([...ids].sort());
      },
      120_000,
      250,
    );
    await eventually(
      async () => {
        const search = (await get('/v1/audit/transfers?limit=200', operator)) as { items: { handoffId: string }[] };
        expect(ids.filter((id) => !search.items.some((item) => item.handoffId === id))).toEqual([]);
      },
      120_000,
      250,
    );
    for (const id of ids) expect((await get(`/v1/audit/transfers/${id}/verify`, operator)).valid, id).toBe(true);
    console.log(
      `crash: ${handoffs} handoffs created, ${offeredBeforeCrash} offers out before SIGKILL, ${offered().size} after the restart; all audited, all chains valid`,
    );
    await running.kill('SIGTERM');
  });
});
