import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { encodeCompactJson } from '#adapters/compact-json';
import { brokerActor, type TransitionRecord } from '#domain/handoff';
import { announcementsOf, retryFrom } from '../../lambdas/stream/publisher.ts';

const handoffId = '7d1e2a4c-0b7e-4c55-9a0e-2f6f3f0c9d11';
const transition = (seq: number, from: TransitionRecord['from'], to: TransitionRecord['to']): TransitionRecord => ({
  handoffId,
  seq,
  version: seq,
  from,
  to,
  at: `2026-12-01T10:00:0${seq}.000Z`,
  actor: brokerActor,
  statusReason: null,
  topic: 'unemployment-benefit',
  language: 'nb',
  reason: 'out_of_scope',
  originOrgNumber: '889640782',
  assignee: to === 'requested' ? null : { kind: 'bot', orgNumber: '974760673', botId: 'frida' },
  priority: 'normal',
  dataShared: [],
  consentReference: null,
  prevHash: seq === 1 ? null : `h${seq - 1}`,
  hash: `h${seq}`,
});

const timelineRecord = (sequenceNumber: string, transitions: TransitionRecord[]): DynamoDBRecord => {
  const sk = `TRANSITION#${String(transitions[0]!.seq).padStart(6, '0')}`;
  return {
    eventName: 'INSERT',
    dynamodb: {
      SequenceNumber: sequenceNumber,
      Keys: { pk: { S: `HANDOFF#${handoffId}` }, sk: { S: sk } },
      NewImage: marshall({ pk: `HANDOFF#${handoffId}`, sk, transitions: encodeCompactJson(transitions) }) as never,
    },
  } as DynamoDBRecord;
};

describe('the outbox relay', () => {
  const created = timelineRecord('100', [transition(1, null, 'requested'), transition(2, 'requested', 'routed'), transition(3, 'routed', 'offered')]);
  const accepted = timelineRecord('200', [transition(4, 'offered', 'accepted')]);
  const announced = [created, accepted].flatMap((record) => announcementsOf(record).map((announcement) => ({ record, ...announcement })));

  it('announces each transition of a change, in order, as its own bus event', () => {
    expect(announced.map(({ entry }) => (entry.detail as { to: string }).to)).toEqual(['requested', 'routed', 'offered', 'accepted']);
    expect(announced.map(({ record }) => record.dynamodb!.SequenceNumber)).toEqual(['100', '100', '100', '200']);
  });

  it('retries from the record of the first event the bus refused, however many events that record holds', () => {
    expect(retryFrom(announced, [1])).toBe('100');
    expect(retryFrom(announced, [3, 2])).toBe('100');
    expect(retryFrom(announced, [3])).toBe('200');
  });
});
