import { describe, expect, it } from 'vitest';
import { handoffStatuses, terminalStatuses, type HandoffStatus } from '#contracts/handoff';
import type { ActorRole } from '#contracts/events';
import { IllegalTransition, NotPermitted } from '#domain/errors';
import { changeOf, deadlineAfter, isTerminal, lifecycle, move, onDeadline, openChange, type LifecycleSettings } from '#domain/handoff-lifecycle';
import { brokerActor, type Actor, type Handoff } from '#domain/handoff';

const settings: LifecycleSettings = { offerTimeoutSeconds: 120, acceptedTimeoutSeconds: 3600 };
const roles: ActorRole[] = ['origin', 'target', 'broker'];
const actorIn = (role: ActorRole): Actor => (role === 'broker' ? brokerActor : { role, orgNumber: '889640782', clientId: 'test' });

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
  assignee: { orgNumber: '889640782', botId: 'frida' },
  candidates: [{ orgNumber: '889640782', botId: 'frida' }],
  deadline: null,
  participants: ['958935420', '889640782'],
});

const at = '2026-11-24T09:00:00.000Z';

describe('the handoff state machine', () => {
  // Every (from, to, role) triple: legal exactly when the lifecycle table lists it.
  for (const from of handoffStatuses) {
    for (const to of handoffStatuses) {
      for (const role of roles) {
        const allowed = lifecycle[from][to]?.includes(role) ?? false;
        it(`${from} → ${to} by ${role} is ${allowed ? 'legal' : 'refused'}`, () => {
          const attempt = () => move(changeOf(handoffIn(from)), { to, actor: actorIn(role), at }, settings);
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

  it('has exactly the contract’s terminal states as states without a way out', () => {
    expect(handoffStatuses.filter(isTerminal).sort()).toEqual([...terminalStatuses].sort());
  });

  it('lets every open state reach a terminal state', () => {
    const reachesEnd = (status: HandoffStatus, seen = new Set<HandoffStatus>()): boolean =>
      isTerminal(status) || Object.keys(lifecycle[status]).some((next) => !seen.has(next as HandoffStatus) && reachesEnd(next as HandoffStatus, new Set([...seen, status])));
    for (const status of handoffStatuses) expect(reachesEnd(status), status).toBe(true);
  });

  it('gives a deadline to exactly the states the sweeper has a rule for, so nothing waits forever unnoticed', () => {
    const withDeadline = handoffStatuses.filter((status) => deadlineAfter(status, at, settings) !== null);
    expect(withDeadline.sort()).toEqual(Object.keys(onDeadline).sort());
    for (const [from, rule] of Object.entries(onDeadline)) expect(lifecycle[from as HandoffStatus][rule.to]).toContain('broker');
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
        deadline: null,
        participants: [handoff.origin.orgNumber],
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
      { to: 'routed', actor: brokerActor, at, set: { assignee: { orgNumber: '964338531', botId: 'kommune-kari' } } },
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
