import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { handoffStatuses, type HandoffStatus } from '#contracts/handoff';
import type { ActorRole } from '#contracts/events';
import { IllegalTransition, NotPermitted } from '#domain/errors';
import { DirectoryConfig } from '#contracts/directory';
import { deadlineMove, sweptStatuses } from '#domain/deadlines';
import { Directory } from '#domain/directory';
import { changeOf, deadlineAfter, isTerminal, lifecycle, move, openChange, queueTimedStatuses, type LifecycleSettings } from '#domain/handoff-lifecycle';
import { botRef, brokerActor, type Actor, type Handoff } from '#domain/handoff';
import { lifecycleDiagram } from '#domain/lifecycle-diagram';
import { testDirectory } from '../support/fixtures.ts';

const settings: LifecycleSettings = { offerTimeoutSeconds: 120, acceptedTimeoutSeconds: 3600 };
const roles: ActorRole[] = ['origin', 'target', 'broker'];
const actorIn = (role: ActorRole): Actor =>
  role === 'broker' ? brokerActor : { role, orgNumber: '889640782', clientId: 'test', supplierOrgNumber: null, botId: null, adviserId: null };

const handoffIn = (status: HandoffStatus): Handoff => ({
  id: '7f1c1a52-8c1b-4b59-9d3e-0d7a4f1c2b3a',
  version: 4,
  seq: 6,
  status,
  statusReason: null,
  createdAt: '2026-11-24T08:00:00.000Z',
  updatedAt: '2026-11-24T08:00:00.000Z',
  origin: { orgNumber: '958935420', botId: 'kommune-kari', conversationId: 'c-1' },
  target: { kind: 'topic' },
  reason: 'out_of_scope',
  topic: 'unemployment-benefit',
  language: 'nb',
  consent: { shareTranscript: true, shareIdentity: false, reference: 'consent-1' },
  assignee: botRef('889640782', 'frida'),
  candidates: [botRef('889640782', 'frida')],
  deadline: null,
  participants: ['958935420', '889640782'],
  priority: 'normal',
  flags: [],
  callback: null,
  waitingSince: null,
  contactChannel: null,
  auditHead: null,
  citizenPseudonym: 'h-test',
  contentExpiresAt: '2026-11-26T08:00:00.000Z',
  sharing: { categories: ['topic', 'summary'], identityNumbersRemoved: 0 },
});

const at = '2026-11-24T09:00:00.000Z';

