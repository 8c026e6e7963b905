import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenFloorEnvelope, type OpenFloorEvent } from '#contracts/openfloor';
import { handoffIdOfConversation } from '#domain/open-floor';
import type { HandoffMessageWebhook, HandoffStatusChangedWebhook, WebhookPayload } from '#contracts/webhooks';
import { contractAjv } from '../support/json-schema.ts';
import { buildingPermitQuestion, org, syntheticNationalId, testDirectory, unemploymentQuestion } from '../support/fixtures.ts';
import { startOpenFloorBot, type OpenFloorBot } from '../support/open-floor-bot.ts';
import { startRecordingBot, type RecordingBot } from '../support/recording-bot.ts';
import { eventually, startTestRuntime, type TestRuntime } from '../support/test-runtime.ts';

const kariPath = `/bots/${org.oslo}/kommune-kari/webhook`;
const fridaSpeaker = 'tag:nav.no,2026:frida';
/** Bergen's Kommune-Kari speaks Open Floor too: she starts handoffs by inviting a topic. */
const bergenKariSpeaker = 'tag:bergen.kommune.no,2026:kari';

/** A POST with headers fetch would not send as given (a Host of the caller's choosing). */
function rawPost(url: URL, headers: Record<string, string>, body: unknown): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const payload = JSON.stringify(body);
    const req = request(
      url,
      { method: 'POST', headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/**
 * Story: Kommune-Kari speaks our v1 contract (webhooks); NAV's welfare bot
 * speaks only the Open Floor Protocol. The broker bridges the two: Kari's
 * handoff reaches Frida as a signed OFP invite with the consented history,
 * Frida answers with OFP events, and the citizen goes back to Kari when Frida says bye.
 */
describe('Story: Kommune-Kari hands off to a welfare bot that speaks Open Floor, and back', () => {
  let kariBot: RecordingBot;
  let frida: OpenFloorBot;
  let bergenKari: OpenFloorBot;
  let broker: TestRuntime;

  beforeAll(async () => {
    kariBot = await startRecordingBot();
    frida = await startOpenFloorBot({ speakerUri: fridaSpeaker, secret: () => broker?.secrets[`${org.nav}/frida`] });
    bergenKari = await startOpenFloorBot({ speakerUri: bergenKariSpeaker, secret: () => broker?.secrets[`${org.bergen}/kommune-kari`] });
    broker = await startTestRuntime(
      testDirectory({
        [`${org.oslo}/kommune-kari`]: `${kariBot.url}${kariPath}`,
        [`${org.nav}/frida`]: { serviceUrl: frida.url, speakerUri: fridaSpeaker },
        [`${org.bergen}/kommune-kari`]: { serviceUrl: bergenKari.url, speakerUri: bergenKariSpeaker },
        [`${org.trondheim}/tk-assistent`]: `${kariBot.url}/bots/${org.trondheim}/tk-assistent/webhook`,
      }),
    );
  });

  afterAll(async () => {
    await broker?.stop();
    await frida?.stop();
    await bergenKari?.stop();
    await kariBot?.stop();
  });

  const toKari = () => kariBot.verifiedFor(kariPath, broker.secrets[`${org.oslo}/kommune-kari`]!) as WebhookPayload[];
  const statusesToKari = (id: string) =>
    toKari()
      .filter((payload): payload is HandoffStatusChangedWebhook => payload.type === 'handoff.status_changed' && payload.data.handoff.id === id)
      .map((payload) => payload.data.transition.to);

  /** Frida's side of the floor: an envelope from her, sent as any OFP client would, with NAV's Maskinporten token. */
  const envelopeFrom = (conversationId: string, events: unknown[], speakerUri = fridaSpeaker) => ({
    openFloor: { schema: { version: '1.1.0' }, conversation: { id: conversationId }, sender: { speakerUri, serviceUrl: frida.url }, events },
  });
  const send = async (envelope: unknown, orgNumber: string | null = org.nav): Promise<Response> =>
    broker.fetch('/v1/openfloor', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(orgNumber ? { authorization: `Bearer ${await broker.token(orgNumber)}` } : {}) },
      body: JSON.stringify(envelope),
    });
  const utterance = (id: string, text: string, speakerUri = fridaSpeaker) => ({
    eventType: 'utterance',
    parameters: {
      dialogEvent: {
        id,
        speakerUri,
        span: { startTime: new Date().toISOString() },
        features: { text: { mimeType: 'text/plain', tokens: [{ value: text }] } },
      },
    },
  });
  const invitesTo = (id: string) => frida.heard(id, 'invite');

  it('invites Frida with the consented history, takes her acceptInvite and utterances, relays the citizen’s words, and hands back on bye', async () => {
    const kari = broker.as(org.oslo);
    const request = unemploymentQuestion({
      citizen: { nationalId: syntheticNationalId },
      consent: { shareTranscript: true, shareIdentity: true, reference: 'consent-7' },
    });
    const created = await kari.createHandoff({ body: request });
    expect(created.assignee).toMatchObject({ kind: 'bot', botId: 'frida' });

    // The offer, as an OFP invite: signed, valid against the published schema, the history in it, oldest first, the summary last.
    const [invite] = await eventually(() => {
      const invites = invitesTo(created.id);
      expect(invites).toHaveLength(1);
      return invites;
    });
    expect(invite!.to).toEqual({ serviceUrl: frida.url, speakerUri: fridaSpeaker });
    const history = invite!.parameters!.dialogHistory!;
    const citizen = `tag:handoff-broker.no,2026:handoff/${created.id}/citizen`;
    const kariSpeaker = `tag:handoff-broker.no,2026:bot/${org.oslo}/kommune-kari`;
    expect(history.map((event) => [event.speakerUri, (event.features.text!.tokens[0]!.value as string) ?? ''])).toEqual([
      ...request.context.transcript!.map((turn) => [turn.from === 'citizen' ? citizen : kariSpeaker, turn.text]),
      [kariSpeaker, request.context.summary.text],
    ]);
    expect(history.every((event) => event.id && event.span?.startTime)).toBe(true);
    // The identity number never goes onto the floor, consent or not: Frida reads it with NAV's token if she needs it.
    expect(JSON.stringify(frida.about(created.id))).not.toContain(syntheticNationalId);
    expect((await broker.as(org.nav).getHandoff({ params: { id: created.id } })).citizen?.nationalId).toBe(syntheticNationalId);

    // Frida accepts and greets, in one envelope; the answer is an envelope too.
    const accepted = await send(
      envelopeFrom(created.id, [{ eventType: 'acceptInvite' }, utterance('de:frida-1', 'Hei! Jeg er Frida fra NAV. Jeg ser at du har mistet jobben.')]),
    );
    expect(accepted.status).toBe(200);
    const answer = OpenFloorEnvelope.parse(await accepted.json());
    expect(answer.openFloor).toMatchObject({ conversation: { id: created.id }, sender: { speakerUri: 'tag:handoff-broker.no,2026:broker' }, events: [] });

    await eventually(() => expect(statusesToKari(created.id)).toContain('accepted'));
    const greeting = await eventually(() => {
      const message = toKari().find(
        (payload): payload is HandoffMessageWebhook => payload.type === 'handoff.message' && payload.data.message.handoffId === created.id,
      );
      expect(message).toBeDefined();
      return message!.data.message;
    });
    expect(greeting).toMatchObject({ from: 'bot', orgNumber: org.nav, text: 'Hei! Jeg er Frida fra NAV. Jeg ser at du har mistet jobben.' });

    // The citizen answers through Kari: Frida hears it as an utterance from the citizen's pseudonym.
    await kari.postMessage({ params: { id: created.id }, body: { text: 'Ja, hvordan søker jeg?' } });
    const heard = await eventually(() => {
      const utterances = frida.heard(created.id, 'utterance');
      expect(utterances).toHaveLength(1);
      return utterances[0]!;
    });
    expect(heard.parameters.dialogEvent).toMatchObject({
      speakerUri: citizen,
      features: { text: { mimeType: 'text/plain', tokens: [{ value: 'Ja, hvordan søker jeg?' }] } },
    });

    // Frida is done: bye completes the handoff, and Kari has the citizen again.
    const bye = await send(envelopeFrom(created.id, [utterance('de:frida-2', 'Søknaden finner du på nav.no/dagpenger. Ha en fin dag!'), { eventType: 'bye' }]));
    expect(bye.status).toBe(200);
    await eventually(() => expect(statusesToKari(created.id)).toEqual(['accepted', 'completed']));
    const completed = toKari().find(
      (payload): payload is HandoffStatusChangedWebhook =>
        payload.type === 'handoff.status_changed' && payload.data.transition.to === 'completed' && payload.data.handoff.id === created.id,
    )!;
    expect(completed.data.handoff).toMatchObject({ statusReason: 'resolved', platformStates: { chatPlatform: 'virtual_agent' } });
    expect((await kari.listMessages({ params: { id: created.id } })).items.map((message) => [message.from, message.text])).toEqual([
      ['bot', 'Hei! Jeg er Frida fra NAV. Jeg ser at du har mistet jobben.'],
      ['citizen', 'Ja, hvordan søker jeg?'],
      ['bot', 'Søknaden finner du på nav.no/dagpenger. Ha en fin dag!'],
    ]);

    // Every envelope the broker sent Frida was signed and valid against the contract's OFP schema.
    expect(frida.received.length).toBeGreaterThan(0);
    for (const entry of frida.received) {
      expect(entry.signed).toBe(true);
      expect(entry.schemaErrors).toEqual([]);
    }
  });

  it('refuses a bad envelope with a clear problem, and changes nothing', async () => {
    const kari = broker.as(org.oslo);
    const created = await kari.createHandoff({ body: unemploymentQuestion() });
    await eventually(() => expect(invitesTo(created.id)).toHaveLength(1));
    expect((await send(envelopeFrom(created.id, [{ eventType: 'acceptInvite' }, utterance('de:hello', 'Hei, dette er Frida.')]))).status).toBe(200);
    // Someone else's conversation: Kari's handoff to Trondheim.
    const elsewhere = await kari.createHandoff({
      body: { ...buildingPermitQuestion('5001'), origin: { botId: 'kommune-kari', conversationId: 'c-trondheim' } },
    });
    const stateNow = async () => ({
      handoff: await broker.as(org.nav).getHandoff({ params: { id: created.id } }),
      messages: (await kari.listMessages({ params: { id: created.id } })).items.length,
      elsewhere: await kari.getHandoff({ params: { id: elsewhere.id } }),
    });
    const was = await stateNow();

    const refusals: [string, unknown, string | null, number, RegExp][] = [
      ['no token (OFP has no security of its own)', envelopeFrom(created.id, [utterance('de:x1', 'Hei')]), null, 401, /unauthorized/],
      ['not an envelope', { hello: 'floor' }, org.nav, 422, /openFloor/],
      ['an event type OFP does not have', envelopeFrom(created.id, [{ eventType: 'danceParty' }]), org.nav, 422, /openFloor\.events\.0\.eventType/],
      ['a floor event the broker does not take', envelopeFrom(created.id, [{ eventType: 'grantFloor' }]), org.nav, 422, /does not take grantFloor/],
      [
        'an utterance without text',
        envelopeFrom(created.id, [{ eventType: 'utterance', parameters: { dialogEvent: { id: 'de:x2', speakerUri: fridaSpeaker, features: {} } } }]),
        org.nav,
        422,
        /dialogEvent\.features\.text/,
      ],
      [
        'an utterance without an id, so a repeat could not be told',
        envelopeFrom(created.id, [
          { ...utterance('x', 'Hei'), parameters: { dialogEvent: { ...utterance('x', 'Hei').parameters.dialogEvent, id: undefined } } },
        ]),
        org.nav,
        422,
        /dialogEvent\.id/,
      ],
      [
        'a sender the directory does not know',
        envelopeFrom(created.id, [utterance('de:x3', 'Hei')], 'tag:evil.example,2026:bot'),
        org.nav,
        422,
        /openFloor\.sender\.speakerUri/,
      ],
      [
        'Frida’s speaker URI with another agency’s token',
        envelopeFrom(created.id, [utterance('de:x4', 'Hei')]),
        org.vegvesen,
        422,
        /openFloor\.sender\.speakerUri/,
      ],
      ['a conversation that is not Frida’s', envelopeFrom(elsewhere.id, [utterance('de:x5', 'Hei')]), org.nav, 404, /not-found/],
      ['a bye for a conversation that is not Frida’s', envelopeFrom(elsewhere.id, [{ eventType: 'bye' }]), org.nav, 404, /not-found/],
      ['a conversation that does not exist', envelopeFrom('conv:not-a-handoff', [{ eventType: 'bye' }]), org.nav, 404, /not-found/],
      ['a replayed utterance', envelopeFrom(created.id, [utterance('de:hello', 'Hei, dette er Frida.')]), org.nav, 409, /already-received/],
      [
        'one good event beside a bad one',
        envelopeFrom(created.id, [utterance('de:x6', 'Hei'), { eventType: 'revokeFloor' }]),
        org.nav,
        422,
        /events\.1\.eventType/,
      ],
    ];
    for (const [name, envelope, orgNumber, status, problem] of refusals) {
      const response = await send(envelope, orgNumber);
      expect(response.status, name).toBe(status);
      expect(response.headers.get('content-type'), name).toContain('application/problem+json');
      expect(JSON.stringify(await response.json()), name).toMatch(problem);
    }
    // A repeated accept (an answer lost on the way) is answered as the first was, and changes nothing either.
    expect((await send(envelopeFrom(created.id, [{ eventType: 'acceptInvite' }]))).status).toBe(200);
    // A Host that is no host name cannot become the broker's address in an answer.
    const badHost = await rawPost(
      new URL('/v1/openfloor', broker.url),
      { host: 'evil/host', authorization: `Bearer ${await broker.token(org.nav)}` },
      envelopeFrom(created.id, [{ eventType: 'bye' }]),
    );
    expect(badHost).toMatchObject({ status: 422, body: expect.stringContaining('"field":"host"') });
    expect(await stateNow()).toEqual(was);
  });

  it('maps declineInvite’s reason to ours and reroutes, and uninvites Frida when Kari withdraws', async () => {
    const kari = broker.as(org.oslo);
    const declined = await kari.createHandoff({ body: unemploymentQuestion() });
    await eventually(() => expect(invitesTo(declined.id)).toHaveLength(1));
    expect((await send(envelopeFrom(declined.id, [{ eventType: 'declineInvite', reason: '@outOfDomain not a benefit question' }]))).status).toBe(200);
    await eventually(async () =>
      expect(await broker.as(org.oslo).getHandoff({ params: { id: declined.id } })).toMatchObject({ status: 'offered', assignee: { botId: 'frida-reserve' } }),
    );
    // NAV's audit records the decline in our words, by Frida's agency.
    const timeline = await broker.asStaff(org.nav, 'nav-ops').getTransferTimeline({ params: { id: declined.id } });
    expect(timeline.entries.find((entry) => entry.to === 'declined')).toMatchObject({
      statusReason: 'out_of_scope',
      actor: { role: 'target', orgNumber: org.nav, botId: 'frida' },
    });

    const withdrawn = await kari.createHandoff({ body: unemploymentQuestion() });
    await eventually(() => expect(invitesTo(withdrawn.id)).toHaveLength(1));
    await kari.cancelHandoff({ params: { id: withdrawn.id }, body: { reason: 'citizen_left' } });
    const uninvite = await eventually(() => {
      const [event] = frida.heard(withdrawn.id, 'uninvite');
      expect(event).toBeDefined();
      return event!;
    });
    expect(uninvite).toMatchObject({ to: { speakerUri: fridaSpeaker }, reason: expect.stringContaining('citizen_left') });
  });

  it('answers getManifests with manifests built from the directory', async () => {
    const response = await send(envelopeFrom('conv:discovery', [{ eventType: 'getManifests', parameters: { recommendScope: 'all' } }]));
    expect(response.status).toBe(200);
    const answer = OpenFloorEnvelope.parse(await response.json());
    const [published] = answer.openFloor.events as Extract<OpenFloorEvent, { eventType: 'publishManifests' }>[];
    expect(published).toMatchObject({ eventType: 'publishManifests', to: { speakerUri: fridaSpeaker } });
    const serviceUrl = `${broker.url}/v1/openfloor`;
    expect(published!.parameters!.servicingManifests).toEqual([
      expect.objectContaining({ identification: expect.objectContaining({ speakerUri: 'tag:handoff-broker.no,2026:broker', serviceUrl }) }),
    ]);
    const discovered = published!.parameters!.discoveryManifests!;
    expect(discovered.find((manifest) => manifest.identification.speakerUri === fridaSpeaker)).toMatchObject({
      identification: { organization: 'NAV', conversationalName: 'Frida', serviceUrl },
      capabilities: [{ keyphrases: expect.arrayContaining(['Dagpenger', 'Unemployment benefit']), languages: ['nb', 'nn', 'en'] }],
    });
    expect(discovered.map((manifest) => manifest.identification.conversationalName)).toEqual(expect.arrayContaining(['Oslo kommune bot', 'NAV – Arbeid']));
    const validateManifest = contractAjv().compile(
      JSON.parse(readFileSync(new URL('../../contracts/schemas/OpenFloorManifest.schema.json', import.meta.url), 'utf8')),
    );
    for (const manifest of [...published!.parameters!.servicingManifests!, ...discovered])
      expect(validateManifest(manifest), JSON.stringify(validateManifest.errors)).toBe(true);
  });

  it('lets an Open Floor bot start a handoff by inviting a topic, and carries the whole conversation on the floor both ways', async () => {
    const conversationId = `conv:bergen-${Math.random().toString(36).slice(2)}`;
    const citizenAtBergen = 'tag:bergen.kommune.no,2026:citizen/4711';
    const turn = (speakerUri: string, text: string, startTime: string) => ({
      id: `de:${startTime}`,
      speakerUri,
      span: { startTime },
      features: { text: { mimeType: 'text/plain', lang: 'nb', tokens: [{ value: text }] } },
    });
    const fromKari = (events: unknown[]) => ({
      openFloor: { schema: { version: '1.1.0' }, conversation: { id: conversationId }, sender: { speakerUri: bergenKariSpeaker }, events },
    });
    const invite = fromKari([
      {
        eventType: 'invite',
        to: { serviceUrl: `${broker.url}/v1/openfloor`, speakerUri: 'tag:handoff-broker.no,2026:topic/unemployment-benefit' },
        parameters: {
          dialogHistory: [
            turn(citizenAtBergen, 'Jeg har mistet jobben. Får jeg dagpenger?', '2026-12-01T09:00:00Z'),
            turn(bergenKariSpeaker, 'Det er NAV som svarer på det. Skal jeg sette deg over?', '2026-12-01T09:00:05Z'),
            turn(bergenKariSpeaker, 'Citizen lost their job and asks about unemployment benefit.', '2026-12-01T09:00:09Z'),
          ],
        },
      },
    ]);

    const opened = await send(invite, org.bergen);
    expect(opened.status).toBe(200);
    expect(OpenFloorEnvelope.parse(await opened.json()).openFloor.conversation.id).toBe(conversationId);

    // Frida is invited by the broker, in a conversation of the handoff's id, with Kari's history: the citizen under the broker's pseudonym.
    const id = handoffIdOfConversation(org.bergen, conversationId);
    const [toFrida] = await eventually(() => {
      const invites = invitesTo(id);
      expect(invites).toHaveLength(1);
      return invites;
    });
    expect(toFrida!.parameters!.dialogHistory!.map((event) => [event.speakerUri, event.features.text!.tokens[0]!.value])).toEqual([
      [`tag:handoff-broker.no,2026:handoff/${id}/citizen`, 'Jeg har mistet jobben. Får jeg dagpenger?'],
      [bergenKariSpeaker, 'Det er NAV som svarer på det. Skal jeg sette deg over?'],
      [bergenKariSpeaker, 'Citizen lost their job and asks about unemployment benefit.'],
    ]);
    expect(JSON.stringify(toFrida)).not.toContain(citizenAtBergen);
    expect(await broker.as(org.bergen).getHandoff({ params: { id } })).toMatchObject({
      status: 'offered',
      origin: { orgNumber: org.bergen, botId: 'kommune-kari', conversationId },
      consent: { shareTranscript: true, shareIdentity: false, reference: `openfloor:${conversationId}` },
    });

    // Kari, the origin, cannot accept for Frida.
    const selfAccept = await send(fromKari([{ eventType: 'acceptInvite' }]), org.bergen);
    expect(selfAccept.status).toBe(403);

    // The same invite again opens nothing.
    const again = await send(invite, org.bergen);
    expect(again.status).toBe(409);
    expect(((await again.json()) as { code: string }).code).toBe('already-received');

    // Frida accepts and speaks; Kari hears both in her own conversation.
    await send(envelopeFrom(id, [{ eventType: 'acceptInvite' }, utterance('de:f1', 'Hei, Frida her. Jeg hjelper deg med dagpenger.')]));
    await eventually(() => expect(bergenKari.heard(conversationId, 'acceptInvite')).toHaveLength(1));
    const greeting = await eventually(() => {
      const [event] = bergenKari.heard(conversationId, 'utterance');
      expect(event).toBeDefined();
      return event!.parameters.dialogEvent;
    });
    expect(greeting).toMatchObject({ speakerUri: fridaSpeaker, features: { text: { tokens: [{ value: 'Hei, Frida her. Jeg hjelper deg med dagpenger.' }] } } });

    // Kari relays the citizen, naming her own conversation; Frida hears the citizen's pseudonym.
    expect((await send(fromKari([utterance('de:c2', 'Takk! Hva må jeg gjøre?', citizenAtBergen)]), org.bergen)).status).toBe(200);
    await eventually(() =>
      expect(frida.heard(id, 'utterance').map((event) => event.parameters.dialogEvent.speakerUri)).toEqual([
        `tag:handoff-broker.no,2026:handoff/${id}/citizen`,
      ]),
    );

    // Frida says bye: Kari has her citizen back.
    await send(envelopeFrom(id, [{ eventType: 'bye' }]));
    await eventually(() => expect(bergenKari.heard(conversationId, 'bye')).toHaveLength(1));
    expect((await broker.as(org.bergen).getHandoff({ params: { id } })).status).toBe('completed');

    // An invite the broker cannot hand over is refused, naming why.
    const nowhere = await send(
      fromKari([{ eventType: 'invite', to: { serviceUrl: `${broker.url}/v1/openfloor`, speakerUri: 'tag:handoff-broker.no,2026:broker' } }]),
      org.bergen,
    );
    expect(nowhere.status).toBe(422);
    expect(JSON.stringify(await nowhere.json())).toMatch(/openFloor\.events\.0\.to\.speakerUri/);

    for (const entry of [...bergenKari.received, ...frida.received]) {
      expect(entry.signed).toBe(true);
      expect(entry.schemaErrors).toEqual([]);
    }
  });
});
