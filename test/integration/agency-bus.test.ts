import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agencyBusEvents, agencyBusSource, type AgencyBusEvent, type HandoffMessageEvent, type HandoffOfferedEvent } from '#contracts/agency-bus';
import type { HandoffStatusChangedWebhook } from '#contracts/webhooks';
import type { BusEvent } from '#local/event-bus';
import { org, syntheticNationalId, testDirectory, unemploymentQuestion } from '../support/fixtures.ts';
import { startRecordingBot, type RecordingBot } from '../support/recording-bot.ts';
import { contractAjv } from '../support/json-schema.ts';
import { eventually, startTestRuntime, type TestRuntime } from '../support/test-runtime.ts';

/** The published JSON Schema of each event, as an agency's own tooling (a schema registry, a consumer's validator) reads it. */
const ajv = contractAjv();
const publishedSchema = (detailType: string) => {
  const id = agencyBusEvents[detailType as keyof typeof agencyBusEvents].meta()!.id!;
  if (!ajv.getSchema(id)) ajv.addSchema(JSON.parse(readFileSync(new URL(`../../contracts/schemas/${id}.schema.json`, import.meta.url), 'utf8')), id);
  return ajv.getSchema(id)!;
};

const kariPath = `/bots/${org.oslo}/kommune-kari/webhook`;
/** NAV's two accounts' buses: Frida's, and the work queue's case system's. */
const fridaBus = 'arn:aws:events:eu-north-1:111122223333:event-bus/frida-handoffs';
const workQueueBus = 'arn:aws:events:eu-north-1:444455556666:event-bus/nav-work-queue';
/** Frida's reserve, at the same agency, on a bus of its own: a rule that matched the agency alone would fill it. */
const reserveBus = 'arn:aws:events:eu-north-1:111122223333:event-bus/frida-reserve-handoffs';

/**
 * Delivery onto an agency's own EventBridge bus, on the embedded runtime:
 * the dispatcher puts each delivery on the broker's bus, the directory's rule
 * forwards it to a second local bus (the agency's account), and the agency
 * reads the content it needs with its token.
 */
