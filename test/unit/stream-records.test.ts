import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { encodeCompactJson } from '#adapters/compact-json';
import { insertedMessage, insertedTransitions } from '#adapters/stream-records';
import type { TransitionRecord } from '#domain/handoff';

const transition = (seq: number, to: string) => ({ handoffId: 'h-1', seq, from: null, to, at: '2026-12-01T10:00:00.000Z' }) as unknown as TransitionRecord;
const created = [transition(1, 'requested'), transition(2, 'routed'), transition(3, 'offered')];

/** A stream record as Lambda's event carries it: plain JSON, so a binary attribute is base64 text. */
function lambdaRecord(eventName: 'INSERT' | 'MODIFY', sk: string, image: Record<string, unknown>): DynamoDBRecord {
  const attributes = marshall({ pk: 'HANDOFF#h-1', sk, ...image });
  const json = Object.fromEntries(
    Object.entries(attributes).map(([name, value]) => [name, value.B ? { B: Buffer.from(value.B).toString('base64') } : JSON.parse(JSON.stringify(value))]),
  );
  return { eventName, dynamodb: { Keys: { pk: { S: 'HANDOFF#h-1' }, sk: { S: sk } }, NewImage: json } } as DynamoDBRecord;
}

/** The same record as the local poller reads it through the SDK: binary attributes as bytes. */
const sdkRecord = (eventName: 'INSERT' | 'MODIFY', sk: string, image: Record<string, unknown>) =>
  ({ eventName, dynamodb: { Keys: { pk: { S: 'HANDOFF#h-1' }, sk: { S: sk } }, NewImage: marshall({ pk: 'HANDOFF#h-1', sk, ...image }) } }) as DynamoDBRecord;

describe('stream records', () => {
  it('give a change’s transitions in order, from Lambda’s JSON event and from the SDK alike', () => {
    const image = { transitions: encodeCompactJson(created) };
    expect(insertedTransitions(lambdaRecord('INSERT', 'TRANSITION#000001', image))).toEqual(created);
    expect(insertedTransitions(sdkRecord('INSERT', 'TRANSITION#000001', image))).toEqual(created);
  });

  it('still read a timeline item written one transition to an item', () => {
    expect(insertedTransitions(sdkRecord('INSERT', 'TRANSITION#000004', { transition: transition(4, 'accepted') }))).toEqual([transition(4, 'accepted')]);
  });

  it('announce nothing for a change of an item, or for an item that is no timeline', () => {
    expect(insertedTransitions(sdkRecord('MODIFY', 'TRANSITION#000001', { transitions: encodeCompactJson(created) }))).toEqual([]);
    expect(insertedTransitions(sdkRecord('INSERT', 'STATE', { version: 1 }))).toEqual([]);
    expect(insertedMessage(sdkRecord('INSERT', 'TRANSITION#000001', { transitions: encodeCompactJson(created) }))).toBeUndefined();
  });
});
