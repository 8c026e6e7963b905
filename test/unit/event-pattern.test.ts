import { describe, expect, it } from 'vitest';
import { busEvents, eventPattern } from '#contracts/events';
import { rules } from '#platform/rules';
import { matchesPattern } from '#local/event-pattern';

const event = (detail: Record<string, unknown>, source: string = busEvents.handoffTransitioned.source) => ({
  version: '0',
  source,
  'detail-type': busEvents.handoffTransitioned.detailType,
  detail,
});

describe('event patterns on the local bus', () => {
  it('matches the broker’s rules exactly on the transitions they name', () => {
    const targets = (to: string, from = 'offered') =>
      Object.values(rules)
        .filter((rule) => matchesPattern(rule.pattern, event({ to, from })))
        .map((rule) => rule.target);
    // Each function hears the transitions it acts on (the audit projection reads the stream, not the bus).
    expect(targets('routed', 'declined')).toEqual(['dispatcher']);
    // The first routing or queueing is answered to the create request: nobody is told by webhook.
    expect(targets('routed', 'requested')).toEqual([]);
    expect(targets('queued', 'requested')).toEqual([]);
    // …except to a queue that has its own event bus: the dispatcher puts that on it.
    expect(
      Object.values(rules)
        .filter((rule) => matchesPattern(rule.pattern, event({ to: 'queued', from: 'requested', assignee: { kind: 'queue' } })))
        .map((rule) => rule.target),
    ).toEqual(['dispatcher']);
    expect(targets('queued', 'callback_scheduled')).toEqual(['dispatcher']);
    expect(targets('declined')).toEqual(['router']);
    expect(targets('expired')).toEqual(['router']);
    expect(targets('fallback')).toEqual(['dispatcher']);
    expect(targets('offered')).toEqual(['dispatcher']);
    const accepted = (kind: string) =>
      Object.values(rules)
        .filter((rule) => matchesPattern(rule.pattern, event({ to: 'accepted', assignee: { kind } })))
        .map((rule) => rule.target);
    expect(accepted('queue')).toEqual(['dispatcher', 'queueStats']);
    expect(accepted('bot')).toEqual(['dispatcher']);
    expect(Object.values(rules).some((rule) => matchesPattern(rule.pattern, event({ to: 'routed' }, 'someone.else')))).toBe(false);
  });

  it('supports the content-filter operators EventBridge documents', () => {
    const detail = { to: 'declined', topic: 'pension', seq: 4, tags: ['a', 'b'], actor: { role: 'target' } };
    const cases: [Record<string, unknown>, boolean][] = [
      [{ to: [{ prefix: 'dec' }] }, true],
      [{ to: [{ suffix: 'ned' }] }, true],
      [{ to: [{ 'anything-but': ['declined', 'expired'] }] }, false],
      [{ to: [{ 'anything-but': { prefix: 'exp' } }] }, true],
      [{ to: [{ 'equals-ignore-case': 'DECLINED' }] }, true],
      [{ seq: [{ numeric: ['>', 3, '<=', 4] }] }, true],
      [{ seq: [{ numeric: ['>', 4] }] }, false],
      [{ missing: [{ exists: false }] }, true],
      [{ topic: [{ exists: false }] }, false],
      [{ tags: ['b'] }, true],
      [{ actor: { role: ['target'] } }, true],
      [{ actor: { role: ['origin'] } }, false],
      [{ $or: [{ to: ['expired'] }, { topic: ['pension'] }] }, true],
      [{ missing: [{ 'anything-but': ['x'] }] }, false],
    ];
    for (const [pattern, expected] of cases) expect(matchesPattern({ detail: pattern }, { detail }), JSON.stringify(pattern)).toBe(expected);
  });

  it('builds catalogue patterns that select the catalogue event', () => {
    expect(eventPattern('handoffTransitioned', { to: ['accepted'] })).toEqual({
      source: ['no.handoff-broker'],
      'detail-type': ['HandoffTransitioned'],
      detail: { to: ['accepted'] },
    });
  });
});
