import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrokerProblem, eachItem } from '@handoff-broker/client';
import type { HandoffOfferedWebhook } from '#contracts/webhooks';
import { buildingPermitQuestion, org, testDirectory } from '../support/fixtures.ts';
import { startRecordingBot, type RecordingBot } from '../support/recording-bot.ts';
import { eventually, startTestRuntime, type TestRuntime } from '../support/test-runtime.ts';

describe('Story 2: the welfare bot hands a building-permit question to the citizen’s own municipality', () => {
  let bots: RecordingBot;
  let broker: TestRuntime;
  const paths = {
    oslo: `/bots/${org.oslo}/kommune-kari/webhook`,
    bergen: `/bots/${org.bergen}/kommune-kari/webhook`,
  };

  beforeAll(async () => {
    bots = await startRecordingBot();
    broker = await startTestRuntime(
      testDirectory({
        [`${org.oslo}/kommune-kari`]: `${bots.url}${paths.oslo}`,
        [`${org.bergen}/kommune-kari`]: `${bots.url}${paths.bergen}`,
        // Trondheim's bot has no webhook: it reads its inbox.
      }),
    );
  });

  afterAll(async () => {
    await broker?.stop();
    await bots?.stop();
  });

  it('chooses Bergen by municipality number, and only Bergen’s bot hears of it; without consent only the summary crosses', async () => {
    const created = await broker.as(org.nav).createHandoff({ body: buildingPermitQuestion('4601') });
    expect(created.assignee).toMatchObject({ orgNumber: org.bergen, agencyName: 'Bergen kommune' });

    const offers = await eventually(() => {
      const received = bots.verifiedFor(paths.bergen, broker.secrets[`${org.bergen}/kommune-kari`]!) as HandoffOfferedWebhook[];
      expect(received).toHaveLength(1);
      return received;
    });
    expect(offers[0]!.data.handoff.context).toEqual({
      summary: { text: 'Wants to build a garage and asks whether it needs a permit.', containsPersonalData: false },
      attributes: { municipalityNumber: '4601' },
    });
    await broker.settle();
    expect(bots.received.filter((webhook) => webhook.path === paths.oslo)).toHaveLength(0);
  });

  it('leaves the offer in the inbox of a municipality that polls, where its bot accepts it', async () => {
    const created = await broker.as(org.nav).createHandoff({ body: buildingPermitQuestion('5001') });
    expect(created.assignee).toMatchObject({ orgNumber: org.trondheim, botId: 'tk-assistent' });

    const trondheim = broker.as(org.trondheim);
    const inbox = await eventually(async () => {
      const page = await trondheim.listInbox({});
      expect(page.items.map((item) => item.id)).toContain(created.id);
      return page;
    });
    expect(inbox.items.find((item) => item.id === created.id)).toMatchObject({ status: 'offered', context: { attributes: { municipalityNumber: '5001' } } });
    expect((await broker.as(org.bergen).listInbox({})).items.map((item) => item.id)).not.toContain(created.id);

    await trondheim.acceptHandoff({ params: { id: created.id }, body: {} });
    expect((await trondheim.listInbox({})).items.map((item) => item.id)).not.toContain(created.id);
  });

  it('pages through a long inbox with cursors and refuses a cursor from someone else’s inbox', async () => {
    const trondheim = broker.as(org.trondheim);
    const ids = await Promise.all([1, 2, 3].map(async () => (await broker.as(org.nav).createHandoff({ body: buildingPermitQuestion('5001') })).id));
    await eventually(async () => expect((await trondheim.listInbox({ query: { limit: 100 } })).items.length).toBeGreaterThanOrEqual(3));
    const first = await trondheim.listInbox({ query: { limit: 2 } });
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await trondheim.listInbox({ query: { limit: 2, cursor: first.nextCursor! } });
    expect([...first.items, ...second.items].map((item) => item.id)).toEqual(expect.arrayContaining(ids));
    // The client package's helper follows the cursors to the end: every offer once, one page at a time.
    const everyOffer = [];
    for await (const offer of eachItem(trondheim, 'listInbox', { query: { limit: 1 } })) everyOffer.push(offer.id);
    expect(everyOffer).toEqual(expect.arrayContaining(ids));
    expect(new Set(everyOffer).size).toBe(everyOffer.length);

    const foreign = await broker
      .as(org.bergen)
      .listInbox({ query: { cursor: first.nextCursor! } })
      .catch((error: unknown) => error);
    expect(foreign).toBeInstanceOf(BrokerProblem);
    expect((foreign as BrokerProblem).problem).toMatchObject({ status: 400, code: 'malformed-request', errors: [{ in: 'query', field: 'cursor' }] });
  });

  it('asks for the municipality number when it is missing, and has no route to a municipality outside the directory', async () => {
    const { attributes: _attributes, ...withoutAttributes } = buildingPermitQuestion('4601').context;
    const missing = await broker
      .as(org.nav)
      .createHandoff({ body: { ...buildingPermitQuestion('4601'), context: withoutAttributes } })
      .then(
        () => undefined,
        (error: unknown) => error as BrokerProblem,
      );
    expect(missing?.problem).toMatchObject({
      status: 422,
      code: 'validation-failed',
      errors: [{ field: 'context.attributes.municipalityNumber', pointer: '/context/attributes/municipalityNumber' }],
    });
    const unknown = await broker
      .as(org.nav)
      .createHandoff({ body: buildingPermitQuestion('9999') })
      .then(
        () => undefined,
        (error: unknown) => error as BrokerProblem,
      );
    expect(unknown?.problem).toMatchObject({ status: 422, code: 'no-route', errors: [{ field: 'context.attributes.municipalityNumber' }] });
  });
});
