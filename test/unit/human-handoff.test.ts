import { describe, expect, it } from 'vitest';
import type { CreateHandoffRequest } from '#contracts/handoff';
import { IllegalTransition, InvalidRequest, NotPermitted } from '#domain/errors';
import { actOnHandoff } from '#domain/use-cases/act-on-handoff';
import { deskOverview } from '#domain/use-cases/desk-overview';
import { openHandoff, previewHandoff } from '#domain/use-cases/open-handoff';
import { readHandoff } from '#domain/use-cases/read-handoff';
import { recordQueueAccept } from '#domain/use-cases/record-queue-accept';
import { listMessages, postMessage } from '#domain/use-cases/relay-message';
import { sweepOverdue } from '#domain/use-cases/sweep-overdue';
import { adviser, domainWorld, partner } from '../support/domain-world.ts';
import { laterOpening, navCrisisGuidance, org, unemploymentQuestion } from '../support/fixtures.ts';

const world = () => domainWorld();

/** Story 3: a Romanian-speaking citizen with a complex case asks Kommune-Kari for a person. */
const complexCase = (overrides: Partial<CreateHandoffRequest> = {}): CreateHandoffRequest =>
  unemploymentQuestion({ target: { kind: 'human' }, reason: 'complex_case', language: 'ro', ...overrides });

const withContact = { citizen: { contact: { channel: 'sms' as const, phone: '+47 912 34 567' } } };

describe('human queues', () => {
  it('queues a Romanian-speaking citizen in the queue with Romanian and the topic as skills, and tells the wait', async () => {
    const { deps } = world();
    const view = await openHandoff(deps, partner(org.oslo), complexCase());
    expect(view).toMatchObject({
      status: 'queued',
      priority: 'normal',
      flags: [],
      assignee: { kind: 'queue', orgNumber: org.nav, queueId: 'work', queueName: 'Arbeid', adviserId: null },
      // Six minutes per conversation shared by the two advisers on duty: 180 s for the first in line.
      queue: { position: 1, estimatedWaitSeconds: 180, estimateBasis: 'handling_time' },
      citizenGuidance: {
        handledBy: { kind: 'human', agencyName: 'NAV', name: 'Arbeid' },
        humanAvailableNow: true,
        estimatedWaitSeconds: 180,
        options: ['wait', 'stay_with_bot', 'callback'],
        interpreterNeeded: false,
      },
    });
  });

  it('says an interpreter is needed when no queue for the topic speaks the language', async () => {
    const { deps } = world();
    const view = await openHandoff(deps, partner(org.oslo), complexCase({ topic: 'social-assistance' }));
    expect(view).toMatchObject({
      status: 'queued',
      assignee: { queueId: 'social' },
      flags: ['interpreter_needed'],
      citizenGuidance: { interpreterNeeded: true },
    });
    expect(view.citizenGuidance.message.en).toContain('interpreter');
  });

  it('previews the same answer and creates nothing', async () => {
    const { deps, store } = world();
    const preview = await previewHandoff(deps, partner(org.oslo), complexCase());
    expect(preview).toMatchObject({
      wouldBe: 'queued',
      assignee: { queueId: 'work' },
      queue: { position: 1, estimatedWaitSeconds: 180 },
      citizenGuidance: { humanAvailableNow: true },
    });
    expect(store.table.handoffs.size).toBe(0);
  });

  it('estimates from the queue’s recent pace once advisers have been taking conversations', async () => {
    const { deps, store, clock } = world();
    for (const minutes of [40, 30, 26, 22]) {
      await recordQueueAccept(store, {
        to: 'accepted',
        at: new Date(clock.now().getTime() - minutes * 60_000).toISOString(),
        handoffId: `h${minutes}`,
        assignee: { kind: 'queue', orgNumber: org.nav, queueId: 'work', adviserId: 'nav-ana' },
      } as never);
    }
    await openHandoff(deps, partner(org.oslo), complexCase());
    const second = await openHandoff(deps, partner(org.oslo), complexCase());
    // Gaps of 10, 4 and 4 minutes: a median of 4 minutes per place in the line.
    expect(second.queue).toEqual({ position: 2, estimatedWaitSeconds: 480, estimateBasis: 'recent_accepts' });
  });

  it('puts an urgent handoff at the front of the queue with crisis guidance', async () => {
    const { deps, clock } = world();
    await openHandoff(deps, partner(org.oslo), complexCase());
    clock.advance(60);
    const urgent = await openHandoff(deps, partner(org.oslo), complexCase({ reason: 'risk', language: 'nb' }));
    expect(urgent).toMatchObject({ priority: 'urgent', queue: { position: 1 }, citizenGuidance: { crisis: navCrisisGuidance } });
    expect(urgent.citizenGuidance.message.nb).toContain('113');
    const desk = await deskOverview(deps, adviser(org.nav, 'nav-ana'));
    expect(desk.queues.find((queue) => queue.queueId === 'work')!.waiting.map((item) => item.priority)).toEqual(['urgent', 'normal']);
  });
});

