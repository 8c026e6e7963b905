import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreateHandoffRequest } from '#contracts/handoff';
import { org, testDirectory, unemploymentQuestion } from '../support/fixtures.ts';
import { holdsAny, identityNumbers, spellings, type IdentityKind } from '../support/identity-numbers.ts';
import { startRecordingBot, type RecordingBot } from '../support/recording-bot.ts';
import { eventually, startTestRuntime, type TestRuntime } from '../support/test-runtime.ts';

const kinds: IdentityKind[] = ['fødselsnummer', 'D-number', 'H-number', 'synthetic'];
const spellingNames = Object.keys(spellings);

/**
 * Identity numbers planted in every free-text field of handoffs whose citizen
 * did not consent to share their identity, and in one that did: afterwards the
 * numbers are searched for in every place they could leak to.
 */
describe('identity numbers stay where the citizen’s consent allows', () => {
  let bots: RecordingBot;
  let broker: TestRuntime;
  const logged: string[] = [];
  const writeStdout = process.stdout.write.bind(process.stdout);
  const writeStderr = process.stderr.write.bind(process.stderr);
  /** Every number planted without consent, and the one shared with consent. */
  const withoutConsent: string[] = [];
  let consented = '';
  const ids: { id: string; consent: boolean }[] = [];

  beforeAll(async () => {
    // Every log line the handlers write, at the most talkative level.
    const capture = (write: typeof writeStdout) =>
      ((chunk: string | Uint8Array, ...rest: unknown[]) => {
        logged.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
        return (write as (...args: unknown[]) => boolean)(chunk, ...rest);
      }) as typeof process.stdout.write;
    process.stdout.write = capture(writeStdout);
    process.stderr.write = capture(writeStderr);
    bots = await startRecordingBot();
    broker = await startTestRuntime(testDirectory({ [`${org.nav}/frida`]: `${bots.url}/frida`, [`${org.oslo}/kommune-kari`]: `${bots.url}/kari` }), {
      environment: { LOG_LEVEL: 'DEBUG' },
    });
  });

  afterAll(async () => {
    process.stdout.write = writeStdout;
    process.stderr.write = writeStderr;
    await broker?.stop();
    await bots?.stop();
  });

  /** One handoff's whole life, with `plant` written into every free-text field the parties fill in. */
  async function lifecycle(request: CreateHandoffRequest, plant: string) {
    const kari = broker.as(org.oslo);
    const nav = broker.as(org.nav);
    const created = await kari.createHandoff({ body: request });
    await eventually(async () => expect((await nav.getHandoff({ params: { id: created.id } })).status).toBe('offered'));
    await nav.acceptHandoff({ params: { id: created.id }, body: {} });
    await kari.postMessage({ params: { id: created.id }, body: { text: `Mitt nummer er ${plant}, kan dere sjekke?` } });
    await nav.postMessage({ params: { id: created.id }, body: { text: `Takk, vi har notert ${plant}.`, from: 'bot' } });
    await nav.returnHandoff({
      params: { id: created.id },
      body: { summary: { text: `Checked the case of ${plant}; hand back to the municipality.`, containsPersonalData: true } },
    });
    return created;
  }

  it('plants fødselsnummer, D-, H- and synthetic numbers in every spelling without consent: they never cross, and the origin is told how many were taken out', async () => {
    let spellingIndex = 0;
    for (const kind of kinds) {
      // Four of each kind: sixteen handoffs, so every spelling is planted at least once.
      for (const number of identityNumbers(kind, 4)) {
        const spell = spellings[spellingNames[spellingIndex++ % spellingNames.length]!]!;
        const plant = spell(number);
        withoutConsent.push(number);
        const request = unemploymentQuestion({
          context: {
            summary: { text: `Citizen ${plant} lost their job`, containsPersonalData: true },
            transcript: [
              { from: 'citizen', text: `fødselsnummeret mitt er ${plant}`, at: '2026-11-24T08:00:00Z' },
              { from: 'bot', text: 'Takk! Jeg sender deg videre.', at: '2026-11-24T08:00:05Z' },
            ],
          },
        });
        const created = await lifecycle(request, plant);
        expect(created.sharing, `${kind} ${plant}`).toEqual({ categories: ['topic', 'summary', 'transcript'], identityNumbersRemoved: 2 });
        ids.push({ id: created.id, consent: false });
      }
    }
  });

  it('lets a number cross where the citizen consented, and only to the parties', async () => {
    consented = identityNumbers('fødselsnummer', 5)[4]!;
    const created = await lifecycle(
      unemploymentQuestion({ consent: { shareTranscript: true, shareIdentity: true, reference: 'consent-id' }, citizen: { nationalId: consented! } }),
      consented!,
    );
    ids.push({ id: created.id, consent: true });
    await broker.settle();
    // The receiving bot got it: the search below would see it if it leaked anywhere else.
    expect(
      holdsAny(
        bots.received
          .filter((webhook) => webhook.path === '/frida')
          .map((webhook) => webhook.body)
          .join('\n'),
        [consented!],
      ),
    ).toEqual([consented]);
  });

  it('finds none of them in the logs, on the bus, in the audit records, the exports or the timelines', async () => {
    await broker.settle();
    const all = [...withoutConsent, consented];
    expect(withoutConsent.length).toBe(16);
    expect(holdsAny(logged.join('\n'), all), 'log lines').toEqual([]);
    expect(logged.join('').length).toBeGreaterThan(10_000);
    expect(holdsAny(JSON.stringify(broker.bus.archive), all), 'bus events').toEqual([]);
    for (const [agency, operator] of [
      [org.nav, 'nav-ops'],
      [org.oslo, 'oslo-ops'],
    ] as const) {
      const token = await broker.issuer.issueStaffToken(agency, operator);
      const read = async (path: string) => (await broker.fetch(path, { headers: { authorization: `Bearer ${token}` } })).text();
      expect(holdsAny(await read('/v1/audit/transfers?limit=200'), all), `${agency} search`).toEqual([]);
      expect(holdsAny(await read('/v1/audit/transfers.csv'), all), `${agency} CSV`).toEqual([]);
      expect(holdsAny(await read('/v1/audit/events.cef'), all), `${agency} CEF`).toEqual([]);
      expect(holdsAny(await read('/v1/audit/insights'), all), `${agency} insights`).toEqual([]);
      for (const { id } of ids) expect(holdsAny(await read(`/v1/audit/transfers/${id}`), all), `${agency} timeline ${id}`).toEqual([]);
    }
  });

  it('finds none without consent in what either bot received, nor in what either party reads back', async () => {
    for (const path of ['/frida', '/kari']) {
      expect(
        holdsAny(
          bots.received
            .filter((webhook) => webhook.path === path)
            .map((webhook) => webhook.body)
            .join('\n'),
          withoutConsent,
        ),
        path,
      ).toEqual([]);
    }
    for (const { id, consent } of ids.filter((entry) => !entry.consent)) {
      for (const agency of [org.oslo, org.nav]) {
        const token = await broker.token(agency);
        const read = async (path: string) => (await broker.fetch(path, { headers: { authorization: `Bearer ${token}` } })).text();
        expect(holdsAny(await read(`/v1/handoffs/${id}`), withoutConsent), `${agency} reads ${id} (consent ${consent})`).toEqual([]);
        expect(holdsAny(await read(`/v1/handoffs/${id}/messages`), withoutConsent), `${agency} reads messages of ${id}`).toEqual([]);
      }
    }
  });
});
