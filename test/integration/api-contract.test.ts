import { readFileSync } from 'node:fs';
import { SignJWT, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { org, testDirectory, unemploymentQuestion } from '../support/fixtures.ts';
import { startRecordingBot, type RecordingBot } from '../support/recording-bot.ts';
import { eventually, startTestRuntime, type TestRuntime } from '../support/test-runtime.ts';

describe('the HTTP API keeps its contract', () => {
  let bots: RecordingBot;
  let broker: TestRuntime;

  beforeAll(async () => {
    bots = await startRecordingBot();
    broker = await startTestRuntime(testDirectory({ [`${org.nav}/frida`]: `${bots.url}/frida`, [`${org.oslo}/kommune-kari`]: `${bots.url}/kari` }));
  });

  afterAll(async () => {
    await broker?.stop();
    await bots?.stop();
  });

  /** A raw POST as Oslo kommune, so the test controls every byte and header. */
  async function post(path: string, body: string, headers: Record<string, string> = {}) {
    const token = await broker.token(org.oslo);
    return broker.fetch(path, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID(), ...headers },
      body,
    });
  }

  async function problemOf(response: Response) {
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    return (await response.json()) as {
      status: number;
      code: string;
      type: string;
      title: string;
      detail: string;
      instance: string;
      errors?: { in: string; field: string; pointer?: string; detail: string }[];
    };
  }

  describe('bad input gets problem+json naming the field, and nothing is written', () => {
    it('a missing field', async () => {
      const { topic: _topic, ...withoutTopic } = unemploymentQuestion();
      const response = await post('/v1/handoffs', JSON.stringify(withoutTopic));
      expect(response.status).toBe(422);
      const problem = await problemOf(response);
      expect(problem).toMatchObject({ code: 'validation-failed', type: 'urn:problem:handoff-broker:validation-failed', instance: '/v1/handoffs' });
      expect(problem.errors).toEqual([expect.objectContaining({ in: 'body', field: 'topic', pointer: '/topic' })]);
    });

    it('an unknown field, deep in the body', async () => {
      const request = unemploymentQuestion();
      const response = await post('/v1/handoffs', JSON.stringify({ ...request, consent: { ...request.consent, shareEverything: true } }));
      expect(response.status).toBe(422);
      expect((await problemOf(response)).errors).toEqual([
        { in: 'body', field: 'consent.shareEverything', pointer: '/consent/shareEverything', detail: 'unknown field' },
      ]);
    });

    it('an invalid identity number, a bad language tag and a transcript without consent', async () => {
      const request = unemploymentQuestion();
      const invalid = await post('/v1/handoffs', JSON.stringify({ ...request, language: 'not a language', citizen: { nationalId: '01019010047' } }));
      expect((await problemOf(invalid)).errors!.map((error) => error.field).sort()).toEqual(['citizen.nationalId', 'language']);
      const withoutConsent = await post('/v1/handoffs', JSON.stringify({ ...request, consent: { shareTranscript: false, shareIdentity: false } }));
      expect(withoutConsent.status).toBe(422);
      expect((await problemOf(withoutConsent)).errors!.map((error) => error.field)).toEqual(['context.transcript']);
    });

    it('a body that is not JSON, or not sent as JSON', async () => {
      expect((await problemOf(await post('/v1/handoffs', '{"origin":'))).code).toBe('malformed-request');
      const asText = await post('/v1/handoffs', JSON.stringify(unemploymentQuestion()), { 'content-type': 'text/plain' });
      expect(asText.status).toBe(415);
    });

    it('an unknown origin bot or target, refused before anything is stored', async () => {
      const response = await post('/v1/handoffs', JSON.stringify(unemploymentQuestion({ target: { kind: 'bot', orgNumber: org.nav, botId: 'nobody' } })));
      expect((await problemOf(response)).errors).toEqual([expect.objectContaining({ field: 'target.botId' })]);
      await broker.settle();
      expect(broker.bus.archive.filter((event) => (event.detail as { to: string }).to === 'requested')).toHaveLength(0);
    });
  });

  describe('Idempotency-Key', () => {
    it('answers a retry with the same key and body with the first answer, and creates one handoff', async () => {
      const key = crypto.randomUUID();
      const body = JSON.stringify(unemploymentQuestion());
      const [first, second] = await Promise.all([
        post('/v1/handoffs', body, { 'idempotency-key': key }),
        post('/v1/handoffs', body, { 'idempotency-key': key }),
      ]);
      const third = await post('/v1/handoffs', body, { 'idempotency-key': key });
      const answers = (await Promise.all([first.json(), second.json(), third.json()])) as { id: string }[];
      expect([first.status, second.status, third.status]).toEqual([201, 201, 201]);
      expect(new Set(answers.map((answer) => answer.id)).size).toBe(1);
      expect(third.headers.get('idempotent-replayed')).toBe('true');
      await broker.settle();
      const created = broker.bus.archive.filter(
        (event) =>
          (event.detail as { handoffId: string; to: string }).to === 'requested' && (event.detail as { handoffId: string }).handoffId === answers[0]!.id,
      );
      expect(created).toHaveLength(1);
    });

    it('refuses the same key with a different body (422), and a POST without a key (400)', async () => {
      const key = crypto.randomUUID();
      expect((await post('/v1/handoffs', JSON.stringify(unemploymentQuestion()), { 'idempotency-key': key })).status).toBe(201);
      const reused = await post('/v1/handoffs', JSON.stringify(unemploymentQuestion({ topic: 'pension' })), { 'idempotency-key': key });
      expect(reused.status).toBe(422);
      expect(await problemOf(reused)).toMatchObject({ code: 'idempotency-key-reused', errors: [{ in: 'header', field: 'Idempotency-Key' }] });

      const token = await broker.token(org.oslo);
      const keyless = await broker.fetch('/v1/handoffs', {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(unemploymentQuestion()),
      });
      expect(keyless.status).toBe(400);
      expect(await problemOf(keyless)).toMatchObject({ code: 'idempotency-key-missing', errors: [{ in: 'header', field: 'Idempotency-Key' }] });
    });

    it('replays a transition: the same accept twice answers the same, once', async () => {
      const { id } = await broker.as(org.oslo).createHandoff({ body: unemploymentQuestion() });
      await eventually(async () => expect((await broker.as(org.nav).getHandoff({ params: { id } })).status).toBe('offered'));
      const nav = broker.as(org.nav);
      const first = await nav.acceptHandoff({ params: { id }, body: {}, idempotencyKey: `accept-${id}` });
      const again = await nav.acceptHandoff({ params: { id }, body: {}, idempotencyKey: `accept-${id}` });
      expect(again).toEqual(first);
    });
  });

  describe('states and parties', () => {
    it('answers an illegal transition with 409, and an action outside the caller’s role with 403', async () => {
      const { id } = await broker.as(org.oslo).createHandoff({ body: unemploymentQuestion() });
      await eventually(async () => expect((await broker.as(org.nav).getHandoff({ params: { id } })).status).toBe('offered'));
      const token = await broker.token(org.nav);
      const complete = await broker.fetch(`/v1/handoffs/${id}/complete`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
        body: JSON.stringify({ resolution: 'resolved' }),
      });
      expect(complete.status).toBe(409);
      expect(await problemOf(complete)).toMatchObject({ code: 'illegal-transition', detail: 'a handoff that is offered cannot become completed' });
      const originAccepts = await post(`/v1/handoffs/${id}/accept`, '{}');
      expect(originAccepts.status).toBe(403);
    });

    it('lets exactly one of two simultaneous accepts win', async () => {
      const { id } = await broker.as(org.oslo).createHandoff({ body: unemploymentQuestion() });
      await eventually(async () => expect((await broker.as(org.nav).getHandoff({ params: { id } })).status).toBe('offered'));
      const token = await broker.token(org.nav);
      const accept = () =>
        broker.fetch(`/v1/handoffs/${id}/accept`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
          body: '{}',
        });
      const statuses = (await Promise.all([accept(), accept(), accept()])).map((response) => response.status).sort();
      expect(statuses).toEqual([200, 409, 409]);
    });

    it('answers an unknown or malformed handoff id with 404', async () => {
      const token = await broker.token(org.oslo);
      for (const id of [crypto.randomUUID(), 'not-a-uuid']) {
        const response = await broker.fetch(`/v1/handoffs/${id}`, { headers: { authorization: `Bearer ${token}` } });
        expect(response.status).toBe(404);
        expect((await problemOf(response)).code).toBe('not-found');
      }
    });
  });

  describe('callers prove who they are', () => {
    it('refuses a missing token, a token from another issuer and a token without the scope', async () => {
      const noToken = await broker.fetch('/v1/directory');
      expect(noToken.status).toBe(401);
      expect(noToken.headers.get('www-authenticate')).toContain('Bearer');

      const { privateKey } = await generateKeyPair('RS256');
      const forged = await new SignJWT({ consumer: { authority: 'iso6523-actorid-upis', ID: `0192:${org.oslo}` }, scope: 'directory:read' })
        .setProtectedHeader({ alg: 'RS256', kid: 'forged' })
        .setIssuer(broker.issuer.issuer)
        .setAudience(broker.issuer.audience)
        .setExpirationTime('5m')
        .sign(privateKey);
      const forgedResponse = await broker.fetch('/v1/directory', { headers: { authorization: `Bearer ${forged}` } });
      expect(forgedResponse.status).toBe(401);
      expect((await problemOf(forgedResponse)).code).toBe('unauthorized');

      const readOnly = await broker.token(org.oslo, ['directory:read']);
      const create = await broker.fetch('/v1/handoffs', {
        method: 'POST',
        headers: { authorization: `Bearer ${readOnly}`, 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
        body: JSON.stringify(unemploymentQuestion()),
      });
      expect(create.status).toBe(403);
      expect((await problemOf(create)).detail).toContain('handoffs:write');
    });

    it('refuses an expired token', async () => {
      const expired = await broker.issuer.issueToken(org.oslo, ['directory:read'], -60);
      expect((await broker.fetch('/v1/directory', { headers: { authorization: `Bearer ${expired}` } })).status).toBe(401);
    });
  });

  describe('reading the directory and the contract', () => {
    it('lists agencies, bots and topics without webhook addresses', async () => {
      const directory = await broker.as(org.oslo).getDirectory({});
      expect(directory.agencies.map((agency) => agency.orgNumber)).toContain(org.nav);
      expect(directory.topics.find((topic) => topic.code === 'building-permit')).toMatchObject({ scope: 'municipal', label: { nb: 'Byggesak' } });
      expect(JSON.stringify(directory)).not.toContain(bots.url);
      expect(directory.agencies.find((agency) => agency.orgNumber === org.trondheim)!.bots[0]!.delivery).toBe('inbox');
    });

    it('serves the checked-in OpenAPI document and a browsable reference', async () => {
      const served = await (await broker.fetch('/openapi.json')).json();
      expect(served).toEqual(JSON.parse(readFileSync(new URL('../../contracts/openapi.json', import.meta.url), 'utf8')));
      const page = await broker.fetch('/docs');
      expect(page.headers.get('content-type')).toContain('text/html');
      expect(await page.text()).toContain('docs/swagger-ui-bundle.js');
      const bundle = await broker.fetch('/docs/swagger-ui-bundle.js');
      expect(bundle.status).toBe(200);
      expect((await bundle.text()).length).toBeGreaterThan(100_000);
      expect((await broker.fetch('/docs/../../package.json')).status).toBe(404);
      // With a trailing slash, the reader is sent to the page whose relative links work.
      const slashed = await broker.fetch('/docs/', { redirect: 'manual' });
      expect(slashed.status).toBe(301);
      expect(new URL(slashed.headers.get('location')!, new URL('/docs/', broker.url)).pathname).toBe('/docs');
      expect((await broker.fetch('/docs/')).url).toMatch(/\/docs$/);
    });

    it('answers a route that does not exist the way API Gateway does', async () => {
      const response = await broker.fetch('/v2/handoffs');
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({ message: 'Not Found' });
    });
  });
});
