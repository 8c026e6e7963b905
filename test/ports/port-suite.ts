import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { TransferSummary } from '#contracts/audit';
import type { CreateHandoffRequest } from '#contracts/handoff';
import { IdempotencyReplay, InvalidCursor, VersionConflict } from '#domain/errors';
import { changeOf, move, type Change } from '#domain/handoff-lifecycle';
import { actorFor, queueRef, type HandoffContent } from '#domain/handoff';
import type { DeadLetter, HandoffStore, StoredMessage } from '#domain/ports';
import { openHandoff } from '#domain/use-cases/open-handoff';
import { recentAcceptsKept } from '#adapters/handoff-items';
import { adviser, domainWorld, partner } from '../support/domain-world.ts';
import { org, unemploymentQuestion } from '../support/fixtures.ts';

const settings = { offerTimeoutSeconds: 120, acceptedTimeoutSeconds: 3600 };

/**
 * A handoff exactly as the use case would store it: opened in a twin world
 * (with a fresh id, so stores that share a table never collide), then handed
 * to the store under test. `minutesLater` moves its clock, for ordering.
 */
async function sampleHandoff(request: Partial<CreateHandoffRequest> = {}, minutesLater = 0): Promise<{ change: Change; content: HandoffContent }> {
  const world = domainWorld();
  world.deps.newId = () => randomUUID();
  world.clock.advance(minutesLater * 60);
  const view = await openHandoff(world.deps, partner(org.oslo), unemploymentQuestion(request));
  return {
    change: { expectedVersion: 0, handoff: world.store.table.handoffs.get(view.id)!, transitions: world.store.table.timelineOf(view.id) },
    content: world.store.table.contents.get(view.id)!,
  };
}

const later = (at: string, seconds: number) => new Date(Date.parse(at) + seconds * 1000).toISOString();

/** NAV's bot accepts an offered handoff. */
const accepted = (change: Change) => {
  const at = later(change.handoff.updatedAt, 30);
  return move(changeOf(change.handoff), { to: 'accepted', actor: actorFor(partner(org.nav), 'target', 'frida'), at }, settings);
};

const claim = (key = randomUUID()) => ({ scope: org.oslo, key, requestHash: 'hash-of-the-request' });

/**
 * The port suite: one set of tests every adapter of the store's ports must
 * pass, run against the in-memory twin and against DynamoDB Local, so the twin
 * the use-case tests rely on cannot drift from the real store.
 */
