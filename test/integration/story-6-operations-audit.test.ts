import { execFile } from 'node:child_process';
import { DeleteItemCommand, DynamoDBClient, PutItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { decodeCompactJson, encodeCompactJson } from '#adapters/compact-json';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handoffTable } from '#platform/tables';
import { buildingPermitQuestion, org, syntheticNationalId, testDirectory, unemploymentQuestion } from '../support/fixtures.ts';
import { startRecordingBot, type RecordingBot } from '../support/recording-bot.ts';
import { eventually, startTestRuntime, type TestRuntime } from '../support/test-runtime.ts';

const projectRoot = new URL('../../', import.meta.url).pathname;

describe('Story 6: an operations person at the welfare agency audits last week’s transfers', () => {
  let bots: RecordingBot;
  let broker: TestRuntime;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    bots = await startRecordingBot();
    broker = await startTestRuntime(testDirectory({ [`${org.oslo}/kommune-kari`]: `${bots.url}/kari`, [`${org.bergen}/kommune-kari`]: `${bots.url}/bergen` }));
    const kari = broker.as(org.oslo);
    const nav = broker.as(org.nav);
    const bergen = broker.as(org.bergen);
    // Oslo → NAV about unemployment benefit, with identity consent: accepted and completed.
    ids.unemployment = (
      await kari.createHandoff({
        body: unemploymentQuestion({
          consent: { shareTranscript: true, shareIdentity: true, reference: 'consent-story-6' },
          citizen: { nationalId: syntheticNationalId },
        }),
      })
    ).id;
    await eventually(async () => expect((await nav.getHandoff({ params: { id: ids.unemployment! } })).status).toBe('offered'));
    await nav.acceptHandoff({ params: { id: ids.unemployment }, body: {} });
    await nav.completeHandoff({ params: { id: ids.unemployment }, body: { resolution: 'resolved' } });
    // Oslo → NAV about social assistance, still open.
    ids.social = (await kari.createHandoff({ body: unemploymentQuestion({ topic: 'social-assistance' }) })).id;
    // NAV → Bergen about a building permit: Bergen's bot declines, the handoff falls back.
    ids.permit = (await nav.createHandoff({ body: buildingPermitQuestion('4601') })).id;
    await eventually(async () => expect((await bergen.getHandoff({ params: { id: ids.permit! } })).status).toBe('offered'));
    await bergen.declineHandoff({ params: { id: ids.permit }, body: { reason: 'out_of_scope' } });
    await eventually(async () => expect((await nav.getHandoff({ params: { id: ids.permit! } })).status).toBe('fallback'));
    await broker.settle();
  });

  afterAll(async () => {
    await broker?.stop();
    await bots?.stop();
  });

  const asOperator = (orgNumber: string, personId: string) => ({
    client: broker.asStaff(orgNumber, personId),
    get: async (path: string) => broker.fetch(path, { headers: { authorization: `Bearer ${await broker.issuer.issueStaffToken(orgNumber, personId)}` } }),
  });

  it('lists last week’s incoming transfers by topic, and the insights by hour, outcome and flow', async () => {
    const nav = asOperator(org.nav, 'nav-ops').client;
    const incoming = await nav.searchTransfers({ query: { direction: 'in' } });
    expect(incoming.items.map((item) => item.handoffId).sort()).toEqual([ids.unemployment, ids.social].sort());
    const unemployment = await nav.searchTransfers({ query: { topic: 'unemployment-benefit' } });
    expect(unemployment.items).toEqual([
      expect.objectContaining({
        handoffId: ids.unemployment,
        direction: 'in',
        status: 'completed',
        counterpart: { orgNumber: org.oslo, agencyName: 'Oslo kommune' },
        dataShared: ['topic', 'summary', 'transcript', 'identity'],
        consentReference: 'consent-story-6',
      }),
    ]);
    expect(unemployment.items[0]!.citizenPseudonym).toMatch(/^p-/);
    const outgoing = await nav.searchTransfers({ query: { direction: 'out', outcome: 'fallback' } });
    expect(outgoing.items.map((item) => item.handoffId)).toEqual([ids.permit]);

    const insights = await nav.getInsights({});
    const hour = Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Oslo', hour: '2-digit', hourCycle: 'h23' }).format(new Date()));
    expect(insights.transfers).toMatchObject({ total: 3, incoming: 2, outgoing: 1 });
    expect(insights.byHour.reduce((sum, count) => sum + count, 0)).toBe(3);
    expect(insights.byHour[hour]! + (insights.byHour[(hour + 23) % 24] ?? 0)).toBeGreaterThan(0);
    expect(insights.outcomes).toMatchObject({ accepted: 1, completed: 1, declined: 1, fallback: 1 });
    // Each ended transfer once: the completed one is not also counted as accepted; the social one has not ended.
    expect(insights.endings).toEqual({ completed: 1, returned: 0, cancelled: 0, fallback: 1 });
    expect(insights.timeToAccept.samples).toBe(1);
    expect(insights.flows).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ from: { orgNumber: org.oslo, agencyName: 'Oslo kommune' }, to: { orgNumber: org.nav, agencyName: 'NAV' }, count: 2 }),
        expect.objectContaining({ from: { orgNumber: org.nav, agencyName: 'NAV' }, to: { orgNumber: org.bergen, agencyName: 'Bergen kommune' }, count: 1 }),
      ]),
    );
  });

  it('opens one transfer’s timeline, verified, and exports CSV and CEF without personal data', async () => {
    const nav = asOperator(org.nav, 'nav-ops');
    const timeline = await nav.client.getTransferTimeline({ params: { id: ids.unemployment! } });
    expect(timeline.entries.map((entry) => entry.to)).toEqual(['requested', 'routed', 'offered', 'accepted', 'completed']);
    expect(timeline.entries[3]!.actor).toMatchObject({ role: 'target', orgNumber: org.nav, clientId: `local-${org.nav}` });
    expect(timeline.verification).toMatchObject({ valid: true, entries: 5, broken: null });

    const csv = await nav.get('/v1/audit/transfers.csv?direction=in');
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const rows = (await csv.text()).trim().split('\r\n');
    expect(rows[0]).toContain('handoff_id,created_at,direction');
    expect(rows).toHaveLength(3);
    expect(rows.join('\n')).toContain(ids.unemployment);

    const cef = (await (await nav.get('/v1/audit/events.cef?topic=unemployment-benefit')).text()).trim().split('\n');
    expect(cef).toHaveLength(5);
    for (const line of cef)
      expect(line).toMatch(/^CEF:0\|handoff-broker\|handoff-broker\|1\.0\|audit:access\|Handoff \w+\|INFO\|end=\d+ suid=\S+ duid=p-\S+ sproc=/);
    expect(cef.join('\n')).toContain('flexString1=Permit');

    const everything = [rows.join('\n'), cef.join('\n'), JSON.stringify(timeline)].join('\n');
    expect(everything).not.toContain(syntheticNationalId);
    expect(everything).not.toContain('dagpenger');
  });

  it('shows an agency only the transfers it took part in', async () => {
    const bergen = asOperator(org.bergen, 'bergen-ops').client;
    const seen = await bergen.searchTransfers({ query: {} });
    expect(seen.items.map((item) => item.handoffId)).toEqual([ids.permit]);
    expect((await asOperator(org.bergen, 'bergen-ops').get(`/v1/audit/transfers/${ids.unemployment}`)).status).toBe(404);
    expect((await asOperator(org.oslo, 'oslo-ops').get(`/v1/audit/transfers/${ids.permit}/verify`)).status).toBe(404);
    const osloInsights = await asOperator(org.oslo, 'oslo-ops').client.getInsights({});
    expect(osloInsights.transfers).toMatchObject({ total: 2, outgoing: 2, incoming: 0 });
    // Partner systems and advisers are not operations staff.
    expect((await broker.fetch('/v1/audit/transfers', { headers: { authorization: `Bearer ${await broker.token(org.nav)}` } })).status).toBe(401);
    expect(
      (await broker.fetch('/v1/audit/transfers', { headers: { authorization: `Bearer ${await broker.issuer.issueStaffToken(org.nav, 'nav-ana')}` } })).status,
    ).toBe(403);
  });

  it('catches a stored entry that was altered, or removed, and names it, in the API and the command-line verifier', async () => {
    const nav = asOperator(org.nav, 'nav-ops');
    const token = await broker.issuer.issueStaffToken(org.nav, 'nav-ops');
    // Run asynchronously: the broker answering the command lives in this very process.
    const cli = (id: string) =>
      new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
        execFile(
          process.execPath,
          ['node_modules/tsx/dist/cli.mjs', 'scripts/verify-audit.ts', id, '--url', broker.url, '--token', token],
          { cwd: projectRoot },
          (error, stdout, stderr) => resolve({ status: error ? (typeof error.code === 'number' ? error.code : 2) : 0, stdout, stderr }),
        );
      });

    const clean = await cli(ids.unemployment!);
    expect(clean.status, clean.stderr).toBe(0);
    expect(clean.stdout).toContain('valid: handoff');

    // Someone with table access quietly rewrites what was shared on the offer (entry 3, in the create's timeline item).
    const table = new DynamoDBClient({});
    const timelineItems = async (id: string) =>
      (
        await table.send(
          new QueryCommand({
            TableName: handoffTable.localName,
            KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
            ExpressionAttributeValues: { ':pk': { S: `HANDOFF#${id}` }, ':prefix': { S: 'TRANSITION#' } },
          }),
        )
      ).Items!.map((item) => unmarshall(item));
    const created = (await timelineItems(ids.unemployment!))[0]!;
    const entries = decodeCompactJson<{ seq: number; dataShared?: string[] }[]>(created.transitions as Uint8Array);
    entries.find((entry) => entry.seq === 3)!.dataShared = ['topic'];
    await table.send(new PutItemCommand({ TableName: handoffTable.localName, Item: marshall({ ...created, transitions: encodeCompactJson(entries) }) }));
    const verdict = await nav.client.verifyTransfer({ params: { id: ids.unemployment! } });
    expect(verdict).toMatchObject({ valid: false, broken: { seq: 3, problem: 'modified' } });
    const tampered = await cli(ids.unemployment!);
    expect(tampered.status).toBe(1);
    expect(tampered.stdout).toContain('entry 3');

    // … or deletes the last change of another transfer.
    const last = (await nav.client.getTransferTimeline({ params: { id: ids.permit! } })).entries.at(-1)!;
    expect(last.to).toBe('fallback');
    const lastChange = (await timelineItems(ids.permit!)).at(-1)!;
    expect(decodeCompactJson<{ seq: number }[]>(lastChange.transitions as Uint8Array).at(-1)!.seq).toBe(last.seq);
    await table.send(new DeleteItemCommand({ TableName: handoffTable.localName, Key: marshall({ pk: lastChange.pk, sk: lastChange.sk }) }));
    const cut = await nav.client.verifyTransfer({ params: { id: ids.permit! } });
    expect(cut).toMatchObject({ valid: false, broken: { problem: 'truncated' } });
    table.destroy();
  });
});
