import { describe, expect, it } from 'vitest';
import type { CreateHandoffRequest } from '#contracts/handoff';
import type { HandoffOfferedWebhook } from '#contracts/webhooks';
import { HandoffNotFound, IdempotencyReplay, IllegalTransition, InvalidRequest, NotPermitted } from '#domain/errors';
import type { WebhookDelivery } from '#domain/ports';
import { actOnHandoff } from '#domain/use-cases/act-on-handoff';
import { dispatchTransition } from '#domain/use-cases/dispatch-transition';
import { recipientOf } from '#domain/use-cases/notify-party';
import { openHandoff } from '#domain/use-cases/open-handoff';
import { listInbox, readHandoff } from '#domain/use-cases/read-handoff';
import { rerouteHandoff } from '#domain/use-cases/reroute-handoff';
import { sweepOverdue } from '#domain/use-cases/sweep-overdue';
import { busPump, domainWorld, partner, pushTypeOf, RecordingSender } from '../support/domain-world.ts';
import { org, syntheticNationalId, unemploymentQuestion } from '../support/fixtures.ts';

const caller = partner;

function world(sender = new RecordingSender()) {
  const {
    deps: base,
    store,
    clock,
  } = domainWorld({ webhooks: { [`${org.nav}/frida`]: 'https://frida.example/webhook', [`${org.oslo}/kommune-kari`]: 'https://kari.example/webhook' } });
  const deps = { ...base, webhooks: sender };
  const open = (request: CreateHandoffRequest = unemploymentQuestion()) => openHandoff(deps, caller(org.oslo), request);
  // The router and the dispatcher, woken as the deployed rules wake them.
  const pump = busPump(store, {
    router: (transition) => rerouteHandoff(deps, transition),
    dispatcher: (transition) => dispatchTransition(deps, transition),
  });
  return { deps, store, clock, sender, open, pump };
}

describe('opening a handoff', () => {
  it('routes and offers at once, in one write, and answers with the target and what to tell the citizen', async () => {
    // Prepare
    const { open, store } = world();
    // Act
    const view = await open();
    // Assess
    expect(view).toMatchObject({
      status: 'offered',
      assignee: { orgNumber: org.nav, botId: 'frida', agencyName: 'NAV', botName: 'Frida' },
      respondBy: '2026-11-24T09:02:00.000Z',
      citizenGuidance: { handledBy: { kind: 'bot', agencyName: 'NAV', name: 'Frida' }, options: ['wait', 'stay_with_bot'] },
    });
    expect(store.table.timelineOf(view.id).map((record) => record.to)).toEqual(['requested', 'routed', 'offered']);
    expect(store.table.timelineOf(view.id).map((record) => record.version)).toEqual([1, 1, 1]);
  });

  it('refuses a bot that is not the caller’s, and content the citizen has not consented to share', async () => {
    const { open } = world();
    await expect(open(unemploymentQuestion({ origin: { botId: 'frida', conversationId: 'c' } }))).rejects.toThrow(InvalidRequest);
    await expect(open(unemploymentQuestion({ citizen: { nationalId: syntheticNationalId } }))).rejects.toMatchObject({
      fields: [{ path: ['citizen', 'nationalId'] }],
    });
  });

  it('stores the idempotency receipt with the handoff, so a twin request cannot create a second one', async () => {
    const { deps, store, clock } = world();
    const claim = { scope: org.oslo, key: 'k-1', requestHash: 'h' };
    const first = await openHandoff(deps, caller(org.oslo), unemploymentQuestion(), claim);
    await expect(openHandoff(deps, caller(org.oslo), unemploymentQuestion(), claim)).rejects.toThrow(IdempotencyReplay);
    expect(store.table.handoffs.size).toBe(1);
    expect((await store.findReceipt(org.oslo, 'k-1', clock.now()))?.response).toEqual(first);
  });
});

