import { describe, expect, it } from 'vitest';
import type { TransferSummary } from '#contracts/audit';
import { DirectoryConfig } from '#contracts/directory';
import { entryHash, verifyChain } from '#domain/audit-chain';
import { cefLine, transfersCsv } from '#domain/audit-export';
import { Directory } from '#domain/directory';
import type { TransitionRecord } from '#domain/handoff';
import { insightIncrements } from '#domain/insights';
import { isTerminal } from '#domain/handoff-lifecycle';
import { handoffStatuses } from '#contracts/handoff';
import { actOnHandoff } from '#domain/use-cases/act-on-handoff';
import { exportAuditCef, exportTransfersCsv } from '#domain/use-cases/export-transfers';
import { projectTransition } from '#domain/use-cases/project-transition';
import { transferTimeline } from '#domain/use-cases/read-transfer';
import { insights } from '#domain/use-cases/report-insights';
import { searchTransfers } from '#domain/use-cases/search-transfers';
import { dispatchTransition } from '#domain/use-cases/dispatch-transition';
import { openHandoff } from '#domain/use-cases/open-handoff';
import { busPump, domainWorld, operator, partner, RecordingSender } from '../support/domain-world.ts';
import { InvalidCursor } from '#domain/errors';
import { org, syntheticNationalId, testDirectory, unemploymentQuestion } from '../support/fixtures.ts';

/** A small world where every transition is projected at once, as the bus would. */
function world() {
  const { deps: base, store, clock } = domainWorld();
  const deps = { ...base, webhooks: new RecordingSender() };
  const project = busPump(store, {
    dispatcher: (entry) => dispatchTransition(deps, entry),
    auditProjection: (entry) => projectTransition(deps, entry),
  });
  return { deps, store, clock, project };
}

describe('the audit chain', () => {
  async function chainOf() {
    const { deps, store, clock, project } = world();
    const { id } = await openHandoff(deps, partner(org.oslo), unemploymentQuestion());
    await project();
    clock.advance(30);
    await actOnHandoff(deps, partner(org.nav), id, { kind: 'accept' });
    clock.advance(300);
    await actOnHandoff(deps, partner(org.nav), id, { kind: 'complete', resolution: 'resolved' });
    await project();
    const handoff = (await store.get(id))!;
    return { entries: store.table.timelineOf(id), head: handoff.auditHead };
  }

  it('links every transition to the one before, and verifies', async () => {
    const { entries, head } = await chainOf();
    expect(entries.map((entry) => entry.to)).toEqual(['requested', 'routed', 'offered', 'accepted', 'completed']);
    expect(entries[0]!.prevHash).toBeNull();
    for (let index = 1; index < entries.length; index += 1) expect(entries[index]!.prevHash).toBe(entries[index - 1]!.hash);
    expect(head).toBe(entries.at(-1)!.hash);
    expect(verifyChain(entries, head)).toEqual({ valid: true, entries: 5, broken: null });
  });

  it('finds a modified, a removed, an inserted, a reordered and a cut-off entry, and names it', async () => {
    const { entries, head } = await chainOf();
    const modified = entries.map((entry) => (entry.seq === 3 ? { ...entry, dataShared: ['topic' as const] } : entry));
    expect(verifyChain(modified, head).broken).toMatchObject({ seq: 3, problem: 'modified' });

    const removed = entries.filter((entry) => entry.seq !== 2);
    expect(verifyChain(removed, head).broken).toMatchObject({ position: 2, seq: 3, problem: 'missing' });

    const forged = { ...entries[1]!, to: 'fallback' as const, prevHash: entries[1]!.hash };
    const inserted = [...entries.slice(0, 2), { ...forged, hash: entryHash({ ...forged, hash: undefined } as never) }, ...entries.slice(2)];
    expect(verifyChain(inserted as TransitionRecord[], head).valid).toBe(false);

    const reordered = [entries[0]!, entries[2]!, entries[1]!, ...entries.slice(3)];
    expect(verifyChain(reordered, head).broken).toMatchObject({ position: 2, problem: 'missing' });

    expect(verifyChain(entries.slice(0, -1), head).broken).toMatchObject({ problem: 'truncated' });
  });

  it('records who acted, what was shared under which consent, and never content or identity numbers', async () => {
    const { deps, store, project } = world();
    const { id } = await openHandoff(
      deps,
      partner(org.oslo),
      unemploymentQuestion({ consent: { shareTranscript: true, shareIdentity: true, reference: 'consent-7' }, citizen: { nationalId: syntheticNationalId } }),
    );
    await project();
    const entries = store.table.timelineOf(id);
    expect(entries[0]!.actor).toEqual({
      role: 'origin',
      orgNumber: org.oslo,
      clientId: `client-${org.oslo}`,
      supplierOrgNumber: null,
      botId: 'kommune-kari',
      adviserId: null,
    });
    expect(entries.find((entry) => entry.to === 'offered')).toMatchObject({
      dataShared: ['topic', 'summary', 'transcript', 'identity'],
      consentReference: 'consent-7',
    });
    const everything = JSON.stringify([entries, await exportAuditCef(deps, operator(org.nav), {}), await exportTransfersCsv(deps, operator(org.nav), {})]);
    expect(everything).not.toContain(syntheticNationalId);
    expect(everything).not.toContain('dagpenger');
    expect((await store.get(id))!.citizenPseudonym).toMatch(/^p-/);
  });
});

