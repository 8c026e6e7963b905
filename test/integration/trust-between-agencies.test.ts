import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DirectoryConfigInput } from '#contracts/directory';
import { Problem } from '#contracts/problems';
import { defaultIdentity } from '#platform/environment';
import { org, testDirectory, unemploymentQuestion } from '../support/fixtures.ts';
import { readIssuerKey, signToken, type IssuerKey } from '../support/hostile-tokens.ts';
import { startTestRuntime, type TestRuntime } from '../support/test-runtime.ts';

/** A bot vendor that Oslo has delegated API access to (a valid organisation number, not one of the agencies). */
const vendor = { orgNumber: '987654325', name: 'Chatbotleverandøren AS' };
const vegvesenLimit = 5;

function directory(): DirectoryConfigInput {
  const base = testDirectory({});
  return {
    agencies: base.agencies.map((agency) =>
      agency.orgNumber === org.oslo
        ? { ...agency, delegatedTo: [vendor] }
        : agency.orgNumber === org.vegvesen
          ? { ...agency, rateLimit: { requestsPerMinute: vegvesenLimit } }
          : agency,
    ),
  };
}

describe('trust between agencies: delegated suppliers and per-agency rate limits', () => {
  let broker: TestRuntime;
  let dataDir: string;
  let issuerKey: IssuerKey;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'handoff-trust-'));
    broker = await startTestRuntime(directory(), { dataDir });
    issuerKey = await readIssuerKey(dataDir);
  });

  afterAll(async () => {
    await broker?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const supplierToken = (agency: string, supplier: string) =>
    signToken(
      issuerKey.privateKey,
      {
        iss: broker.issuer.issuer,
        aud: defaultIdentity.audience,
        consumer: { authority: 'iso6523-actorid-upis', ID: `0192:${agency}` },
        supplier: { authority: 'iso6523-actorid-upis', ID: `0192:${supplier}` },
        scope: 'handoffs:write handoffs:read',
        client_id: `vendor-for-${agency}`,
      },
      { alg: 'RS256', kid: issuerKey.kid },
    );

  it('lets a supplier the agency delegated to act for it, records the supplier in the audit, and refuses it for another agency', async () => {
    const created = await broker.fetch('/v1/handoffs', {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await supplierToken(org.oslo, vendor.orgNumber)}`,
        'content-type': 'application/json',
        'idempotency-key': crypto.randomUUID(),
      },
      body: JSON.stringify(unemploymentQuestion()),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const timeline = await broker.fetch(`/v1/audit/transfers/${id}`, {
      headers: { authorization: `Bearer ${await broker.issuer.issueStaffToken(org.oslo, 'oslo-ops')}` },
    });
    const { entries } = (await timeline.json()) as { entries: { actor: { supplierOrgNumber: string | null; orgNumber: string | null } }[] };
    expect(entries[0]!.actor).toMatchObject({ orgNumber: org.oslo, supplierOrgNumber: vendor.orgNumber });

    // The same vendor for Bergen, which delegated nothing.
    const refused = await broker.fetch('/v1/directory', { headers: { authorization: `Bearer ${await supplierToken(org.bergen, vendor.orgNumber)}` } });
    expect(refused.status).toBe(403);
  });

  it('answers an agency over its limit 429 with Retry-After, and leaves every other agency alone', async () => {
    const vegvesen = await broker.token(org.vegvesen);
    const statuses: number[] = [];
    let limited: Response | undefined;
    // Twice the limit and one more: even split across two clock minutes, one of them goes over.
    for (let request = 0; request < 2 * vegvesenLimit + 1; request += 1) {
      const response = await broker.fetch('/v1/directory', { headers: { authorization: `Bearer ${vegvesen}` } });
      statuses.push(response.status);
      if (response.status === 429) limited ??= response;
      else await response.body?.cancel();
    }
    expect(statuses.filter((status) => status === 200).length).toBeGreaterThanOrEqual(vegvesenLimit);
    expect(statuses.filter((status) => status !== 200 && status !== 429)).toEqual([]);
    expect(limited, JSON.stringify(statuses)).toBeDefined();
    expect(limited!.headers.get('content-type')).toBe('application/problem+json');
    expect(Number(limited!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Problem.parse(await limited!.json())).toMatchObject({ status: 429, code: 'rate-limited' });

    const nav = await broker.fetch('/v1/directory', { headers: { authorization: `Bearer ${await broker.token(org.nav)}` } });
    expect(nav.status).toBe(200);
  });
});