describe('offering and answering', () => {
  it('offers the routed handoff by webhook with the content the consent allows, then the target accepts', async () => {
    const { deps, open, pump, sender } = world();
    const { id } = await open(unemploymentQuestion({ consent: { shareTranscript: true, shareIdentity: true }, citizen: { nationalId: syntheticNationalId } }));
    await pump();
    const offer = sender.deliveries.find((delivery) => pushTypeOf(delivery) === 'handoff.offered')! as WebhookDelivery & { payload: HandoffOfferedWebhook };
    expect(offer).toMatchObject({ url: 'https://frida.example/webhook', bot: { orgNumber: org.nav, botId: 'frida' } });
    expect(offer.payload.data.handoff).toMatchObject({ status: 'offered', citizen: { nationalId: syntheticNationalId } });
    expect(offer.payload.data.handoff.context?.transcript).toHaveLength(3);

    const accepted = await actOnHandoff(deps, caller(org.nav), id, { kind: 'accept' });
    expect(accepted.status).toBe('accepted');
    await pump();
    const notice = sender.deliveries.find((delivery) => pushTypeOf(delivery) === 'handoff.status_changed')!;
    expect(notice.url).toBe('https://kari.example/webhook');
  });

  it('lets exactly one of two simultaneous accepts win', async () => {
    const { deps, open, pump } = world();
    const { id } = await open();
    await pump();
    const results = await Promise.allSettled([
      actOnHandoff(deps, caller(org.nav), id, { kind: 'accept' }),
      actOnHandoff(deps, caller(org.nav), id, { kind: 'accept' }),
    ]);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    expect(results.find((result) => result.status === 'rejected')).toMatchObject({ reason: expect.any(IllegalTransition) });
  });

  it('tells strangers the handoff does not exist and keeps roles apart', async () => {
    const { deps, open, pump } = world();
    const { id } = await open();
    await pump();
    await expect(readHandoff(deps, caller(org.vegvesen), id)).rejects.toThrow(HandoffNotFound);
    await expect(actOnHandoff(deps, caller(org.vegvesen), id, { kind: 'accept' })).rejects.toThrow(HandoffNotFound);
    await expect(actOnHandoff(deps, caller(org.oslo), id, { kind: 'accept' })).rejects.toThrow(NotPermitted);
    await expect(actOnHandoff(deps, caller(org.nav), id, { kind: 'complete', resolution: 'resolved' })).rejects.toThrow(IllegalTransition);
  });

  it('reroutes a decline to the next candidate, then falls back to the origin with contact details', async () => {
    const { deps, open, pump, store } = world();
    const { id } = await open();
    await pump();
    await actOnHandoff(deps, caller(org.nav), id, { kind: 'decline', reason: 'no_capacity' });
    await pump();
    expect(await store.get(id)).toMatchObject({ status: 'offered', assignee: { botId: 'frida-reserve' } });
    await actOnHandoff(deps, caller(org.nav), id, { kind: 'decline', reason: 'out_of_scope' });
    await pump();
    const final = await readHandoff(deps, caller(org.oslo), id);
    expect(final).toMatchObject({
      status: 'fallback',
      statusReason: 'out_of_scope',
      assignee: null,
      citizenGuidance: { handledBy: { kind: 'origin' }, options: ['stay_with_bot'], contact: { url: 'https://www.nav.no/kontaktoss' } },
    });
    expect(store.table.timelineOf(id).map((record) => record.to)).toEqual([
      'requested',
      'routed',
      'offered',
      'declined',
      'routed',
      'offered',
      'declined',
      'fallback',
    ]);
  });

  it('dead-letters an offer the bot never took and declines it as the broker', async () => {
    const { open, pump, store } = world(new RecordingSender({ delivered: false, attempts: 4, lastError: 'HTTP 503' }));
    const { id } = await open(unemploymentQuestion({ target: { kind: 'bot', orgNumber: org.nav, botId: 'frida' } }));
    await pump();
    // The bot is down (the offer) and, in this twin, so is the origin (the fallback notice): both are dead-lettered.
    expect(store.table.letters.map((letter) => [letter.kind, letter.bot.botId, letter.lastError])).toEqual([
      ['offer', 'frida', 'HTTP 503'],
      ['status', 'kommune-kari', 'HTTP 503'],
    ]);
    expect(store.table.timelineOf(id).map((record) => [record.to, record.statusReason])).toEqual([
      ['requested', null],
      ['routed', null],
      ['offered', null],
      ['declined', 'undeliverable'],
      ['fallback', 'undeliverable'],
    ]);
  });

  it('leaves an offer for a bot without webhook in its agency’s inbox', async () => {
    const { deps, pump } = world();
    await openHandoff(
      deps,
      caller(org.nav),
      unemploymentQuestion({
        origin: { botId: 'frida', conversationId: 'c' },
        topic: 'snow-clearing',
        context: { summary: { text: 'Road not cleared', containsPersonalData: false }, attributes: { municipalityNumber: '5001' } },
      }),
    );
    await pump();
    const inbox = await listInbox(deps, caller(org.trondheim), {});
    expect(inbox.items).toHaveLength(1);
    expect(inbox.items[0]).toMatchObject({ status: 'offered', context: { summary: { text: 'Road not cleared' } } });
    expect((await listInbox(deps, caller(org.bergen), {})).items).toHaveLength(0);
  });

  it('puts an offer for a bot on its agency’s own bus without the content, the same delivery id on a repeat, and sends no webhook', async () => {
    const busArn = 'arn:aws:events:eu-north-1:111122223333:event-bus/frida';
    const { deps: base, store } = domainWorld({ webhooks: { [`${org.nav}/frida`]: busArn, [`${org.oslo}/kommune-kari`]: 'https://kari.example/webhook' } });
    const sender = new RecordingSender();
    const deps = { ...base, webhooks: sender };
    const { id } = await openHandoff(
      deps,
      caller(org.oslo),
      unemploymentQuestion({ citizen: { nationalId: syntheticNationalId }, consent: { shareTranscript: true, shareIdentity: true } }),
    );
    const offered = store.table.transitions.find((transition) => transition.to === 'offered')!;
    expect(await dispatchTransition(deps, offered)).toEqual({ offer: 'on-agency-bus', notice: 'nobody', queueNotice: 'nobody' });
    await dispatchTransition(deps, offered);
    const events = deps.agencyBus.events;
    expect(events).toHaveLength(2);
    expect(events[0]).toEqual(events[1]);
    expect(events[0]).toMatchObject({
      type: 'handoff.offered',
      recipient: { kind: 'bot', orgNumber: org.nav, botId: 'frida' },
      data: { handoff: { id, status: 'offered', context: null } },
    });
    expect(JSON.stringify(events)).not.toContain(syntheticNationalId);
    expect(sender.deliveries).toEqual([]);
    // What the bus withheld, the bot reads with its own token.
    expect((await readHandoff(deps, caller(org.nav), id)).citizen?.nationalId).toBe(syntheticNationalId);
  });
});

