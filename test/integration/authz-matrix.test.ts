import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Problem, problemMediaType } from '#contracts/problems';
import { routes, type RouteDefinition, type RouteId } from '#contracts/routes';
import { org, testDirectory, unemploymentQuestion } from '../support/fixtures.ts';
import {
  foreignKey,
  hmacWithPublicKey,
  nowSeconds,
  readIssuerKey,
  signToken,
  startForeignJwks,
  unsignedToken,
  type IssuerKey,
} from '../support/hostile-tokens.ts';
import { startTestRuntime, type TestRuntime } from '../support/test-runtime.ts';

/**
 * Issue #8, item 3: every route of the route table, walked (a new route is
 * covered without a new test), against every kind of wrong credential. The
 * broker must answer 401 or 403 (404 for an authenticated caller that is not
 * a party to the handoff), as application/problem+json, with nothing of the
 * handoff in the body.
 *
 * What counts as a leak: the seeded handoff's content (summary, conversation
 * id, transcript, consent reference, relayed messages) anywhere in the body.
 * The handoff id itself is allowed only when the request named it (it is in
 * the path, so `instance` and a not-found `detail` echo the caller's own
 * input); in the answer to a request that did not name it, the id is a leak.
 */

type Route = RouteDefinition & { id: RouteId };
const matrix: Route[] = (Object.keys(routes) as RouteId[]).map((id) => ({ id, ...(routes[id] as RouteDefinition) }));
const routesWithId = matrix.filter((route) => /\{\w+\}/.test(route.path));
const partnerRoutes = matrix.filter((route) => route.caller === 'partner');
/** Every scope some partner route needs: what a well-provisioned partner system holds. */
const partnerScopes = [...new Set(partnerRoutes.map((route) => route.scope))];
const allScopes = [...new Set(matrix.map((route) => route.scope))];

/** The seeded handoff's people: who is a party, and who is a well-formed stranger to it. */
const party = {
  partner: { orgNumber: org.oslo },
  adviser: { orgNumber: org.nav, personId: 'nav-ana' },
  operator: { orgNumber: org.nav, personId: 'nav-ops' },
} as const;
const stranger = {
  partner: { orgNumber: org.vegvesen },
  adviser: { orgNumber: org.oslo, personId: 'oslo-per' },
  operator: { orgNumber: org.bergen, personId: 'bergen-ops' },
} as const;
/** Brønnøysundregistrene: a real organisation, not in the test directory. */
const outsideDirectory = '974760673';
/** A software vendor (valid check digit) that no agency in the directory delegated to. */
const vendorOutsideDirectory = '987654325';

/** Request bodies a route may accept; a non-party must get past validation to reach the party check. */
const sampleBodies: unknown[] = [
  {},
  { reason: 'other' },
  { resolution: 'resolved' },
  { summary: { text: 'Explained how to apply.', containsPersonalData: false } },
  { text: 'Is anyone there?' },
];
const validBodyFor = (route: Route) => sampleBodies.find((body) => route.body?.safeParse(body).success) ?? {};

type Outcome = { status: number; contentType: string; wwwAuthenticate: string | null; text: string; path: string };
type Expectation = { statuses: number[] };
const deny: Expectation = { statuses: [401, 403] };
const codeOfStatus: Record<number, string> = { 401: 'unauthorized', 403: 'forbidden', 404: 'not-found' };