describe('the handoff state machine', () => {
  // Every (from, to, role) triple: legal exactly when the lifecycle table lists it.
  for (const from of handoffStatuses) {
    for (const to of handoffStatuses) {
      for (const role of roles) {
        const allowed = lifecycle[from][to]?.includes(role) ?? false;
        it(`${from} → ${to} by ${role} is ${allowed ? 'legal' : 'refused'}`, () => {
          const queueDeadline = (queueTimedStatuses as readonly string[]).includes(to) ? { deadline: at } : {};
          const attempt = () => move(changeOf(handoffIn(from)), { to, actor: actorIn(role), at, ...queueDeadline }, settings);
          if (allowed) {
            const change = attempt();
            expect(change.handoff.status).toBe(to);
            expect(change.transitions).toEqual([expect.objectContaining({ from, to, actor: actorIn(role), seq: 7, version: 5 })]);
          } else if (lifecycle[from][to]) {
            expect(attempt).toThrow(NotPermitted);
          } else {
            expect(attempt).toThrow(IllegalTransition);
          }
        });
      }
    }
  }

  it('ends a handoff in exactly these states, the ones without a way out (the lifecycle is their one home)', () => {
    expect(handoffStatuses.filter(isTerminal).sort()).toEqual(['cancelled', 'completed', 'fallback', 'returned']);
  });

  it('lets every open state reach a terminal state', () => {
    const reachesEnd = (status: HandoffStatus, seen = new Set<HandoffStatus>()): boolean =>
      isTerminal(status) ||
      Object.keys(lifecycle[status]).some((next) => !seen.has(next as HandoffStatus) && reachesEnd(next as HandoffStatus, new Set([...seen, status])));
    for (const status of handoffStatuses) expect(reachesEnd(status), status).toBe(true);
  });

  it('gives a deadline to exactly the states the sweeper has a rule for, so nothing waits forever unnoticed', () => {
    const directory = new Directory(DirectoryConfig.parse(testDirectory({})));
    const withDeadline = handoffStatuses.filter(
      (status) => deadlineAfter(status, at, settings) !== null || (queueTimedStatuses as readonly string[]).includes(status),
    );
    expect(withDeadline.sort()).toEqual([...sweptStatuses].sort());
    const queued = { ...handoffIn('queued'), assignee: { kind: 'queue' as const, orgNumber: '889640782', queueId: 'work', adviserId: null } };
    for (const status of handoffStatuses) {
      const next = deadlineMove({ ...queued, status }, { now: new Date(at), directory });
      if ((sweptStatuses as readonly string[]).includes(status)) {
        expect(next, status).not.toBeNull();
        expect(lifecycle[status][next!.to], `${status} → ${next!.to}`).toContain('broker');
      } else {
        expect(next, status).toBeNull();
      }
    }
  });

  it('refuses to enter a queue-timed state without the queue’s deadline', () => {
    expect(() => move(changeOf(handoffIn('requested')), { to: 'queued', actor: brokerActor, at }, settings)).toThrow(/deadline/);
  });

  it('records a new handoff as the transition into requested, at version 1', () => {
    const handoff = handoffIn('requested');
    const change = openChange(
      {
        id: handoff.id,
        createdAt: at,
        origin: handoff.origin,
        target: handoff.target,
        reason: handoff.reason,
        topic: handoff.topic,
        language: handoff.language,
        consent: handoff.consent,
        assignee: null,
        candidates: handoff.candidates,
        participants: [handoff.origin.orgNumber],
        priority: 'normal',
        flags: [],
        callback: null,
        waitingSince: null,
        contactChannel: null,
        citizenPseudonym: 'h-test',
        contentExpiresAt: '2026-11-26T08:00:00.000Z',
        sharing: { categories: [], identityNumbersRemoved: 0 },
      },
      actorIn('origin'),
    );
    expect(change.expectedVersion).toBe(0);
    expect(change.handoff).toMatchObject({ version: 1, seq: 1, status: 'requested' });
    expect(change.transitions).toEqual([expect.objectContaining({ seq: 1, from: null, to: 'requested', consentReference: 'consent-1' })]);
  });

  it('commits several moves as one version step, each with its own sequence number', () => {
    const rerouted = move(
      move(changeOf(handoffIn('offered')), { to: 'declined', actor: actorIn('target'), at, statusReason: 'no_capacity' }, settings),
      { to: 'routed', actor: brokerActor, at, set: { assignee: botRef('964338531', 'kommune-kari') } },
      settings,
    );
    expect(rerouted.expectedVersion).toBe(4);
    expect(rerouted.handoff).toMatchObject({ version: 5, seq: 8, status: 'routed', participants: ['958935420', '889640782', '964338531'] });
    expect(rerouted.transitions.map((record) => [record.seq, record.version, record.to])).toEqual([
      [7, 5, 'declined'],
      [8, 5, 'routed'],
    ]);
    expect(rerouted.handoff.deadline).toBe('2026-11-24T09:02:00.000Z');
  });
});

describe('the state machine in docs/architecture.md', () => {
  it('is the diagram drawn from the lifecycle table, so the document cannot go stale', () => {
    const document = readFileSync(new URL('../../docs/architecture.md', import.meta.url), 'utf8');
    expect(document).toContain(`\`\`\`mermaid\n${lifecycleDiagram()}\n\`\`\``);
  });
});
