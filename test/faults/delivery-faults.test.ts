import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '#local/free-port';
import { buildingPermitQuestion, org, testDirectory, unemploymentQuestion } from '../support/fixtures.ts';
import { startFaultyBots } from '../support/faulty-bot.ts';
import { patientPartner } from '../support/patient-partner.ts';
import { eventually, startTestRuntime, type TestRuntime } from '../support/test-runtime.ts';

const projectRoot = new URL('../../', import.meta.url).pathname;

const paths = {
  frida: `/bots/${org.nav}/frida`,
  reserve: `/bots/${org.nav}/frida-reserve`,
  kari: `/bots/${org.oslo}/kommune-kari`,
};
/** The published schedule under test: three attempts, 50 ms backoff doubling, 2 s per attempt. */
const attempts = 3;

describe('faults at the edges: bots that fail, hang or cannot be reached, and a bus that repeats and reorders', () => {
  let bots: Awaited<ReturnType<typeof startFaultyBots>>;
  let broker: TestRuntime;
  let partner: ReturnType<typeof patientPartner>;
  let tokens: Record<'oslo' | 'nav' | 'trondheim', string>;

  beforeAll(async () => {
    bots = await startFaultyBots();
    // Trondheim's bot lives at an address nothing listens on.
    const unreachable = `http://127.0.0.1:${await freePort()}/bots/trondheim`;
    broker = await startTestRuntime(
      testDirectory({
        [`${org.nav}/frida`]: `${bots.url}${paths.frida}`,
        [`${org.nav}/frida-reserve`]: `${bots.url}${paths.reserve}`,
        [`${org.oslo}/kommune-kari`]: `${bots.url}${paths.kari}`,
        [`${org.trondheim}/tk-assistent`]: unreachable,
      }),
      // Offers outlive the whole retry schedule, so a fallback here comes from giving up, not from expiry.
      { environment: { WEBHOOK_ATTEMPTS: String(attempts), OFFER_TIMEOUT_SECONDS: '300' } },
    );
    partner = patientPartner(broker);
    tokens = { oslo: await broker.token(org.oslo), nav: await broker.token(org.nav), trondheim: await broker.token(org.trondheim) };
  });

  afterAll(async () => {
    await broker?.stop();
    await bots?.stop();
    console.log(`delivery faults: partner answers ${JSON.stringify(partner?.statuses)}`);
  });

  const handoff = async (id: string) => (await partner.get(`/v1/handoffs/${id}`, tokens.oslo)).body;
  const offersTo = (path: string, id: string) =>
    bots.bodiesFor(path).filter((request) => request.json.type === 'handoff.offered' && request.json.data.handoff.id === id);

  it('retries a bot that answers 500 on the schedule, reroutes to the next bot, gives up on one that hangs, and tells the origin it fell back', async () => {
    bots.behave(paths.frida, 'fail');
    bots.behave(paths.reserve, 'hang');
    const created = await partner.post('/v1/handoffs', tokens.oslo, unemploymentQuestion());
    expect(created.status).toBe(201);
    const id = created.body.id as string;

    const fallback = await eventually(async () => {
      const current = await handoff(id);
      expect(current.status).toBe('fallback');
      return current;
    }, 120_000);
    expect(fallback.statusReason).toBe('undeliverable');
    // Each bot got the whole schedule, every attempt the same message (one webhook-id), and no more.
    for (const path of [paths.frida, paths.reserve]) {
      const offers = offersTo(path, id);
      expect(offers, path).toHaveLength(attempts);
      expect(new Set(offers.map((offer) => offer.headers['webhook-id'])).size, path).toBe(1);
    }
    // The origin heard of the fallback, with what to tell the citizen.
    await eventually(() => {
      const notices = bots
        .bodiesFor(paths.kari)
        .filter((request) => request.json.data.handoff.id === id)
        .map((request) => (request.json.data as { transition?: { to: string } }).transition?.to);
      expect(notices).toContain('fallback');
    });
    const timeline = (await partner.get(`/v1/audit/transfers/${id}`, await broker.issuer.issueStaffToken(org.oslo, 'oslo-ops'))).body as {
      entries: { to: string }[];
      verification: { valid: boolean };
    };
    expect(timeline.entries.map((entry) => entry.to)).toEqual(['requested', 'routed', 'offered', 'declined', 'routed', 'offered', 'declined', 'fallback']);
    expect(timeline.verification.valid).toBe(true);
    bots.behave(paths.frida, 'ok');
    bots.behave(paths.reserve, 'ok');
  });

  it('gives up on a bot nobody can reach, or whose connection drops, and falls back to the origin', async () => {
    bots.behave(paths.frida, 'ok');
    const unreachable = await partner.post('/v1/handoffs', tokens.nav, buildingPermitQuestion('5001'));
    expect(unreachable.status).toBe(201);
    bots.behave(paths.frida, 'drop');
    const dropped = await partner.post('/v1/handoffs', tokens.oslo, unemploymentQuestion({ target: { kind: 'bot', orgNumber: org.nav, botId: 'frida' } }));
    expect(dropped.status).toBe(201);
    for (const [id, token] of [
      [unreachable.body.id as string, tokens.nav],
      [dropped.body.id as string, tokens.oslo],
    ] as const) {
      await eventually(
        async () => expect((await partner.get(`/v1/handoffs/${id}`, token)).body).toMatchObject({ status: 'fallback', statusReason: 'undeliverable' }),
        120_000,
      );
    }
    expect(offersTo(paths.frida, dropped.body.id as string)).toHaveLength(attempts);
    bots.behave(paths.frida, 'ok');
  });

  it('lists the webhooks given up on to the agency’s operators, and the CLI sends them again once the bot is back', async () => {
    bots.behave(paths.kari, 'fail');
    const created = await partner.post('/v1/handoffs', tokens.oslo, unemploymentQuestion());
    const id = created.body.id as string;
    await eventually(async () => expect((await handoff(id)).status).toBe('offered'));
    expect((await partner.post(`/v1/handoffs/${id}/accept`, tokens.nav, {})).status).toBe(200);
    const osloOps = await broker.issuer.issueStaffToken(org.oslo, 'oslo-ops');
    const undelivered = await eventually(async () => {
      const page = (await partner.get('/v1/ops/dead-letters', osloOps)).body as {
        items: { handoffId: string; kind: string; messageId: string; bot: { orgNumber: string } }[];
      };
      const letter = page.items.find((item) => item.handoffId === id && item.kind === 'status');
      expect(letter).toBeDefined();
      expect(page.items.every((item) => item.bot.orgNumber === org.oslo)).toBe(true);
      return letter!;
    });
    expect(JSON.stringify(undelivered)).not.toContain('Lost their job');

    bots.behave(paths.kari, 'ok');
    // Asynchronously: the broker answers the CLI from this very process.
    const cli = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'scripts/dead-letters.ts', '--url', broker.url, '--token', osloOps, '--redrive'],
      { cwd: projectRoot, encoding: 'utf8' },
    );
    expect(cli.stdout).toContain(`delivered ${undelivered.messageId}`);
    const redelivered = bots.bodiesFor(paths.kari).filter((request) => request.headers['webhook-id'] === undelivered.messageId);
    expect(redelivered.length).toBe(attempts + 1);
    expect(((await partner.get('/v1/ops/dead-letters', osloOps)).body.items as unknown[]).length).toBe(0);
  });

  it('changes nothing when the bus delivers every event of a finished handoff again, twice, in reverse order', async () => {
    bots.behave(paths.frida, 'ok');
    const created = await partner.post('/v1/handoffs', tokens.oslo, unemploymentQuestion());
    const id = created.body.id as string;
    await eventually(async () => expect((await handoff(id)).status).toBe('offered'));
    expect((await partner.post(`/v1/handoffs/${id}/accept`, tokens.nav, {})).status).toBe(200);
    expect((await partner.post(`/v1/handoffs/${id}/complete`, tokens.nav, { resolution: 'resolved' })).status).toBe(200);
    await broker.settle();

    const operator = await broker.issuer.issueStaffToken(org.nav, 'nav-ops');
    const snapshot = async () => ({
      handoff: await handoff(id),
      timeline: (await partner.get(`/v1/audit/transfers/${id}`, operator)).body,
      insights: (await partner.get('/v1/audit/insights', operator)).body,
      webhookIds: [...new Set(bots.received.filter((request) => request.body.includes(id)).map((request) => request.headers['webhook-id']))].sort(),
    });
    const before = await snapshot();
    const events = broker.bus.archive.filter((event) => (event.detail as { handoffId?: string }).handoffId === id);
    expect(events.length).toBeGreaterThanOrEqual(5);
    const bus = new EventBridgeClient({ endpoint: broker.bus.endpoint, region: 'eu-north-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    for (const event of [...events].reverse().flatMap((event) => [event, event])) {
      await bus.send(
        new PutEventsCommand({
          Entries: [
            {
              EventBusName: 'handoff-broker',
              Source: event.source,
              DetailType: event['detail-type'],
              Detail: JSON.stringify(event.detail),
              Time: new Date(event.time),
            },
          ],
        }),
      );
    }
    bus.destroy();
    await broker.settle();
    const after = await snapshot();
    expect(after.handoff).toEqual(before.handoff);
    expect(after.timeline).toMatchObject({ transfer: before.timeline.transfer, entries: before.timeline.entries });
    expect(after.insights).toEqual(before.insights);
    // Notices may be sent again, but only as the same messages (the same webhook-ids), which a bot drops.
    expect(after.webhookIds).toEqual(before.webhookIds);
  });
});