describe('the audit projection', () => {
  it('pages through "the last week" with its cursor while the clock moves on, and refuses the cursor for another query or caller', async () => {
    const { deps, project, clock } = world();
    const ids = [];
    for (let index = 0; index < 3; index += 1) {
      ids.push((await openHandoff(deps, partner(org.oslo), unemploymentQuestion())).id);
      clock.advance(10);
    }
    await project();
    const first = await searchTransfers(deps, operator(org.oslo), { limit: 2 });
    expect(first.items).toHaveLength(2);
    clock.advance(60);
    const second = await searchTransfers(deps, operator(org.oslo), { limit: 2, cursor: first.nextCursor! });
    expect([...first.items, ...second.items].map((item) => item.handoffId).sort()).toEqual([...ids].sort());
    expect(second.nextCursor).toBeNull();
    await expect(searchTransfers(deps, operator(org.oslo), { limit: 2, topic: 'pension', cursor: first.nextCursor! })).rejects.toBeInstanceOf(InvalidCursor);
    await expect(searchTransfers(deps, operator(org.nav), { limit: 2, cursor: first.nextCursor! })).rejects.toBeInstanceOf(InvalidCursor);
  });

  it('keeps one record per agency that took part, out for the origin and in for the receiver', async () => {
    const { deps, project, clock } = world();
    const { id } = await openHandoff(deps, partner(org.oslo), unemploymentQuestion());
    await project();
    clock.advance(42);
    await actOnHandoff(deps, partner(org.nav), id, { kind: 'accept' });
    await project();
    const out = await searchTransfers(deps, operator(org.oslo), {});
    const inbound = await searchTransfers(deps, operator(org.nav), {});
    expect(out.items).toEqual([
      expect.objectContaining({
        handoffId: id,
        direction: 'out',
        counterpart: { orgNumber: org.nav, agencyName: 'NAV' },
        status: 'accepted',
        secondsToAccept: 42,
      }),
    ]);
    expect(inbound.items).toEqual([
      expect.objectContaining({
        handoffId: id,
        direction: 'in',
        counterpart: { orgNumber: org.oslo, agencyName: 'Oslo kommune' },
        receiving: expect.objectContaining({ kind: 'bot', name: 'Frida' }),
      }),
    ]);
    expect((await searchTransfers(deps, operator(org.bergen), {})).items).toEqual([]);
    await expect(transferTimeline(deps, operator(org.bergen), id)).rejects.toThrow('no handoff');
  });

  it('counts each event once in the insights, however often it is delivered', async () => {
    const { deps, store, project, clock } = world();
    const { id } = await openHandoff(deps, partner(org.oslo), unemploymentQuestion());
    await project();
    clock.advance(60);
    await actOnHandoff(deps, partner(org.nav), id, { kind: 'accept' });
    await project();
    // Delivered again, an event that counted adds nothing; one that counts nothing stays so.
    for (const entry of store.table.timelineOf(id)) expect(['replayed', 'superseded']).toContain(await projectTransition(deps, entry));
    const nav = await insights(deps, operator(org.nav), {});
    expect(nav).toMatchObject({
      transfers: { total: 1, incoming: 1, outgoing: 0, outsideOfficeHours: 0 },
      outcomes: { accepted: 1 },
      timeToAccept: { samples: 1, p50Seconds: 60, p95Seconds: 60 },
      topTopics: [{ topic: 'unemployment-benefit', count: 1 }],
      topReasons: [{ reason: 'out_of_scope', count: 1 }],
      flows: [{ from: { orgNumber: org.oslo }, to: { orgNumber: org.nav }, count: 1 }],
    });
    expect(nav.byHour[10]).toBe(1);
    expect(nav.byWeekday.tue).toBe(1);
  });

  it('counts a transition stored after the state was read by its own record, not twice', async () => {
    const { deps, store } = world();
    const { id } = await openHandoff(deps, partner(org.oslo), unemploymentQuestion());
    const offered = (await store.get(id))!;
    await actOnHandoff(deps, partner(org.nav), id, { kind: 'accept' });
    // A batch read the state before the accept was stored (the projection reads each handoff once per batch),
    // and a timeline that already holds it (a query's pages are not one snapshot).
    const timeline = store.table.timelineOf(id);
    const stale = { ...deps, store: { ...deps.store, projectionInputs: async () => ({ handoff: offered, timeline, countedThrough: 0 }) } };
    expect(await projectTransition(stale, timeline.find((entry) => entry.seq === offered.seq)!)).toBe('projected');
    expect(await projectTransition(deps, timeline.at(-1)!)).toBe('projected');
    for (const entry of timeline) expect(['replayed', 'superseded']).toContain(await projectTransition(deps, entry));
    const nav = await insights(deps, operator(org.nav), {});
    expect(nav.outcomes.accepted).toBe(1);
    expect(nav.transfers.incoming).toBe(1);
  });

  it('counts each ended transfer once, by the terminal state it ended in', async () => {
    const { deps, project } = world();
    const { id } = await openHandoff(deps, partner(org.oslo), unemploymentQuestion());
    await project();
    await actOnHandoff(deps, partner(org.nav), id, { kind: 'accept' });
    await actOnHandoff(deps, partner(org.nav), id, { kind: 'complete', resolution: 'resolved' });
    await project();
    const nav = await insights(deps, operator(org.nav), {});
    expect(nav.outcomes).toMatchObject({ accepted: 1, completed: 1 });
    expect(nav.endings).toEqual({ completed: 1, returned: 0, cancelled: 0, fallback: 0 });
    // The endings are the lifecycle's terminal states, no more, no fewer.
    expect(Object.keys(nav.endings).sort()).toEqual(handoffStatuses.filter(isTerminal).sort());
  });

  it('counts a transfer outside the agency’s office hours as such', () => {
    const directory = new Directory(DirectoryConfig.parse(testDirectory({})));
    const entry = {
      to: 'requested',
      from: null,
      at: '2026-11-24T21:30:00.000Z',
      topic: 'pension',
      reason: 'risk',
      originOrgNumber: org.oslo,
      assignee: null,
    } as unknown as TransitionRecord;
    expect(insightIncrements(entry, entry.at, directory)).toEqual([
      { orgNumber: org.oslo, day: '2026-11-24', counters: { total: 1, out: 1, hour_22: 1, weekday_tue: 1, outside: 1, topic_pension: 1, reason_risk: 1 } },
    ]);
  });
});

