import { describe, expect, it } from 'vitest';
import { HandoffId } from '#contracts/common';
import { CreateHandoffRequest } from '#contracts/handoff';
import { OpenFloorEnvelope, OpenFloorEvent } from '#contracts/openfloor';
import { declineReasonOf, handoffIdOfConversation, handoffRequestOf, textOf, topicOfSpeaker } from '#domain/open-floor';

const envelope = (events: unknown[], extra: Record<string, unknown> = {}) => ({
  openFloor: { schema: { version: '1.1.0' }, conversation: { id: 'conv:1' }, sender: { speakerUri: 'tag:nav.no,2026:frida' }, events, ...extra },
});
const said = (text: string, extra: Record<string, unknown> = {}) => ({
  speakerUri: 'tag:nav.no,2026:frida',
  features: { text: { mimeType: 'text/plain', tokens: [{ value: text }] } },
  ...extra,
});

describe('the contract’s Open Floor schemas', () => {
  it('read what the specification’s own examples send: history without ids or spans, extension members, 1.0.0’s context event', () => {
    const parsed = OpenFloorEnvelope.safeParse(
      envelope([
        { eventType: 'invite', to: { serviceUrl: 'https://broker.example/v1/openfloor' }, parameters: { dialogHistory: [said('Hei')] } },
        { eventType: 'context', parameters: { dialogHistory: [], custom: { anything: true } } },
      ]),
    );
    expect(parsed.error).toBeUndefined();
    expect(OpenFloorEnvelope.safeParse({ openFloor: { ...envelope([]).openFloor, vendorExtension: 1 } }).success).toBe(true);
  });

  it('refuse what no version allows, naming the place', () => {
    const failing = (value: unknown) => OpenFloorEnvelope.safeParse(value).error?.issues.map((issue) => issue.path.join('.'));
    expect(failing({ hello: 'floor' })).toContain('openFloor');
    expect(failing(envelope([{ eventType: 'danceParty' }]))).toEqual(['openFloor.events.0.eventType']);
    // The 1.0.0 schema's singular spelling is a fault of that schema; the specification says publishManifests.
    expect(failing(envelope([{ eventType: 'publishManifest' }]))).toEqual(['openFloor.events.0.eventType']);
    expect(failing(envelope([{ eventType: 'invite', parameters: {} }]))).toEqual(['openFloor.events.0.to']);
    expect(failing(envelope([{ eventType: 'acceptInvite', parameters: { extra: 1 } }]))).toEqual(['openFloor.events.0.parameters']);
    expect(failing(envelope([{ eventType: 'bye', to: {} }]))).toEqual(['openFloor.events.0.to']);
    expect(failing(envelope([{ eventType: 'utterance', parameters: { dialogEvent: said('x', { span: { startTime: 'a', startOffset: 'PT1S' } }) } }]))).toEqual([
      'openFloor.events.0.parameters.dialogEvent.span',
    ]);
    expect(failing({ openFloor: { ...envelope([]).openFloor, sender: { speakerUri: 'not a uri' } } })).toEqual(['openFloor.sender.speakerUri']);
    expect(failing({ ...envelope([]), more: 1 })).toEqual(['']);
  });

  it('tell the events apart by eventType', () => {
    expect(OpenFloorEvent.parse({ eventType: 'getManifests', parameters: { recommendScope: 'all' } })).toEqual({
      eventType: 'getManifests',
      parameters: { recommendScope: 'all' },
    });
    expect(OpenFloorEvent.safeParse({ eventType: 'getManifests', parameters: { recommendScope: 'everywhere' } }).success).toBe(false);
  });
});