describe('after hours', () => {
  it('schedules a callback at the next opening with the channel the citizen gave', async () => {
    const { deps, clock } = world();
    const view = await openHandoff(deps, partner(org.oslo), complexCase({ topic: 'pension', language: 'nb', ...withContact }));
    expect(view).toMatchObject({
      status: 'callback_scheduled',
      statusReason: 'queue_closed',
      callback: { at: laterOpening(clock.now()).opensAt, channel: 'sms' },
      citizenGuidance: { humanAvailableNow: false, nextOpening: laterOpening(clock.now()).opensAt, options: ['callback', 'stay_with_bot'] },
    });
    expect(view.citizenGuidance.message.nb).toContain('09:00');
  });

  it('asks for a way to reach the citizen when the queue is closed, or when they want a callback', async () => {
    const { deps } = world();
    await expect(openHandoff(deps, partner(org.oslo), complexCase({ topic: 'pension', language: 'nb' }))).rejects.toMatchObject({
      fields: [{ path: ['citizen', 'contact'] }],
    });
    await expect(openHandoff(deps, partner(org.oslo), complexCase({ preference: 'callback' }))).rejects.toThrow(InvalidRequest);
  });

  it('previews a closed queue without a contact: the next opening and the callback option, so the bot knows to ask for a number', async () => {
    const { deps, clock, store } = world();
    const preview = await previewHandoff(deps, partner(org.oslo), complexCase({ topic: 'pension', language: 'nb' }));
    expect(preview).toMatchObject({
      wouldBe: 'callback_scheduled',
      callback: { at: laterOpening(clock.now()).opensAt, channel: null },
      citizenGuidance: { humanAvailableNow: false, nextOpening: laterOpening(clock.now()).opensAt },
    });
    expect(preview.citizenGuidance.options).toContain('callback');
    expect(store.table.handoffs.size).toBe(0);
  });

  it('never drops an urgent handoff: a closed queue gives crisis guidance and a follow-up at the next opening, then the front of the queue', async () => {
    const { deps, clock, store } = world();
    const view = await openHandoff(deps, partner(org.oslo), complexCase({ topic: 'pension', language: 'nb', reason: 'risk' }));
    expect(view).toMatchObject({
      status: 'callback_scheduled',
      priority: 'urgent',
      flags: ['follow_up'],
      callback: { at: laterOpening(clock.now()).opensAt, channel: null },
      citizenGuidance: { crisis: navCrisisGuidance, humanAvailableNow: false },
    });
    clock.set(laterOpening(clock.now()).opensAt);
    await sweepOverdue(deps);
    expect(await store.get(view.id)).toMatchObject({ status: 'queued', statusReason: 'callback_due', priority: 'urgent', flags: ['follow_up'] });
  });

  it('when the queue closes on those still waiting: a callback for those who can be reached, fallback for the others', async () => {
    const { deps, store, clock } = world();
    const reachable = await openHandoff(deps, partner(org.oslo), complexCase(withContact));
    const unreachable = await openHandoff(deps, partner(org.oslo), complexCase());
    // Close the work queue by moving its deadline to now, as the end of its opening would.
    for (const id of [reachable.id, unreachable.id]) {
      const handoff = store.table.handoffs.get(id)!;
      store.table.handoffs.set(id, {
        ...handoff,
        deadline: clock.now().toISOString(),
        assignee: { kind: 'queue', orgNumber: org.nav, queueId: 'pension', adviserId: null },
      });
    }
    await sweepOverdue(deps);
    expect(await store.get(reachable.id)).toMatchObject({ status: 'callback_scheduled', callback: { at: laterOpening(clock.now()).opensAt, channel: 'sms' } });
    expect(await store.get(unreachable.id)).toMatchObject({ status: 'fallback', statusReason: 'queue_closed' });
  });
});

