import { spawnSync } from 'node:child_process';
import { mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort } from '#local/free-port';
import { org } from '../support/fixtures.ts';
import { startInOwnProcessGroup } from '../support/process-group.ts';
import { eventually } from '../support/test-runtime.ts';

/** Runs `npm start`'s command as a newcomer's terminal would. */
const startBroker = (env: Record<string, string>, args: string[] = []) => startInOwnProcessGroup('local/main.ts', env, args);

const javaProcessesOn = (port: number) =>
  spawnSync('ps', ['-eo', 'args'], { encoding: 'utf8' })
    .stdout.split('\n')
    .filter((line) => line.includes('DynamoDBLocal.jar') && line.includes(`-port ${port}`));

describe('npm start, the embedded default', () => {
  it('shows the demo handoff crossing from the municipal bot to the welfare bot, and Ctrl-C leaves no Java behind', async () => {
    const [port, demoBotsPort, dynamoPort] = [await freePort(), await freePort(), await freePort()];
    const broker = startBroker({ PORT: String(port), DEMO_BOTS_PORT: String(demoBotsPort), DYNAMODB_LOCAL_PORT: String(dynamoPort) });
    try {
      await eventually(() => expect(broker.output()).toMatch(/Frida \(NAV\) completed/), 150_000, 200);
      const output = broker.output();
      expect(output).toContain(`http://localhost:${port}/docs`);
      expect(output).toContain('was offered handoff');
      expect(output).toContain('3 transcript messages');
      expect(output).toMatch(/Kommune-Kari \(Oslo kommune\) heard .* is accepted/);
      expect(javaProcessesOn(dynamoPort)).toHaveLength(1);

      // Ctrl-C in a terminal signals the whole foreground process group.
      process.kill(-broker.child.pid!, 'SIGINT');
      expect(await broker.exited).toBe(0);
      expect(javaProcessesOn(dynamoPort)).toEqual([]);
    } finally {
      if (broker.child.exitCode === null) process.kill(-broker.child.pid!, 'SIGKILL');
    }
  }, 240_000);

  it('says in one sentence what to install when there is no Java', async () => {
    // A PATH with node on it and nothing else.
    const bin = mkdtempSync(join(tmpdir(), 'node-only-'));
    symlinkSync(process.execPath, join(bin, 'node'));
    const broker = startBroker({ PATH: bin, PORT: String(await freePort()), DEMO_BOTS_PORT: String(await freePort()) });
    expect(await broker.exited).toBe(1);
    expect(broker.output()).toContain('DynamoDB Local needs a Java 17+ runtime');
    expect(broker.output()).toContain('openjdk-17-jre-headless');
  }, 120_000);

  it('keeps handoffs across a restart with --persist, without announcing old transitions again', async () => {
    const env = { PORT: String(await freePort()), DEMO_BOTS_PORT: String(await freePort()), DATA_DIR: mkdtempSync(join(tmpdir(), 'handoff-data-')) };
    const base = `http://localhost:${env.PORT}`;
    const call = async (orgNumber: string, path: string, init: RequestInit = {}) => {
      const { access_token } = (await (
        await fetch(`${base}/local-issuer/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ orgNumber }) })
      ).json()) as { access_token: string };
      return fetch(`${base}${path}`, {
        ...init,
        headers: { authorization: `Bearer ${access_token}`, 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
      });
    };
    const stop = async (broker: ReturnType<typeof startBroker>) => {
      process.kill(-broker.child.pid!, 'SIGINT');
      expect(await broker.exited).toBe(0);
    };

    // First run: NAV's bot hands a snow-clearing question to Trondheim, whose bot reads its inbox.
    const first = startBroker(env, ['--persist', '--no-demo']);
    let id: string;
    try {
      await eventually(() => expect(first.output()).toContain('Ctrl-C stops everything'), 150_000, 200);
      const created = await call(org.nav, '/v1/handoffs', {
        method: 'POST',
        body: JSON.stringify({
          origin: { botId: 'frida', conversationId: 'persisted-1' },
          target: { kind: 'topic' },
          reason: 'out_of_scope',
          topic: 'snow-clearing',
          language: 'nb',
          consent: { shareTranscript: false, shareIdentity: false },
          context: {
            summary: { text: 'The road has not been cleared for two days.', containsPersonalData: false },
            attributes: { municipalityNumber: '5001' },
          },
        }),
      });
      expect(created.status).toBe(201);
      ({ id } = (await created.json()) as { id: string });
      await eventually(() => expect(first.output()).toContain(`handoff ${id.slice(0, 8)} routed → offered`), 60_000, 100);
    } finally {
      await stop(first);
    }

    // Second run on the same data: the offer is still in Trondheim's inbox, and only new transitions are announced.
    const second = startBroker(env, ['--persist', '--no-demo']);
    try {
      await eventually(() => expect(second.output()).toContain('Ctrl-C stops everything'), 150_000, 200);
      const inbox = (await (await call(org.trondheim, '/v1/inbox')).json()) as { items: { id: string; status: string }[] };
      expect(inbox.items).toEqual([expect.objectContaining({ id, status: 'offered' })]);
      expect((await call(org.trondheim, `/v1/handoffs/${id}/accept`, { method: 'POST', body: '{}' })).status).toBe(200);
      await eventually(() => expect(second.output()).toContain(`handoff ${id.slice(0, 8)} offered → accepted`), 60_000, 100);
      expect(second.output()).not.toContain(`handoff ${id.slice(0, 8)} routed → offered`);
    } finally {
      await stop(second);
    }
  }, 480_000);
});