describe('exports', () => {
  const entry = {
    handoffId: '00000000-0000-4000-8000-000000000001',
    seq: 3,
    version: 2,
    from: 'routed',
    to: 'offered',
    at: '2026-11-24T09:00:00.000Z',
    actor: { role: 'broker', orgNumber: null, clientId: null, supplierOrgNumber: null, botId: null, adviserId: null },
    statusReason: null,
    topic: 'unemployment-benefit',
    language: 'nb',
    reason: 'out_of_scope',
    originOrgNumber: org.oslo,
    assignee: { kind: 'bot', orgNumber: org.nav, botId: 'frida' },
    priority: 'normal',
    dataShared: ['topic', 'summary'],
    consentReference: 'consent=42|x',
    prevHash: 'abc',
    hash: 'def',
  } as TransitionRecord;

  it('writes CEF as NAV’s audit pipeline reads it, with a pseudonym as duid and escaped values', () => {
    expect(cefLine(entry, 'p-pseudonym')).toBe(
      'CEF:0|handoff-broker|handoff-broker|1.0|audit:access|Handoff offered|INFO|end=1795510800000 suid=handoff-broker duid=p-pseudonym sproc=00000000-0000-4000-8000-000000000001 act=offered request=routed->offered cs1Label=dataShared cs1=topic,summary cs2Label=consentReference cs2=consent\\=42|x cs3Label=topic cs3=unemployment-benefit cs4Label=auditHash cs4=def flexString1Label=Decision flexString1=Permit',
    );
    expect(cefLine({ ...entry, to: 'declined', actor: { ...entry.actor, role: 'target', orgNumber: org.nav, botId: 'frida' } }, 'p-x')).toContain(
      'suid=889640782:frida',
    );
    expect(cefLine({ ...entry, to: 'declined' }, 'p-x')).toContain('flexString1=Deny');
  });

  const summary: TransferSummary = {
    handoffId: entry.handoffId,
    direction: 'out',
    createdAt: entry.at,
    updatedAt: entry.at,
    origin: { orgNumber: org.oslo, agencyName: 'Oslo kommune' },
    receiving: { orgNumber: org.nav, agencyName: 'NAV, Oslo', kind: 'bot', name: 'Frida "the bot"' },
    counterpart: { orgNumber: org.nav, agencyName: 'NAV' },
    topic: 'unemployment-benefit',
    reason: 'out_of_scope',
    language: 'nb',
    priority: 'normal',
    status: 'accepted',
    statusReason: null,
    acceptedAt: entry.at,
    secondsToAccept: 12,
    closedAt: null,
    dataShared: ['topic', 'summary'],
    consentReference: null,
    citizenPseudonym: 'h-abc',
  };

  it('writes RFC 4180 CSV, quoting what needs quoting', () => {
    const [header, row] = transfersCsv([summary]).split('\r\n');
    expect(header!.split(',')).toContain('citizen_pseudonym');
    expect(row).toContain('"NAV, Oslo"');
    expect(row).toContain('"bot:Frida ""the bot"""');
    expect(row).toContain(',topic summary,');
  });

  it('writes a value a spreadsheet would run as a formula as plain text', () => {
    const row = transfersCsv([{ ...summary, consentReference: '=HYPERLINK("http://x")' }]).split('\r\n')[1];
    expect(row).toContain(`"'=HYPERLINK(""http://x"")"`);
  });

  it('guards formulas behind leading spaces, tabs, invisible characters and full-width signs', () => {
    for (const sneaky of [' =1+1', '\u00a0=1+1', '\u200b@SUM(A1)', '\t=1', '＝1+1', ' \n-2']) {
      const row = transfersCsv([{ ...summary, consentReference: sneaky }])
        .split('\r\n')
        .slice(1)
        .join('\r\n');
      expect(row, JSON.stringify(sneaky)).toContain(`'${sneaky}`);
    }
  });

  it('keeps every audit entry on one CEF line, whatever line terminators a value holds', () => {
    const forged = 'x\rCEF:0|evil|evil|1|audit:access|forged|10|suid=admin';
    for (const terminator of ['\n', '\r', '\r\n', '\u2028', '\u2029', '\u0085', '\u000b', '\u000c']) {
      const line = cefLine({ ...entry, consentReference: `ref${terminator}${forged}`, topic: `t${terminator}` as never }, 'p');
      // biome-ignore lint/suspicious/noControlCharactersInRegex: every line terminator a CEF reader might split on, on purpose.
      expect(line.split(/\r\n|[\n\r\u2028\u2029\u0085\u000b\u000c]/), JSON.stringify(terminator)).toHaveLength(1);
      expect(line.startsWith('CEF:0|handoff-broker|')).toBe(true);
    }
    expect(cefLine({ ...entry, consentReference: 'a\nb\rc' }, 'p')).toContain('cs2=a\\nb\\rc');
  });
});