describe('advisers', () => {
  it('lets exactly one of two advisers take a conversation', async () => {
    const { deps, store } = world();
    const { id } = await openHandoff(deps, partner(org.oslo), complexCase({ language: 'nb' }));
    const results = await Promise.allSettled([
      actOnHandoff(deps, adviser(org.nav, 'nav-ana'), id, { kind: 'accept' }),
      actOnHandoff(deps, adviser(org.nav, 'nav-ionut'), id, { kind: 'accept' }),
    ]);
    const winners = results.filter((result) => result.status === 'fulfilled');
    expect(winners).toHaveLength(1);
    expect(results.find((result) => result.status === 'rejected')).toMatchObject({ reason: expect.any(IllegalTransition) });
    const stored = await store.get(id);
    expect(stored!.assignee).toMatchObject({ kind: 'queue', adviserId: expect.stringMatching(/^nav-(ana|ionut)$/) });
  });

  it('keeps a conversation with the adviser who took it, and away from advisers of other queues', async () => {
    const { deps } = world();
    const { id } = await openHandoff(deps, partner(org.oslo), complexCase({ topic: 'social-assistance', language: 'nb' }));
    await expect(actOnHandoff(deps, adviser(org.nav, 'nav-ionut'), id, { kind: 'accept' })).rejects.toThrow('no handoff');
    await expect(readHandoff(deps, adviser(org.nav, 'nav-ionut'), id)).rejects.toThrow('no handoff');
    await actOnHandoff(deps, adviser(org.nav, 'nav-ana'), id, { kind: 'accept' });
    await expect(actOnHandoff(deps, adviser(org.oslo, 'oslo-per'), id, { kind: 'complete', resolution: 'resolved' })).rejects.toThrow('no handoff');
    const taken = await readHandoff(deps, adviser(org.nav, 'nav-ana'), id);
    expect(taken).toMatchObject({
      status: 'accepted',
      assignee: { adviserId: 'nav-ana', adviserName: 'Ana Berg' },
      citizenGuidance: { handledBy: { kind: 'human', name: 'Ana Berg' } },
    });
    expect(taken.context?.transcript).toHaveLength(3);
  });

  it('relays messages both ways while the conversation is with the adviser, and not after it ends', async () => {
    const { deps, clock } = world();
    const { id } = await openHandoff(deps, partner(org.oslo), complexCase({ language: 'nb' }));
    const fromCitizen = await postMessage(deps, partner(org.oslo), id, { text: 'Er det noen der?' });
    await actOnHandoff(deps, adviser(org.nav, 'nav-ana'), id, { kind: 'accept' });
    clock.advance(1);
    const fromAdviser = await postMessage(deps, adviser(org.nav, 'nav-ana'), id, { text: 'Hei, jeg heter Ana.' });
    expect(fromCitizen).toMatchObject({ from: 'citizen', orgNumber: org.oslo, adviserName: null });
    expect(fromAdviser).toMatchObject({ from: 'adviser', orgNumber: org.nav, adviserName: 'Ana Berg' });
    expect((await listMessages(deps, partner(org.oslo), id)).items.map((message) => message.text)).toEqual(['Er det noen der?', 'Hei, jeg heter Ana.']);
    expect((await listMessages(deps, adviser(org.nav, 'nav-ana'), id, fromCitizen.id)).items.map((message) => message.text)).toEqual(['Hei, jeg heter Ana.']);
    await actOnHandoff(deps, adviser(org.nav, 'nav-ana'), id, {
      kind: 'return',
      summary: { text: 'Explained how to apply; the bot can carry on.', containsPersonalData: false },
    });
    await expect(postMessage(deps, partner(org.oslo), id, { text: 'Takk!' })).rejects.toMatchObject({ code: 'illegal-transition' });
    expect((await readHandoff(deps, partner(org.oslo), id)).returnSummary?.text).toContain('carry on');
  });

  it('shows the adviser their queues, waiting and scheduled conversations, and their own', async () => {
    const { deps } = world();
    const waiting = await openHandoff(deps, partner(org.oslo), complexCase({ language: 'nb' }));
    const scheduled = await openHandoff(deps, partner(org.oslo), complexCase({ topic: 'pension', language: 'nb', ...withContact }));
    const mine = await openHandoff(deps, partner(org.oslo), complexCase({ language: 'nb' }));
    await actOnHandoff(deps, adviser(org.nav, 'nav-ana'), mine.id, { kind: 'accept' });
    const desk = await deskOverview(deps, adviser(org.nav, 'nav-ana'));
    expect(desk.adviser).toMatchObject({ id: 'nav-ana', name: 'Ana Berg', agencyName: 'NAV' });
    expect(desk.queues.map((queue) => [queue.queueId, queue.open])).toEqual([
      ['work', true],
      ['social', true],
      ['pension', false],
    ]);
    expect(desk.queues[0]!.waiting.map((item) => item.id)).toEqual([waiting.id]);
    expect(desk.queues[2]!.scheduled.map((item) => item.id)).toEqual([scheduled.id]);
    expect(desk.mine.map((item) => item.id)).toEqual([mine.id]);
    await expect(deskOverview(deps, partner(org.nav))).rejects.toThrow(NotPermitted);
  });

  it('gives the callback contact to the human queue, never to a bot, and records it as shared', async () => {
    const { deps, store } = world();
    const human = await openHandoff(deps, partner(org.oslo), complexCase({ topic: 'pension', language: 'nb', ...withContact }));
    expect((await readHandoff(deps, adviser(org.nav, 'nav-ana'), human.id)).citizen?.contact).toEqual(withContact.citizen.contact);
    expect(store.table.timelineOf(human.id).find((entry) => entry.to === 'callback_scheduled')?.dataShared).toContain('contact');
    const bot = await openHandoff(deps, partner(org.oslo), unemploymentQuestion(withContact));
    expect((await readHandoff(deps, partner(org.nav), bot.id)).citizen).toBeUndefined();
    expect((await readHandoff(deps, partner(org.oslo), bot.id)).citizen?.contact).toEqual(withContact.citizen.contact);
  });

  it('answers a handoff about risk that cannot be made with crisis guidance all the same', async () => {
    const { deps } = world();
    const refused = await openHandoff(
      deps,
      partner(org.oslo),
      complexCase({
        reason: 'risk',
        target: { kind: 'human', orgNumber: org.bergen },
        topic: 'kindergarten',
        context: { summary: { text: 'Writes about self-harm.', containsPersonalData: false }, attributes: { municipalityNumber: '4601' } },
      }),
    ).catch((error: unknown) => error);
    expect(refused).toMatchObject({
      code: 'no-route',
      extensions: { crisis: expect.objectContaining({ contacts: expect.arrayContaining([expect.objectContaining({ phone: '113' })]) }) },
    });
  });

  it('stops showing content once its retention is over, while the handoff stays readable', async () => {
    const { deps, clock } = world();
    const { id } = await openHandoff(deps, partner(org.oslo), complexCase({ language: 'nb' }));
    await postMessage(deps, partner(org.oslo), id, { text: 'Hei' });
    clock.advance(2 * 86_400 + 1);
    const later = await readHandoff(deps, partner(org.oslo), id);
    expect(later).toMatchObject({ id, context: null });
    expect((await listMessages(deps, partner(org.oslo), id)).items).toEqual([]);
  });
});