describe('authorisation matrix: every route refuses every wrong credential', () => {
  let dataDir: string;
  let broker: TestRuntime;
  let key: IssuerKey;
  let handoffId: string;
  /** Strings of the seeded handoff that no refused caller may see. */
  let secrets: string[];
  let combinations = 0;

  beforeAll(async () => {
    // A data dir makes the runtime write its issuer key to <dataDir>/issuer-key.json, which is how
    // this test signs tokens that are validly signed but wrong in one other respect.
    dataDir = mkdtempSync(join(tmpdir(), 'authz-matrix-'));
    broker = await startTestRuntime(testDirectory({}), { dataDir });
    key = await readIssuerKey(dataDir);

    // One real handoff, Oslo → NAV's human queue, taken by an adviser, with messages both ways:
    // partner, desk and audit routes all have something to guard.
    const request = unemploymentQuestion({ target: { kind: 'human' } });
    const citizenWrites = 'Jeg har fortsatt ikke fått svar på søknaden min om dagpenger.';
    const adviserWrites = 'Hei, jeg ser på søknaden din nå og gir deg svar i dag.';
    const created = await broker.as(org.oslo).createHandoff({ body: request });
    handoffId = created.id;
    const ana = broker.asStaff(party.adviser.orgNumber, party.adviser.personId);
    await ana.deskAccept({ params: { id: handoffId }, body: {} });
    await broker.as(org.oslo).postMessage({ params: { id: handoffId }, body: { text: citizenWrites } });
    await ana.deskPostMessage({ params: { id: handoffId }, body: { text: adviserWrites } });
    await broker.settle();
    secrets = [
      request.context.summary.text,
      request.origin.conversationId,
      ...(request.context.transcript ?? []).map((message) => message.text),
      request.consent.reference!,
      citizenWrites,
      adviserWrites,
    ];

    // The parties do see it, so "nothing of the handoff" below means something.
    const asOrigin = await broker.as(org.oslo).getHandoff({ params: { id: handoffId } });
    expect(JSON.stringify(asOrigin)).toContain(request.context.summary.text);
    const asOperator = await broker.asStaff(party.operator.orgNumber, party.operator.personId).getTransferTimeline({ params: { id: handoffId } });
    expect(asOperator.transfer.handoffId).toBe(handoffId);
  }, 300_000);

  afterAll(async () => {
    await broker?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    console.info(`authz matrix: ${combinations} route × credential combinations over ${matrix.length} routes`);
  });

  const pathOf = (route: Route, id: string) => route.path.replace(/\{\w+\}/g, id);

  async function send(route: Route, authorization: string | undefined, options: { id?: string; body?: unknown } = {}): Promise<Outcome> {
    combinations += 1;
    const path = pathOf(route, options.id ?? handoffId);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (authorization !== undefined) headers.authorization = authorization;
    let body: string | undefined;
    if (route.method === 'POST') {
      headers['content-type'] = 'application/json';
      headers['idempotency-key'] = crypto.randomUUID();
      body = JSON.stringify(options.body ?? {});
    }
    const response = await broker.fetch(path, { method: route.method, headers, ...(body !== undefined ? { body } : {}) });
    return {
      status: response.status,
      contentType: response.headers.get('content-type') ?? '',
      wwwAuthenticate: response.headers.get('www-authenticate'),
      text: await response.text(),
      path,
    };
  }

  const excerpt = (text: string) => (text.length > 300 ? `${text.slice(0, 300)}…` : text);
  const describeOutcome = (outcome: Outcome) => `${outcome.status} ${outcome.contentType || '(no content-type)'} ${excerpt(outcome.text)}`;

  /** Whatever of the seeded handoff is in the body. */
  function leaksIn(outcome: Outcome): string[] {
    const leaked = secrets.filter((secret) => outcome.text.includes(secret)).map((secret) => `handoff content "${secret.slice(0, 40)}"`);
    if (!outcome.path.includes(handoffId) && outcome.text.includes(handoffId)) leaked.push('the handoff id, which the request did not name');
    return leaked;
  }

  /** Every way the answer falls short of a refusal: the status, problem+json, and nothing of the handoff. */
  function refusalProblems(outcome: Outcome, expected: Expectation): string[] {
    const problems: string[] = [];
    if (!expected.statuses.includes(outcome.status)) problems.push(`status ${outcome.status}, expected ${expected.statuses.join(' or ')}`);
    if (outcome.contentType.split(';')[0]!.trim() !== problemMediaType) problems.push(`content-type "${outcome.contentType}", expected ${problemMediaType}`);
    let body: unknown;
    try {
      body = JSON.parse(outcome.text);
    } catch {
      problems.push('body is not JSON');
    }
    if (body !== undefined && outcome.status < 400) {
      problems.push('body is a success answer, not a problem');
    } else if (body !== undefined) {
      const problem = Problem.safeParse(body);
      if (!problem.success) {
        problems.push(
          `body is not a bare problem (${problem.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ')})`,
        );
      } else {
        if (problem.data.status !== outcome.status) problems.push(`problem.status ${problem.data.status} differs from the HTTP status`);
        const code = codeOfStatus[outcome.status];
        if (code && problem.data.code !== code) problems.push(`problem.code ${problem.data.code}, expected ${code}`);
        if (problem.data.instance !== undefined && problem.data.instance !== outcome.path)
          problems.push(`instance ${problem.data.instance}, expected ${outcome.path}`);
      }
    }
    if (outcome.status === 401 && !/^Bearer\b/i.test(outcome.wwwAuthenticate ?? '')) problems.push('401 without a WWW-Authenticate: Bearer challenge');
    problems.push(...leaksIn(outcome));
    return problems;
  }

  /** The claims that would be accepted for this route, before a test spoils one of them. */
  function claimsFor(route: Route, who: { orgNumber?: string; personId?: string; scope?: string[] } = {}): JWTPayload {
    if (route.caller === 'partner') {
      const orgNumber = who.orgNumber ?? party.partner.orgNumber;
      return {
        iss: broker.issuer.issuer,
        aud: broker.issuer.audience,
        consumer: { authority: 'iso6523-actorid-upis', ID: `0192:${orgNumber}` },
        scope: (who.scope ?? partnerScopes).join(' '),
        client_id: `authz-matrix-${orgNumber}`,
      };
    }
    const person = party[route.caller];
    return {
      iss: broker.issuer.issuer,
      aud: broker.issuer.staff.audience,
      sub: who.personId ?? person.personId,
      org_number: who.orgNumber ?? person.orgNumber,
      scope: (who.scope ?? [route.scope]).join(' '),
    };
  }

  const signedByIssuer = (claims: JWTPayload, header: Record<string, unknown> = {}) =>
    signToken(key.privateKey, claims, { alg: 'RS256', kid: key.kid, ...header });

  type Variant = { label: string; authorization: (route: Route) => Promise<string | undefined> | string | undefined; appliesTo?: (route: Route) => boolean };

  /** Runs every variant against every route it applies to and collects every combination that is not a proper refusal. */
  async function refusedEverywhere(variants: Variant[], expected: Expectation = deny) {
    const mismatches: string[] = [];
    for (const variant of variants) {
      for (const route of matrix.filter((candidate) => variant.appliesTo?.(candidate) ?? true)) {
        const outcome = await send(route, await variant.authorization(route));
        const problems = refusalProblems(outcome, expected);
        if (problems.length) mismatches.push(`${route.method} ${route.path} × ${variant.label}: ${problems.join('; ')} — got ${describeOutcome(outcome)}`);
      }
    }
    expect(mismatches.length, `${mismatches.length} mismatches:\n${mismatches.join('\n')}`).toBe(0);
  }

  it('walks the whole route table', () => {
    expect(matrix.length).toBeGreaterThan(0);
    expect(routesWithId.length).toBeGreaterThan(0);
    expect(new Set(matrix.map((route) => route.caller))).toEqual(new Set(['partner', 'adviser', 'operator']));
  });

  it('control: the baseline credential of every route is accepted (so each refusal below is the spoiled part’s doing)', async () => {
    const mismatches: string[] = [];
    for (const route of matrix) {
      // An unknown id and an empty body: the answer may be 200, 404 or 422, but never a refusal, and nothing changes.
      const outcome = await send(route, `Bearer ${await signedByIssuer(claimsFor(route))}`, { id: crypto.randomUUID() });
      if ([401, 403].includes(outcome.status) || outcome.status >= 500) mismatches.push(`${route.method} ${route.path}: ${describeOutcome(outcome)}`);
    }
    expect(mismatches.length, `baseline refused:\n${mismatches.join('\n')}`).toBe(0);
  });

  it('no Authorization header, or one that is not a bearer JWT', async () => {
    await refusedEverywhere([
      { label: 'no Authorization header', authorization: () => undefined },
      { label: '"Bearer" alone', authorization: () => 'Bearer' },
      { label: '"Basic xyz"', authorization: () => 'Basic xyz' },
      { label: '"Bearer a.b"', authorization: () => 'Bearer a.b' },
      { label: '"Bearer a.b.c"', authorization: () => 'Bearer a.b.c' },
      { label: 'garbage', authorization: () => 'garbage \u00e6\u00f8\u00e5 %00 {}' },
      { label: 'a valid token without the Bearer scheme', authorization: async (route) => signedByIssuer(claimsFor(route)) },
      { label: 'a valid token followed by junk', authorization: async (route) => `Bearer ${await signedByIssuer(claimsFor(route))} junk` },
    ]);
  });

  it('expired and not-yet-valid tokens', async () => {
    await refusedEverywhere([
      {
        label: 'expired an hour ago',
        authorization: async (route) => `Bearer ${await signedByIssuer({ ...claimsFor(route), iat: nowSeconds() - 7200, exp: nowSeconds() - 3600 })}`,
      },
      { label: 'nbf an hour ahead', authorization: async (route) => `Bearer ${await signedByIssuer({ ...claimsFor(route), nbf: nowSeconds() + 3600 })}` },
    ]);
  });

  it('a validly signed token that never expires (no exp claim; RFC 9068 access tokens must carry one)', async () => {
    await refusedEverywhere([
      {
        label: 'no exp claim',
        authorization: async (route) => `Bearer ${await signedByIssuer({ ...claimsFor(route), exp: undefined })}`,
      },
    ]);
  });

  it('tokens signed by a foreign key, however the token points at it', async () => {
    const sameKid = await foreignKey(key.kid);
    const embedded = await foreignKey();
    const published = await foreignKey();
    const jwks = await startForeignJwks([published.publicJwk]);
    try {
      await refusedEverywhere([
        {
          label: 'foreign key with the issuer’s kid',
          authorization: async (route) => `Bearer ${await signToken(sameKid.privateKey, claimsFor(route), { alg: 'RS256', kid: key.kid })}`,
        },
        {
          label: 'foreign key embedded as a jwk header',
          authorization: async (route) =>
            `Bearer ${await signToken(embedded.privateKey, claimsFor(route), { alg: 'RS256', jwk: { kty: embedded.publicJwk.kty, n: embedded.publicJwk.n, e: embedded.publicJwk.e } })}`,
        },
        {
          label: 'foreign key embedded as a jwk header, with the issuer’s kid',
          authorization: async (route) =>
            `Bearer ${await signToken(embedded.privateKey, claimsFor(route), { alg: 'RS256', kid: key.kid, jwk: { kty: embedded.publicJwk.kty, n: embedded.publicJwk.n, e: embedded.publicJwk.e } })}`,
        },
        {
          label: 'foreign key published at a jku URL',
          authorization: async (route) =>
            `Bearer ${await signToken(published.privateKey, claimsFor(route), { alg: 'RS256', kid: published.kid, jku: jwks.url })}`,
        },
      ]);
      // Refusing is not enough: fetching a key from a URL the caller chose is a server-side request on the caller's behalf.
      expect(jwks.requests, 'the broker fetched the jku URL named in a token').toEqual([]);
    } finally {
      await jwks.stop();
    }
  });

  it('unsigned tokens and HS256 keyed with the issuer’s public key', async () => {
    await refusedEverywhere([
      { label: 'alg none', authorization: (route) => `Bearer ${unsignedToken(claimsFor(route), 'none')}` },
      { label: 'alg NONE', authorization: (route) => `Bearer ${unsignedToken(claimsFor(route), 'NONE')}` },
      {
        label: 'HS256 with the issuer’s public key (PEM) as secret',
        authorization: (route) => `Bearer ${hmacWithPublicKey(key.publicJwk, claimsFor(route), key.kid)}`,
      },
    ]);
  });

  it('validly signed tokens for another audience or from another issuer', async () => {
    await refusedEverywhere([
      {
        label: 'wrong audience',
        authorization: async (route) => `Bearer ${await signedByIssuer({ ...claimsFor(route), aud: 'https://elsewhere.example/api' })}`,
      },
      { label: 'no audience', authorization: async (route) => `Bearer ${await signedByIssuer({ ...claimsFor(route), aud: undefined })}` },
      {
        label: 'wrong issuer',
        authorization: async (route) => `Bearer ${await signedByIssuer({ ...claimsFor(route), iss: 'https://elsewhere.example/issuer' })}`,
      },
    ]);
  });

  it('a valid token without the route’s scope', async () => {
    await refusedEverywhere([
      {
        label: 'every scope but the route’s',
        authorization: async (route) => `Bearer ${await signedByIssuer(claimsFor(route, { scope: allScopes.filter((scope) => scope !== route.scope) }))}`,
      },
      { label: 'no scope at all', authorization: async (route) => `Bearer ${await signedByIssuer(claimsFor(route, { scope: [] }))}` },
      {
        label: 'the issuer’s own partner token without the route’s scope',
        appliesTo: (route) => route.caller === 'partner',
        authorization: async (route) =>
          `Bearer ${await broker.token(
            party.partner.orgNumber,
            partnerScopes.filter((scope) => scope !== route.scope),
          )}`,
      },
    ]);
  });

  it('the other kind of caller: staff on the partner API, partners on the desk and audit API, adviser and operator swapped', async () => {
    const issued = {
      partner: () => broker.token(party.partner.orgNumber),
      adviser: () => broker.issuer.issueStaffToken(party.adviser.orgNumber, party.adviser.personId),
      operator: () => broker.issuer.issueStaffToken(party.operator.orgNumber, party.operator.personId),
    };
    await refusedEverywhere(
      (['partner', 'adviser', 'operator'] as const).map((caller) => ({
        label: `a ${caller} token from the issuer`,
        appliesTo: (route: Route) => route.caller !== caller,
        authorization: async () => `Bearer ${await issued[caller]()}`,
      })),
    );
  });

  it('an organisation the directory does not know, or no organisation at all', async () => {
    await refusedEverywhere([
      {
        label: `consumer/org ${outsideDirectory} (not in the directory)`,
        authorization: async (route) => `Bearer ${await signedByIssuer(claimsFor(route, { orgNumber: outsideDirectory }))}`,
      },
      {
        label: 'no consumer / org claim',
        authorization: async (route) => {
          const { consumer: _consumer, org_number: _org, ...claims } = claimsFor(route);
          return `Bearer ${await signedByIssuer(claims)}`;
        },
      },
      {
        label: 'staff member not listed at the agency',
        appliesTo: (route) => route.caller !== 'partner',
        authorization: async (route) => `Bearer ${await signedByIssuer(claimsFor(route, { personId: 'nobody-here' }))}`,
      },
    ]);
  });

  it('a supplier acting for an agency that did not delegate to it (403)', async () => {
    // Maskinporten's `supplier` claim: a vendor's system calling on the agency's behalf. The fixture directory
    // records no delegation at all, so every supplier here is undelegated and must be refused.
    const asSupplier = (supplierOrgNumber: string) => async (route: Route) =>
      `Bearer ${await signedByIssuer({ ...claimsFor(route), supplier: { authority: 'iso6523-actorid-upis', ID: `0192:${supplierOrgNumber}` } })}`;
    await refusedEverywhere(
      [
        {
          label: `supplier ${vendorOutsideDirectory} (a vendor, no delegation) for Oslo`,
          appliesTo: (route) => route.caller === 'partner',
          authorization: asSupplier(vendorOutsideDirectory),
        },
        {
          label: `supplier ${org.bergen} (Bergen kommune, no delegation) for Oslo`,
          appliesTo: (route) => route.caller === 'partner',
          authorization: asSupplier(org.bergen),
        },
      ],
      { statuses: [403] },
    );
  });

  it('an authenticated caller that is no party to the handoff is told it does not exist, and sees nothing of it', async () => {
    const mismatches: string[] = [];
    const normalise = (outcome: Outcome, id: string) => outcome.text.replaceAll(id, '<id>');
    for (const route of matrix) {
      const authorization = `Bearer ${await signedByIssuer(claimsFor(route, stranger[route.caller]))}`;
      const label = `${route.method} ${route.path} × ${route.caller} not party to the handoff (${Object.values(stranger[route.caller]).join('/')})`;
      if (routesWithId.includes(route)) {
        // A body that passes validation, so the answer is about the handoff, not the input.
        const body = validBodyFor(route);
        const outcome = await send(route, authorization, { body });
        const problems = refusalProblems(outcome, { statuses: [404] });
        // Indistinguishable from an id that does not exist: no oracle for which handoffs exist.
        const unknownId = crypto.randomUUID();
        const unknown = await send(route, authorization, { id: unknownId, body });
        if (unknown.status !== outcome.status || normalise(unknown, unknownId) !== normalise(outcome, handoffId)) {
          problems.push(`differs from the answer for an unknown id (${describeOutcome(unknown)})`);
        }
        if (problems.length) mismatches.push(`${label}: ${problems.join('; ')} — got ${describeOutcome(outcome)}`);
      } else {
        // Lists, searches and creation: whatever the answer, the seeded handoff is not in it.
        const outcome = await send(route, authorization);
        const leaked = leaksIn(outcome);
        if (outcome.status >= 500) leaked.push(`status ${outcome.status}`);
        if (leaked.length) mismatches.push(`${label}: ${leaked.join('; ')} — got ${describeOutcome(outcome)}`);
      }
    }
    expect(mismatches.length, `${mismatches.length} mismatches:\n${mismatches.join('\n')}`).toBe(0);
  });
});