describe('delivery onto an agency’s own event bus', () => {
  let bots: RecordingBot;
  let broker: TestRuntime;
  const citizenWords = 'Jeg mistet jobben i går og lurer på dagpenger.';

  beforeAll(async () => {
    bots = await startRecordingBot();
    broker = await startTestRuntime(
      testDirectory({
        [`${org.oslo}/kommune-kari`]: `${bots.url}${kariPath}`,
        [`${org.nav}/frida`]: fridaBus,
        [`${org.nav}/queue/work`]: workQueueBus,
        [`${org.nav}/frida-reserve`]: reserveBus,
      }),
    );
  });

  afterAll(async () => {
    await broker?.stop();
    await bots?.stop();
  });

  const on = (busArn: string, handoffId: string) =>
    broker.agencyBuses.received(busArn).filter((event) => (event.detail as AgencyBusEvent).data && JSON.stringify(event.detail).includes(handoffId));
  const toKari = () => bots.verifiedFor(kariPath, broker.secrets[`${org.oslo}/kommune-kari`]!) as HandoffStatusChangedWebhook[];

  /** Every event an agency bus received is one of the contract's, under the delivery source, and carries nothing personal. */
  const expectWellFormed = (events: readonly BusEvent[], ...secrets: string[]) => {
    for (const event of events) {
      expect(event.source).toBe(agencyBusSource);
      const schema = agencyBusEvents[event['detail-type'] as keyof typeof agencyBusEvents];
      expect(schema, event['detail-type']).toBeDefined();
      expect(schema.safeParse(event.detail).error).toBeUndefined();
      const validate = publishedSchema(event['detail-type']);
      expect(validate(event.detail), JSON.stringify(validate.errors)).toBe(true);
      for (const secret of secrets) expect(JSON.stringify(event)).not.toContain(secret);
    }
  };

  it('offers to a bot on its own bus without the content, which the bot then reads with its token; messages and closing follow the same way', async () => {
    const kari = broker.as(org.oslo);
    const request = unemploymentQuestion({
      citizen: { nationalId: syntheticNationalId },
      consent: { shareTranscript: true, shareIdentity: true, reference: 'consent-42' },
    });
    const created = await kari.createHandoff({ body: request });
    expect(created.assignee).toMatchObject({ kind: 'bot', botId: 'frida' });

    const offered = await eventually(() => {
      const [event] = on(fridaBus, created.id);
      expect(event?.['detail-type']).toBe('handoff.offered');
      return event!.detail as HandoffOfferedEvent;
    });
    expect(offered).toMatchObject({
      schemaVersion: 1,
      recipient: { kind: 'bot', orgNumber: org.nav, botId: 'frida' },
      type: 'handoff.offered',
      data: { handoff: { id: created.id, status: 'offered', context: null, topic: 'unemployment-benefit' } },
    });
    expect(offered.id).toMatch(new RegExp(`^msg_${created.id}_`));
    expect(Date.parse(offered.data.respondBy)).toBeGreaterThan(Date.now());

    // The claim check: Frida reads what the citizen consented to share, with NAV's token.
    const frida = broker.as(org.nav);
    const read = await frida.getHandoff({ params: { id: created.id } });
    expect(read.context).toEqual(request.context);
    expect(read.citizen?.nationalId).toBe(syntheticNationalId);

    await frida.acceptHandoff({ params: { id: created.id }, body: {} });
    await eventually(() =>
      expect(toKari().some((payload) => payload.data?.handoff?.id === created.id && payload.data.transition.to === 'accepted')).toBe(true),
    );

    // The citizen writes through Kari: Frida's bus hears of a message, without its words, and Frida reads them.
    const posted = await kari.postMessage({ params: { id: created.id }, body: { text: citizenWords } });
    const notice = await eventually(() => {
      const event = on(fridaBus, created.id).find((candidate) => candidate['detail-type'] === 'handoff.message');
      expect(event).toBeDefined();
      return event!.detail as HandoffMessageEvent;
    });
    expect(notice.data.message).toEqual({ id: posted.id, handoffId: created.id, from: 'citizen', orgNumber: org.oslo, adviserName: null, at: posted.at });
    const messages = await frida.listMessages({ params: { id: created.id } });
    expect(messages.items.map((message) => message.text)).toEqual([citizenWords]);

    await frida.completeHandoff({ params: { id: created.id }, body: { resolution: 'resolved' } });
    await eventually(() =>
      expect(toKari().some((payload) => payload.data?.handoff?.id === created.id && payload.data.transition.to === 'completed')).toBe(true),
    );
    await broker.settle();

    // Frida's bus had the offer and the message; the status changes went to Kari, whose news they were.
    const received = on(fridaBus, created.id);
    expect(received.map((event) => event['detail-type'])).toEqual(['handoff.offered', 'handoff.message']);
    expectWellFormed(received, syntheticNationalId, citizenWords, request.context.summary.text);
    // The broker's own bus carried the same deliveries on their way, equally without content.
    const onBrokerBus = broker.bus.archive.filter((event) => event.source === agencyBusSource && JSON.stringify(event.detail).includes(created.id));
    expect(onBrokerBus.map((event) => event['detail-type'])).toEqual(['handoff.offered', 'handoff.message']);
    expectWellFormed(onBrokerBus, syntheticNationalId, citizenWords, request.context.summary.text);
    expect(on(workQueueBus, created.id)).toEqual([]);
    expect(on(reserveBus, created.id)).toEqual([]);
  });

  it('tells a bot on its bus when the origin withdraws the offer it holds', async () => {
    const kari = broker.as(org.oslo);
    const created = await kari.createHandoff({ body: unemploymentQuestion() });
    await eventually(() => expect(on(fridaBus, created.id)).toHaveLength(1));
    await kari.cancelHandoff({ params: { id: created.id }, body: { reason: 'citizen_left' } });
    const withdrawn = await eventually(() => {
      const event = on(fridaBus, created.id).find((candidate) => candidate['detail-type'] === 'handoff.status_changed');
      expect(event).toBeDefined();
      return event!.detail as AgencyBusEvent;
    });
    expect(withdrawn).toMatchObject({ type: 'handoff.status_changed', data: { transition: { from: 'offered', to: 'cancelled' }, handoff: { context: null } } });
    expectWellFormed(on(fridaBus, created.id));
  });

  it('lets a human queue’s case system follow its queue on its own bus, while the adviser works in the desk', async () => {
    const kari = broker.as(org.oslo);
    const request = unemploymentQuestion({ target: { kind: 'human' }, reason: 'complex_case' });
    const created = await kari.createHandoff({ body: request });
    expect(created).toMatchObject({ status: 'queued', assignee: { kind: 'queue', queueId: 'work' } });

    const ana = broker.asStaff(org.nav, 'nav-ana');
    await ana.deskAccept({ params: { id: created.id }, body: {} });
    await ana.deskComplete({ params: { id: created.id }, body: { resolution: 'resolved' } });

    const changes = await eventually(() => {
      const events = on(workQueueBus, created.id);
      expect(events).toHaveLength(3);
      return events.map((event) => event.detail as AgencyBusEvent);
    });
    expect(changes.map((event) => event.type === 'handoff.status_changed' && [event.data.transition.from, event.data.transition.to])).toEqual([
      ['requested', 'queued'],
      ['queued', 'accepted'],
      ['accepted', 'completed'],
    ]);
    expect(changes.every((event) => event.recipient.kind === 'queue' && event.recipient.queueId === 'work')).toBe(true);
    expectWellFormed(on(workQueueBus, created.id), request.context.summary.text);
    // Frida, on a bus of her own in another account, heard nothing of it.
    expect(on(fridaBus, created.id)).toEqual([]);
  });
});
