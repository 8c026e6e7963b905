import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HandoffStatusChangedWebhook } from '#contracts/webhooks';
import { org, testDirectory, unemploymentQuestion } from '../support/fixtures.ts';
import { startRecordingBot, type RecordingBot } from '../support/recording-bot.ts';
import { eventually, startTestRuntime, type TestRuntime } from '../support/test-runtime.ts';

const paths = {
  frida: `/bots/${org.nav}/frida/webhook`,
  reserve: `/bots/${org.nav}/frida-reserve/webhook`,
  kari: `/bots/${org.oslo}/kommune-kari/webhook`,
  vegbot: `/bots/${org.vegvesen}/vegbot/webhook`,
};

describe('Story 5: the target declines or is down, and the citizen is never left without an answer', () => {
  let bots: RecordingBot;
  let broker: TestRuntime;

  beforeAll(async () => {
    // Vegvesen's bot is down: every webhook to it fails.
    bots = await startRecordingBot((received) => (received.path === paths.vegbot ? 503 : 204));
    broker = await startTestRuntime(
      testDirectory({
        [`${org.nav}/frida`]: `${bots.url}${paths.frida}`,
        [`${org.nav}/frida-reserve`]: `${bots.url}${paths.reserve}`,
        [`${org.oslo}/kommune-kari`]: `${bots.url}${paths.kari}`,
        [`${org.vegvesen}/vegbot`]: `${bots.url}${paths.vegbot}`,
      }),
      // Offers short enough for the expiry path to run within a test, long enough that a loaded machine
      // still declines before they expire; the sweeper runs every 250 ms.
      { environment: { OFFER_TIMEOUT_SECONDS: '20' } },
    );
  });

  afterAll(async () => {
    await broker?.stop();
    await bots?.stop();
  });

  const statusOf = (id: string) => broker.as(org.oslo).getHandoff({ params: { id } });
  const noticesTo = (path: string, id: string) =>
    (bots.verifiedFor(path, broker.secrets[`${org.oslo}/kommune-kari`]!) as HandoffStatusChangedWebhook[]).filter((notice) => notice.data.handoff.id === id);

  it('reroutes a decline to the next bot, and falls back to the origin when that one declines too', async () => {
    const nav = broker.as(org.nav);
    const { id } = await broker.as(org.oslo).createHandoff({ body: unemploymentQuestion() });

    await eventually(async () => expect((await statusOf(id)).status).toBe('offered'));
    await nav.declineHandoff({ params: { id }, body: { reason: 'no_capacity' } });

    const rerouted = await eventually(async () => {
      const handoff = await statusOf(id);
      expect(handoff).toMatchObject({ status: 'offered', assignee: { botId: 'frida-reserve' } });
      return handoff;
    });
    expect(rerouted.citizenGuidance.handledBy).toEqual({ kind: 'bot', agencyName: 'NAV', name: 'Frida (reserve)' });
    await nav.declineHandoff({ params: { id }, body: { reason: 'out_of_scope' } });

    const fallback = await eventually(async () => {
      const handoff = await statusOf(id);
      expect(handoff.status).toBe('fallback');
      return handoff;
    });
    expect(fallback).toMatchObject({
      statusReason: 'out_of_scope',
      assignee: null,
      citizenGuidance: {
        handledBy: { kind: 'origin', agencyName: 'Oslo kommune' },
        options: ['stay_with_bot'],
        contact: { url: 'https://www.nav.no/kontaktoss' },
      },
    });
    expect(fallback.citizenGuidance.message.en).toContain('https://www.nav.no/kontaktoss');
    // The origin heard of the reroute and of the fallback
    await eventually(() => expect(noticesTo(paths.kari, id).map((notice) => notice.data.transition.to)).toEqual(['routed', 'fallback']));
    // The bot that declined no longer sees the conversation
    expect((await nav.getHandoff({ params: { id } })).context).toBeNull();
  });

  it('retries a bot that is down, dead-letters the offer and falls back', async () => {
    const { id } = await broker
      .as(org.oslo)
      .createHandoff({ body: unemploymentQuestion({ topic: 'pension', target: { kind: 'bot', orgNumber: org.vegvesen, botId: 'vegbot' } }) });
    const fallback = await eventually(async () => {
      const handoff = await statusOf(id);
      expect(handoff.status).toBe('fallback');
      return handoff;
    });
    expect(fallback.statusReason).toBe('undeliverable');
    expect(bots.received.filter((webhook) => webhook.path === paths.vegbot && webhook.body.includes(id))).toHaveLength(3);
    const webhookIds = new Set(
      bots.received.filter((webhook) => webhook.body.includes(id) && webhook.path === paths.vegbot).map((webhook) => webhook.headers['webhook-id']),
    );
    expect(webhookIds.size).toBe(1);
    const { deadLetters } = await import('#shared/dependencies');
    expect(await deadLetters().deadLetters(org.vegvesen, 10)).toEqual(
      expect.arrayContaining([expect.objectContaining({ handoffId: id, kind: 'offer', attempts: 3, lastError: 'HTTP 503' })]),
    );
    await eventually(() => expect(noticesTo(paths.kari, id).map((notice) => notice.data.transition.to)).toEqual(['fallback']));
  });

  it('expires an offer nobody answers, through the scheduled sweeper, and falls back', async () => {
    const { id } = await broker.as(org.oslo).createHandoff({ body: unemploymentQuestion({ target: { kind: 'bot', orgNumber: org.nav, botId: 'frida' } }) });
    await eventually(async () => expect((await statusOf(id)).status).toBe('offered'));
    const fallback = await eventually(async () => {
      const handoff = await statusOf(id);
      expect(handoff.status).toBe('fallback');
      return handoff;
    }, 120_000);
    expect(fallback.statusReason).toBe('offer_expired');
    await broker.settle();
    const timeline = broker.bus.archive
      .map((event) => event.detail as { handoffId: string; to: string; actor: { role: string } })
      .filter((detail) => detail.handoffId === id);
    expect(timeline.map((detail) => `${detail.to}:${detail.actor.role}`)).toEqual([
      'requested:origin',
      'routed:broker',
      'offered:broker',
      'expired:broker',
      'fallback:broker',
    ]);
  });

  it('lets the origin cancel an offer, and tells the bot that was offered it', async () => {
    const { id } = await broker.as(org.oslo).createHandoff({ body: unemploymentQuestion({ target: { kind: 'bot', orgNumber: org.nav, botId: 'frida' } }) });
    await eventually(async () => expect((await statusOf(id)).status).toBe('offered'));
    const cancelled = await broker.as(org.oslo).cancelHandoff({ params: { id }, body: { reason: 'citizen_left' } });
    expect(cancelled).toMatchObject({ status: 'cancelled', statusReason: 'citizen_left' });
    await eventually(() => {
      const notices = (bots.verifiedFor(paths.frida, broker.secrets[`${org.nav}/frida`]!) as HandoffStatusChangedWebhook[]).filter(
        (notice) => notice.type === 'handoff.status_changed' && notice.data.handoff.id === id,
      );
      expect(notices.map((notice) => notice.data.transition.to)).toEqual(['cancelled']);
    });
  });
});