describe('the Open Floor mapping', () => {
  it('maps declineInvite’s reason tokens to our decline reasons', () => {
    expect(declineReasonOf('@outOfDomain not mine')).toBe('out_of_scope');
    expect(declineReasonOf('@unavailable')).toBe('no_capacity');
    expect(declineReasonOf('@refused')).toBe('other');
    expect(declineReasonOf('no token, just words')).toBe('other');
    expect(declineReasonOf(undefined)).toBe('other');
  });

  it('reads an utterance’s text as its tokens’ values joined, and a topic from its speaker URI', () => {
    expect(textOf({ id: 'd', speakerUri: 'tag:a,2026:b', features: { text: { mimeType: 'text/plain', tokens: [{ value: 'Hei ' }, { value: 'du' }] } } })).toBe(
      'Hei du',
    );
    expect(topicOfSpeaker('tag:handoff-broker.no,2026:topic/pension')).toBe('pension');
    expect(topicOfSpeaker('tag:handoff-broker.no,2026:topic/astrology')).toBeUndefined();
    expect(topicOfSpeaker('tag:elsewhere.example,2026:topic/pension')).toBeUndefined();
  });

  it('derives one handoff id per agency and conversation, a valid UUID', () => {
    const id = handoffIdOfConversation('964338531', 'conv:1');
    expect(HandoffId.safeParse(id).success).toBe(true);
    expect(handoffIdOfConversation('964338531', 'conv:1')).toBe(id);
    expect(handoffIdOfConversation('964338531', 'conv:2')).not.toBe(id);
    expect(handoffIdOfConversation('958935420', 'conv:1')).not.toBe(id);
  });

  it('reads an invite to a topic as the v1 request it stands for: the sender’s last turn is the summary, the rest the transcript', () => {
    const kari = 'tag:bergen.kommune.no,2026:kari';
    const turn = (speakerUri: string, text: string, lang?: string) => ({
      speakerUri,
      span: { startTime: '2026-12-01T09:00:00Z' },
      features: { text: { mimeType: 'text/plain', ...(lang ? { lang } : {}), tokens: [{ value: text }] } },
    });
    const sender = { botId: 'kommune-kari', speakerUri: kari, language: 'nb' };
    const derived = handoffRequestOf(
      {
        to: { speakerUri: 'tag:handoff-broker.no,2026:topic/unemployment-benefit' },
        parameters: { dialogHistory: [turn('tag:x,2026:citizen', 'I lost my job'), turn(kari, 'I will pass you on'), turn(kari, 'Asks about benefit', 'en')] },
      },
      'conv:9',
      sender,
      '2026-12-01T10:00:00Z',
    );
    expect(derived).toMatchObject({
      topic: 'unemployment-benefit',
      request: {
        origin: { botId: 'kommune-kari', conversationId: 'conv:9' },
        language: 'en',
        consent: { shareTranscript: true, shareIdentity: false, reference: 'openfloor:conv:9' },
        context: {
          summary: { text: 'Asks about benefit', containsPersonalData: true },
          transcript: [
            { from: 'citizen', text: 'I lost my job' },
            { from: 'bot', text: 'I will pass you on' },
          ],
        },
      },
    });
    expect(CreateHandoffRequest.safeParse((derived as { request: unknown }).request).error).toBeUndefined();
    // Only a summary: the broker never claims for the bot that it names nobody.
    const bare = handoffRequestOf(
      { to: { speakerUri: 'tag:handoff-broker.no,2026:topic/pension' }, parameters: { dialogHistory: [turn(kari, 'Pension question')] } },
      'c',
      sender,
      '2026-12-01T10:00:00Z',
    );
    expect(bare).toMatchObject({ request: { language: 'nb', consent: { shareTranscript: true }, context: { summary: { containsPersonalData: true } } } });
    expect((bare as { request: { context: object } }).request.context).not.toHaveProperty('transcript');
    // A municipal topic routes by a municipality an invite cannot name.
    expect(
      handoffRequestOf(
        { to: { speakerUri: 'tag:handoff-broker.no,2026:topic/building-permit' }, parameters: { dialogHistory: [turn(kari, 'Garage')] } },
        'c',
        sender,
        'now',
      ),
    ).toHaveProperty('problem');
    expect(handoffRequestOf({ to: { speakerUri: 'tag:handoff-broker.no,2026:broker' } }, 'c', sender, '2026-12-01T10:00:00Z')).toHaveProperty('problem');
    expect(
      handoffRequestOf(
        { to: { speakerUri: 'tag:handoff-broker.no,2026:topic/pension' }, parameters: { dialogHistory: [turn('tag:x,2026:c', 'hi')] } },
        'c',
        sender,
        'now',
      ),
    ).toHaveProperty('problem');
  });
});