export function describeStorePorts(name: string, storeFor: () => HandoffStore) {
  describe(`${name}: sessions`, () => {
    it('stores a new handoff with its content and timeline, and refuses a second one with the same id', async () => {
      const store = storeFor();
      const { change, content } = await sampleHandoff();
      await store.create(change, content);
      expect(await store.get(change.handoff.id)).toEqual(change.handoff);
      expect(await store.getContent(change.handoff.id)).toEqual(content);
      expect(await store.getWithContent(change.handoff.id)).toEqual({ handoff: change.handoff, content });
      expect(await store.getWithContent(randomUUID())).toBeUndefined();
      expect((await store.timeline(change.handoff.id)).map((entry) => entry.to)).toEqual(['requested', 'routed', 'offered']);
      await expect(store.create(change, content)).rejects.toBeInstanceOf(VersionConflict);
      expect(await store.get(randomUUID())).toBeUndefined();
    });

    it('commits a change only over the version it was made from, and adds its transitions to the timeline', async () => {
      const store = storeFor();
      const { change, content } = await sampleHandoff();
      await store.create(change, content);
      const accept = accepted(change);
      await store.commit(accept);
      await expect(store.commit(accept)).rejects.toBeInstanceOf(VersionConflict);
      expect(await store.get(change.handoff.id)).toMatchObject({ status: 'accepted', version: change.handoff.version + 1 });
      expect((await store.timeline(change.handoff.id)).map((entry) => entry.seq)).toEqual([1, 2, 3, 4]);
    });

    it('merges a content update into the stored content', async () => {
      const store = storeFor();
      const { change, content } = await sampleHandoff();
      await store.create(change, content);
      const returnSummary = { text: 'Applied for unemployment benefit together.', containsPersonalData: false };
      await store.commit(accepted(change), { content: { returnSummary } });
      expect(await store.getContent(change.handoff.id)).toEqual({ ...content, returnSummary });
    });

    it('keeps an Idempotency-Key with the first change that used it, and answers what it answered until the key expires', async () => {
      const store = storeFor();
      const first = await sampleHandoff();
      const twin = await sampleHandoff();
      const key = claim();
      const response = { id: first.change.handoff.id, status: 'offered', note: 'the first answer, ø æ å' };
      await store.create(first.change, first.content, { claim: key, response });
      await expect(store.create(twin.change, twin.content, { claim: key, response: {} })).rejects.toBeInstanceOf(IdempotencyReplay);
      expect(await store.get(twin.change.handoff.id)).toBeUndefined();
      // A commit with a taken key changes nothing either.
      await expect(store.commit(accepted(first.change), { receipt: { claim: key, response: {} } })).rejects.toBeInstanceOf(IdempotencyReplay);
      expect(await store.get(first.change.handoff.id)).toMatchObject({ status: 'offered' });

      const now = new Date(first.change.handoff.updatedAt);
      expect(await store.findReceipt(key.scope, key.key, now)).toEqual({ claim: key, response });
      expect(await store.findReceipt(key.scope, 'another-key', now)).toBeUndefined();
      expect(await store.findReceipt(key.scope, key.key, new Date(now.getTime() + 2 * 86_400_000))).toBeUndefined();
    });

    it('lists the offers waiting for an agency, oldest first, in pages, and refuses a cursor that is not that inbox’s', async () => {
      const store = storeFor();
      // A minute apart, so the order is the test's, not the clock's.
      const stored = [];
      for (const minutes of [0, 1, 2]) {
        const { change, content } = await sampleHandoff({}, 60 * 24 * 365 + minutes);
        await store.create(change, content);
        stored.push(change);
      }
      const ids = stored.map((change) => change.handoff.id);
      // Other tests leave offers in NAV's inbox too: read it whole and look at ours.
      const listed: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await store.inbox(org.nav, { limit: 2, ...(cursor ? { cursor } : {}) });
        listed.push(...page.items.map((handoff) => handoff.id));
        cursor = page.nextCursor ?? undefined;
        pages += 1;
      } while (cursor && pages < 100);
      expect(listed.filter((id) => ids.includes(id))).toEqual(ids);
      expect((await store.inbox(org.oslo, { limit: 50 })).items.map((handoff) => handoff.id)).not.toContain(ids[0]);

      await store.commit(accepted(stored[0]!));
      const after: string[] = [];
      cursor = undefined;
      do {
        const page = await store.inbox(org.nav, { limit: 50, ...(cursor ? { cursor } : {}) });
        after.push(...page.items.map((handoff) => handoff.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(after).not.toContain(ids[0]);

      const navPage = await store.inbox(org.nav, { limit: 1 });
      expect(navPage.nextCursor).not.toBeNull();
      await expect(store.inbox(org.oslo, { limit: 1, cursor: navPage.nextCursor! })).rejects.toBeInstanceOf(InvalidCursor);
      await expect(store.inbox(org.nav, { limit: 1, cursor: 'not-a-cursor' })).rejects.toBeInstanceOf(InvalidCursor);
    });

    it('lists what is due at an instant, earliest deadline first, and nothing before its deadline', async () => {
      const store = storeFor();
      const early = await sampleHandoff({}, -60 * 24 * 365 * 10);
      const late = await sampleHandoff({}, -60 * 24 * 365 * 10 + 1);
      await store.create(late.change, late.content);
      await store.create(early.change, early.content);
      const deadline = early.change.handoff.deadline!;
      const dueAt = (await store.due(later(late.change.handoff.deadline!, 0), 1000)).map((handoff) => handoff.id);
      expect(dueAt.filter((id) => id === early.change.handoff.id || id === late.change.handoff.id)).toEqual([early.change.handoff.id, late.change.handoff.id]);
      expect((await store.due(later(deadline, -1), 1000)).map((handoff) => handoff.id)).not.toContain(early.change.handoff.id);
      expect((await store.due(deadline, 1000)).map((handoff) => handoff.id)).toContain(early.change.handoff.id);
    });

    it('lists a human queue urgent first, then by waiting time, and an adviser’s taken conversations', async () => {
      const store = storeFor();
      const human = { target: { kind: 'human' as const }, reason: 'complex_case' as const };
      const normal = await sampleHandoff(human, 0);
      const urgent = await sampleHandoff({ ...human, reason: 'risk' }, 1);
      await store.create(normal.change, normal.content);
      await store.create(urgent.change, urgent.content);
      const queue = { orgNumber: org.nav, queueId: 'work' };
      const ours = [urgent.change.handoff.id, normal.change.handoff.id];
      const waiting = (await store.queueEntries(queue)).waiting.map((handoff) => handoff.id).filter((id) => ours.includes(id));
      expect(waiting).toEqual(ours);

      const adviserId = `adviser-${randomUUID()}`;
      const taken = move(
        changeOf(normal.change.handoff),
        {
          to: 'accepted',
          actor: actorFor(adviser(org.nav, adviserId), 'target', null),
          at: later(normal.change.handoff.updatedAt, 60),
          set: { assignee: queueRef(org.nav, 'work', adviserId) },
        },
        settings,
      );
      await store.commit(taken);
      expect((await store.adviserConversations(org.nav, adviserId)).map((handoff) => handoff.id)).toEqual([normal.change.handoff.id]);
      expect((await store.queueEntries(queue)).waiting.map((handoff) => handoff.id)).not.toContain(normal.change.handoff.id);
    });

    it('reads the content of several handoffs at once, leaving out those it does not have', async () => {
      const store = storeFor();
      const one = await sampleHandoff();
      const two = await sampleHandoff();
      await store.create(one.change, one.content);
      await store.create(two.change, two.content);
      const found = await store.getContents([one.change.handoff.id, two.change.handoff.id, randomUUID()]);
      expect(found.size).toBe(2);
      expect(found.get(two.change.handoff.id)).toEqual(two.content);
    });
  });

  describe(`${name}: relayed messages`, () => {
    const message = (handoffId: string, id: string, at: string): StoredMessage => ({
      id,
      handoffId,
      from: 'citizen',
      fromRole: 'origin',
      orgNumber: org.oslo,
      adviserId: null,
      text: `message ${id}`,
      at,
    });

    it('keeps messages in id order, pages after a message id, and refuses a taken Idempotency-Key', async () => {
      const store = storeFor();
      const handoffId = randomUUID();
      const at = '2026-11-24T09:00:00.000Z';
      for (const id of ['m-02', 'm-01', 'm-03']) await store.putMessage(message(handoffId, id, at), later(at, 3600));
      expect((await store.messages(handoffId, undefined, 10)).map((kept) => kept.id)).toEqual(['m-01', 'm-02', 'm-03']);
      expect((await store.messages(handoffId, 'm-01', 1)).map((kept) => kept.id)).toEqual(['m-02']);
      expect(await store.getMessage(handoffId, 'm-03')).toEqual(message(handoffId, 'm-03', at));
      expect(await store.getMessage(handoffId, 'm-04')).toBeUndefined();

      const key = claim();
      await store.putMessage(message(handoffId, 'm-04', at), later(at, 3600), { claim: key, response: { id: 'm-04' } });
      await expect(store.putMessage(message(handoffId, 'm-05', at), later(at, 3600), { claim: key, response: {} })).rejects.toBeInstanceOf(IdempotencyReplay);
      expect(await store.getMessage(handoffId, 'm-05')).toBeUndefined();
      expect((await store.findReceipt(key.scope, key.key, new Date(at)))?.response).toEqual({ id: 'm-04' });
    });
  });

  describe(`${name}: queue pace`, () => {
    it('keeps the newest accepts of a queue, oldest first, each handoff once', async () => {
      const store = storeFor();
      const queue = { orgNumber: org.nav, queueId: `queue-${randomUUID()}` };
      const start = Date.parse('2026-11-24T09:00:00.000Z');
      const at = (minute: number) => new Date(start + minute * 60_000).toISOString();
      // Out of order, one repeated: the pace is by time, and a redelivered accept adds nothing.
      for (const minute of [3, 1, 2, 2]) await store.recordAccept(queue, at(minute), `handoff-${minute}`);
      expect(await store.recentAccepts(queue)).toEqual([at(1), at(2), at(3)]);
      for (let minute = 4; minute < recentAcceptsKept + 6; minute += 1) await store.recordAccept(queue, at(minute), `handoff-${minute}`);
      const kept = await store.recentAccepts(queue);
      expect(kept).toHaveLength(recentAcceptsKept);
      expect(kept.at(-1)).toBe(at(recentAcceptsKept + 5));
      expect(await store.recentAccepts({ orgNumber: org.nav, queueId: `queue-${randomUUID()}` })).toEqual([]);
    });
  });

  describe(`${name}: transfer records`, () => {
    const summary = (orgNumber: string, handoffId: string, createdAt: string, status: TransferSummary['status']): TransferSummary => ({
      handoffId,
      direction: orgNumber === org.oslo ? 'out' : 'in',
      createdAt,
      updatedAt: createdAt,
      origin: { orgNumber: org.oslo, agencyName: 'Oslo kommune' },
      receiving: { orgNumber: org.nav, agencyName: 'NAV', kind: 'bot', name: 'Frida' },
      counterpart: orgNumber === org.oslo ? { orgNumber: org.nav, agencyName: 'NAV' } : { orgNumber: org.oslo, agencyName: 'Oslo kommune' },
      topic: 'unemployment-benefit',
      reason: 'out_of_scope',
      language: 'nb',
      priority: 'normal',
      status,
      statusReason: null,
      acceptedAt: null,
      secondsToAccept: null,
      closedAt: null,
      dataShared: ['topic'],
      consentReference: null,
      citizenPseudonym: 'pseudonym',
    });

    it('keeps the record of the newest version, and finds an agency’s records in a period, newest first, filtered, in pages', async () => {
      const store = storeFor();
      // A period of its own (an hour in 2031), so records other tests wrote stay out of it.
      const base = Date.UTC(2031, 0, 1, 10, Math.floor(Math.random() * 50));
      const at = (minute: number) => new Date(base + minute * 60_000).toISOString();
      const ids = [randomUUID(), randomUUID(), randomUUID()];
      for (const [index, id] of ids.entries()) {
        await store.putTransferSummaries(2, [
          { orgNumber: org.oslo, summary: summary(org.oslo, id, at(index), 'offered') },
          { orgNumber: org.nav, summary: summary(org.nav, id, at(index), 'offered') },
        ]);
      }
      await store.putTransferSummaries(3, [{ orgNumber: org.nav, summary: summary(org.nav, ids[0]!, at(0), 'completed') }]);
      // An older version arriving late changes nothing.
      await store.putTransferSummaries(2, [{ orgNumber: org.nav, summary: summary(org.nav, ids[0]!, at(0), 'cancelled') }]);

      const period = { from: at(0), to: at(10), filters: {} };
      const all = await store.searchTransfers(org.nav, { ...period, limit: 10 });
      expect(all.items.map((item) => item.handoffId)).toEqual([...ids].reverse());
      expect(all.items.at(-1)?.status).toBe('completed');
      const completed = await store.searchTransfers(org.nav, { ...period, filters: { outcome: 'completed' }, limit: 10 });
      expect(completed.items.map((item) => item.handoffId)).toEqual([ids[0]]);
      expect((await store.searchTransfers(org.oslo, { ...period, filters: { direction: 'in' }, limit: 10 })).items).toEqual([]);

      const first = await store.searchTransfers(org.nav, { ...period, limit: 2 });
      expect(first.items.map((item) => item.handoffId)).toEqual([ids[2], ids[1]]);
      const second = await store.searchTransfers(org.nav, { ...period, limit: 2, cursor: first.nextCursor! });
      expect(second.items.map((item) => item.handoffId)).toEqual([ids[0]]);
      expect(second.nextCursor).toBeNull();
      await expect(store.searchTransfers(org.oslo, { ...period, limit: 2, cursor: first.nextCursor! })).rejects.toBeInstanceOf(InvalidCursor);
      // The end of the period is not in it.
      expect((await store.searchTransfers(org.nav, { from: at(0), to: at(2), filters: {}, limit: 10 })).items.map((item) => item.handoffId)).toEqual([
        ids[1],
        ids[0],
      ]);
    });
  });

  describe(`${name}: insight counters`, () => {
    it('counts a handoff’s transitions once, from where its mark stands, and reads an agency’s days in a range', async () => {
      const store = storeFor();
      const orgNumber = `9${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
      const handoffId = randomUUID();
      expect(await store.insightsCountedThrough(handoffId)).toBe(0);
      expect(await store.applyInsights(handoffId, { after: 0, through: 2 }, [{ orgNumber, day: '2026-11-24', counters: { total: 1, hour_10: 1 } }])).toBe(true);
      expect(await store.insightsCountedThrough(handoffId)).toBe(2);
      // Delivered again: the mark has moved, nothing is added.
      expect(await store.applyInsights(handoffId, { after: 0, through: 2 }, [{ orgNumber, day: '2026-11-24', counters: { total: 1, hour_10: 1 } }])).toBe(
        false,
      );
      expect(await store.applyInsights(handoffId, { after: 1, through: 3 }, [{ orgNumber, day: '2026-11-24', counters: { total: 5 } }])).toBe(false);
      expect(
        await store.applyInsights(handoffId, { after: 2, through: 4 }, [
          { orgNumber, day: '2026-11-24', counters: { total: 2 } },
          { orgNumber, day: '2026-11-26', counters: { total: 1 } },
        ]),
      ).toBe(true);
      expect(await store.insightsCountedThrough(handoffId)).toBe(4);
      expect(await store.insightDays(orgNumber, '2026-11-24', '2026-11-25')).toEqual([{ day: '2026-11-24', counters: { total: 3, hour_10: 1 } }]);
      expect((await store.insightDays(orgNumber, '2026-11-01', '2026-11-30')).map((day) => day.day)).toEqual(['2026-11-24', '2026-11-26']);
    });

    it('reads for the audit projection a handoff’s state, its timeline in order and its mark at once, and nothing of a handoff not stored', async () => {
      const store = storeFor();
      const { change, content } = await sampleHandoff();
      await store.create(change, content);
      await store.putMessage(
        {
          id: `${change.handoff.createdAt}~0a0b0c0d`,
          handoffId: change.handoff.id,
          from: 'citizen',
          fromRole: 'origin',
          orgNumber: org.oslo,
          adviserId: null,
          text: 'Hei',
          at: change.handoff.createdAt,
        },
        change.handoff.contentExpiresAt,
      );
      const accept = accepted(change);
      await store.commit(accept);
      const fresh = await store.projectionInputs(change.handoff.id);
      expect(fresh).toEqual({ handoff: await store.get(change.handoff.id), timeline: await store.timeline(change.handoff.id), countedThrough: 0 });
      expect(fresh!.timeline.map((transition) => transition.to)).toEqual(['requested', 'routed', 'offered', 'accepted']);
      await store.applyInsights(change.handoff.id, { after: 0, through: 4 }, [{ orgNumber: org.oslo, day: '2026-11-24', counters: { total: 1 } }]);
      expect((await store.projectionInputs(change.handoff.id))!.countedThrough).toBe(4);
      expect(await store.projectionInputs(randomUUID())).toBeUndefined();
    });
  });

  describe(`${name}: dead letters`, () => {
    it('lists an agency’s dead letters newest first, and removes one that was sent again', async () => {
      const store = storeFor();
      const orgNumber = `9${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
      const letter = (minute: number): DeadLetter => ({
        messageId: `msg_${randomUUID()}`,
        handoffId: randomUUID(),
        seq: 3,
        kind: 'offer',
        bot: { kind: 'bot', orgNumber, botId: 'frida' },
        attempts: 4,
        lastError: 'HTTP 503',
        at: new Date(Date.UTC(2026, 10, 24, 9, minute)).toISOString(),
      });
      const letters = [letter(1), letter(3), letter(2)];
      for (const kept of letters) await store.recordDeadLetter(kept);
      expect((await store.deadLetters(orgNumber, 10)).map((kept) => kept.at)).toEqual([letters[1]!.at, letters[2]!.at, letters[0]!.at]);
      expect(await store.deadLetters(orgNumber, 1)).toEqual([letters[1]]);
      await store.removeDeadLetter(letters[1]!);
      expect((await store.deadLetters(orgNumber, 10)).map((kept) => kept.messageId)).toEqual([letters[2]!.messageId, letters[0]!.messageId]);
      expect(await store.deadLetters(org.vegvesen, 10)).toEqual([]);
    });
  });
}