describe('deadlines', () => {
  it('expires an unanswered offer when its time is up and falls back when nobody else is left', async () => {
    const { deps, open, pump, clock, store } = world();
    const { id } = await open(unemploymentQuestion({ target: { kind: 'bot', orgNumber: org.nav, botId: 'frida' } }));
    await pump();
    clock.advance(119);
    expect(await sweepOverdue(deps)).toEqual({ moved: 0, skipped: 0 });
    clock.advance(1);
    expect(await sweepOverdue(deps)).toEqual({ moved: 1, skipped: 0 });
    await pump();
    expect(await store.get(id)).toMatchObject({ status: 'fallback', statusReason: 'offer_expired', deadline: null });
  });

  it('offers, when its deadline passes, a handoff an earlier version stored as routed to a bot', async () => {
    const { deps, open, pump, clock, store, sender } = world();
    const { id } = await open(unemploymentQuestion({ target: { kind: 'bot', orgNumber: org.nav, botId: 'frida' } }));
    // As an earlier version stored it: routed, its offer left to the dispatcher's `routed` event, which no rule wakes now.
    const stored = store.table.handoffs.get(id)!;
    store.table.handoffs.set(id, { ...stored, status: 'routed', seq: stored.seq - 1 });
    store.table.transitions.splice(
      store.table.transitions.findIndex((entry) => entry.handoffId === id && entry.to === 'offered'),
      1,
    );
    await pump();
    expect(sender.deliveries).toHaveLength(0);
    clock.advance(120);
    expect(await sweepOverdue(deps)).toEqual({ moved: 1, skipped: 0 });
    await pump();
    expect(await store.get(id)).toMatchObject({ status: 'offered', deadline: new Date(clock.now().getTime() + 120_000).toISOString() });
    expect(sender.deliveries.map((delivery) => pushTypeOf(delivery))).toEqual(['handoff.offered']);
  });

  it('closes an accepted conversation that stays idle past its deadline', async () => {
    const { deps, open, pump, clock, store } = world();
    const { id } = await open();
    await pump();
    await actOnHandoff(deps, caller(org.nav), id, { kind: 'accept' });
    clock.advance(3600);
    await sweepOverdue(deps);
    expect(await store.get(id)).toMatchObject({ status: 'completed', statusReason: 'inactivity' });
  });
});

describe('notices to the origin', () => {
  it('tells the origin when the broker moves its citizen later (reroute, queue closing, callback due), not what it already answered', () => {
    const origin = { kind: 'bot' as const, orgNumber: org.oslo, botId: 'kommune-kari' };
    const notice = (from: string, to: string) => recipientOf({ from, to, assignee: null } as never, origin);
    expect(notice('requested', 'routed')).toBeNull();
    expect(notice('requested', 'queued')).toBeNull();
    expect(notice('declined', 'routed')).toEqual(origin);
    expect(notice('queued', 'callback_scheduled')).toEqual(origin);
    expect(notice('callback_scheduled', 'queued')).toEqual(origin);
  });
});
