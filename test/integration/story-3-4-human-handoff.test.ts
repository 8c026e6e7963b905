import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrokerProblem } from '@handoff-broker/client';
import type { HandoffMessageWebhook, HandoffStatusChangedWebhook } from '#contracts/webhooks';
import { laterOpening, navCrisisGuidance, org, testDirectory, unemploymentQuestion } from '../support/fixtures.ts';
import { startRecordingBot, type RecordingBot } from '../support/recording-bot.ts';
import { eventually, startTestRuntime, type TestRuntime } from '../support/test-runtime.ts';

const kariPath = `/bots/${org.oslo}/kommune-kari/webhook`;

describe('Stories 3 and 4: a human adviser, honest waits, callbacks, and urgent risk', () => {
  let bots: RecordingBot;
  let broker: TestRuntime;

  beforeAll(async () => {
    bots = await startRecordingBot();
    broker = await startTestRuntime(testDirectory({ [`${org.oslo}/kommune-kari`]: `${bots.url}${kariPath}` }));
  });

  afterAll(async () => {
    await broker?.stop();
    await bots?.stop();
  });

  const toKari = <T>(type: string) =>
    (bots.verifiedFor(kariPath, broker.secrets[`${org.oslo}/kommune-kari`]!) as { type: string }[]).filter((payload) => payload.type === type) as T[];

  it('Story 3: a Romanian-speaking citizen with a complex case reaches the adviser who speaks Romanian, and nobody repeats themselves', async () => {
    const kari = broker.as(org.oslo);
    const request = unemploymentQuestion({ target: { kind: 'human' }, reason: 'complex_case', language: 'ro' });

    // The origin asks first, creating nothing: a human is available, and how long the wait is.
    const preview = await kari.previewHandoff({ body: request });
    expect(preview).toMatchObject({
      wouldBe: 'queued',
      assignee: { kind: 'queue', queueId: 'work' },
      citizenGuidance: { humanAvailableNow: true, options: ['wait', 'stay_with_bot', 'callback'] },
    });
    expect(preview.citizenGuidance.estimatedWaitSeconds).toBeGreaterThan(0);

    const created = await kari.createHandoff({ body: request });
    expect(created).toMatchObject({ status: 'queued', queue: { position: 1, estimateBasis: 'handling_time' }, citizenGuidance: { humanAvailableNow: true } });
    // In the words of Kari's chat platform: waiting for an adviser; for Bot Framework, the handoff is initiated.
    expect(created.platformStates).toEqual({ chatPlatform: 'in_human_chat_queue', botFramework: { activity: 'handoff.initiate', state: null } });

    // Ionuț, rostered on the work queue and speaking Romanian, sees it on the desk and opens it.
    const ionut = broker.asStaff(org.nav, 'nav-ionut');
    const desk = await ionut.getDeskOverview({});
    expect(desk.queues.find((queue) => queue.queueId === 'work')!.waiting).toEqual([
      expect.objectContaining({ id: created.id, language: 'ro', topic: 'unemployment-benefit', priority: 'normal', originAgencyName: 'Oslo kommune' }),
    ]);
    const opened = await ionut.getDeskHandoff({ params: { id: created.id } });
    expect(opened.context).toEqual(request.context);

    await ionut.deskAccept({ params: { id: created.id }, body: {} });
    await eventually(() => {
      const notice = toKari<HandoffStatusChangedWebhook>('handoff.status_changed').find(
        (payload) => payload.data.handoff.id === created.id && payload.data.transition.to === 'accepted',
      );
      expect(notice?.data.handoff.citizenGuidance.message.en).toBe('You are now talking with Ionuț Popescu at NAV.');
      expect(notice?.data.handoff.platformStates).toEqual({
        chatPlatform: 'assigned_to_human',
        botFramework: { activity: 'handoff.status', state: 'accepted' },
      });
    });

    // The citizen writes through Kari; Ionuț reads it and answers; Kari gets the answer by signed webhook.
    await kari.postMessage({ params: { id: created.id }, body: { text: 'Bună ziua, am nevoie de ajutor cu dosarul meu.' } });
    const seen = await ionut.deskListMessages({ params: { id: created.id } });
    expect(seen.items.map((message) => [message.from, message.text])).toEqual([['citizen', 'Bună ziua, am nevoie de ajutor cu dosarul meu.']]);
    await ionut.deskPostMessage({ params: { id: created.id }, body: { text: 'Bună ziua! Sunt Ionuț de la NAV.' } });
    const relayed = await eventually(() => {
      const messages = toKari<HandoffMessageWebhook>('handoff.message').filter((payload) => payload.data.message.handoffId === created.id);
      expect(messages).toHaveLength(1);
      return messages[0]!;
    });
    expect(relayed.data.message).toMatchObject({ from: 'adviser', adviserName: 'Ionuț Popescu', text: 'Bună ziua! Sunt Ionuț de la NAV.' });
    const later = await kari.listMessages({ params: { id: created.id }, query: { after: seen.items[0]!.id } });
    expect(later.items.map((message) => message.text)).toEqual(['Bună ziua! Sunt Ionuț de la NAV.']);

    const completed = await ionut.deskComplete({ params: { id: created.id }, body: { resolution: 'resolved' } });
    expect(completed).toMatchObject({
      status: 'completed',
      platformStates: { chatPlatform: 'virtual_agent', botFramework: { activity: 'handoff.status', state: 'completed' } },
    });
    await broker.settle();
    // The bus heard that messages were relayed, never what they said.
    expect(JSON.stringify(broker.bus.archive)).not.toContain('dosarul meu');
  });

  it('Story 3 after hours: the citizen gets a callback at the next opening, on the channel they gave', async () => {
    const created = await broker.as(org.oslo).createHandoff({
      body: unemploymentQuestion({
        target: { kind: 'human' },
        topic: 'pension',
        reason: 'citizen_asked_for_human',
        citizen: { contact: { channel: 'phone', phone: '+47 912 34 567' } },
      }),
    });
    expect(created).toMatchObject({
      status: 'callback_scheduled',
      callback: { at: laterOpening().opensAt, channel: 'phone' },
      citizenGuidance: { humanAvailableNow: false, nextOpening: laterOpening().opensAt },
    });
    const withoutContact = await broker
      .as(org.oslo)
      .createHandoff({ body: unemploymentQuestion({ target: { kind: 'human' }, topic: 'pension' }) })
      .then(
        () => undefined,
        (error: unknown) => error as BrokerProblem,
      );
    expect(withoutContact?.problem).toMatchObject({ status: 422, errors: [{ field: 'citizen.contact' }] });
    // The contact details went to the callback's content, never to the bus.
    await broker.settle();
    expect(JSON.stringify(broker.bus.archive)).not.toContain('912 34 567');
  });

  it('Story 4: a young person writing about suicide goes to the front of the queue, with crisis guidance', async () => {
    const kari = broker.as(org.oslo);
    const normal = await kari.createHandoff({ body: unemploymentQuestion({ target: { kind: 'human' }, reason: 'citizen_asked_for_human' }) });
    const urgent = await kari.createHandoff({
      body: unemploymentQuestion({
        target: { kind: 'human' },
        reason: 'risk',
        context: {
          summary: { text: 'A young person writes that they want to end their life.', containsPersonalData: false },
          attributes: { municipalityNumber: '0301' },
        },
        consent: { shareTranscript: false, shareIdentity: false },
      }),
    });
    expect(urgent).toMatchObject({
      status: 'queued',
      priority: 'urgent',
      queue: { position: 1 },
      citizenGuidance: { crisis: navCrisisGuidance, humanAvailableNow: true },
    });
    const waiting = (await broker.asStaff(org.nav, 'nav-ana').getDeskOverview({})).queues
      .find((queue) => queue.queueId === 'work')!
      .waiting.map((item) => item.id);
    expect(waiting.indexOf(urgent.id)).toBeLessThan(waiting.indexOf(normal.id));
  });

  it('Story 4 when nobody is open: crisis guidance now, a flagged follow-up at the next opening, never dropped', async () => {
    const urgent = await broker.as(org.oslo).createHandoff({
      body: unemploymentQuestion({
        target: { kind: 'human' },
        topic: 'pension',
        reason: 'risk',
        consent: { shareTranscript: false, shareIdentity: false },
        context: { summary: { text: 'Writes about not wanting to live.', containsPersonalData: false } },
      }),
    });
    expect(urgent).toMatchObject({
      status: 'callback_scheduled',
      priority: 'urgent',
      flags: ['follow_up'],
      callback: { at: laterOpening().opensAt, channel: null },
      citizenGuidance: { crisis: navCrisisGuidance },
    });
    expect(urgent.citizenGuidance.message.nb).toContain('113');
    const desk = await broker.asStaff(org.nav, 'nav-ana').getDeskOverview({});
    // Scheduled for the same opening as an earlier ordinary callback, the follow-up comes first.
    expect(desk.queues.find((queue) => queue.queueId === 'pension')!.scheduled[0]).toEqual(
      expect.objectContaining({ id: urgent.id, priority: 'urgent', flags: ['follow_up'] }),
    );
  });

  it('lets exactly one of two advisers take the same conversation at once', async () => {
    const { id } = await broker.as(org.oslo).createHandoff({ body: unemploymentQuestion({ target: { kind: 'human' } }) });
    const take = async (adviserId: string) => {
      const token = await broker.issuer.issueStaffToken(org.nav, adviserId);
      return broker.fetch(`/v1/desk/handoffs/${id}/accept`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
        body: '{}',
      });
    };
    const statuses = (await Promise.all([take('nav-ana'), take('nav-ionut')])).map((response) => response.status).sort();
    expect(statuses).toEqual([200, 409]);
  });

  it('keeps partner tokens off the desk and adviser tokens off the partner API', async () => {
    const partnerToken = await broker.token(org.nav);
    expect((await broker.fetch('/v1/desk/queues', { headers: { authorization: `Bearer ${partnerToken}` } })).status).toBe(401);
    const adviserToken = await broker.issuer.issueStaffToken(org.nav, 'nav-ana');
    expect((await broker.fetch('/v1/inbox', { headers: { authorization: `Bearer ${adviserToken}` } })).status).toBe(401);
  });

  it('answers a retried message with the first answer, and relays it once', async () => {
    const kari = broker.as(org.oslo);
    const { id } = await kari.createHandoff({ body: unemploymentQuestion({ target: { kind: 'human' } }) });
    const key = `message-${id}`;
    const first = await kari.postMessage({ params: { id }, body: { text: 'Hallo?' }, idempotencyKey: key });
    const again = await kari.postMessage({ params: { id }, body: { text: 'Hallo?' }, idempotencyKey: key });
    expect(again).toEqual(first);
    expect((await kari.listMessages({ params: { id } })).items).toHaveLength(1);
  });

  it('sends sign-in codes only back to the broker’s own staff pages', async () => {
    const authorize = (redirect: string) =>
      broker.fetch(
        `/local-issuer/authorize?${new URLSearchParams({ client_id: 'handoff-staff-pages', redirect_uri: redirect, code_challenge: 'x'.repeat(43), code_challenge_method: 'S256' })}`,
      );
    expect((await authorize(`${broker.url}/desk`)).status).toBe(200);
    // The same pages opened on a loopback address sign in too.
    expect((await authorize(`http://127.0.0.1:${broker.port}/ops`)).status).toBe(200);
    for (const foreign of [
      `http://localhost:${broker.port}@evil.example/desk`,
      `${broker.url}1/desk`,
      `${broker.url}/elsewhere`,
      'https://evil.example/desk',
      `http://127.0.0.1:${broker.port + 1}/desk`,
      `https://127.0.0.1:${broker.port}/desk`,
    ]) {
      expect((await authorize(foreign)).status, foreign).toBe(400);
    }
  });
});
