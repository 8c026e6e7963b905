import { describe, expect, it } from 'vitest';
import { DirectoryConfig } from '#contracts/directory';
import { Directory } from '#domain/directory';
import { InvalidRequest, NoRoute } from '#domain/errors';
import { botRef, queueRef } from '#domain/handoff';
import { planRoute, type RouteRequest } from '#domain/routing';
import { org, testDirectory } from '../support/fixtures.ts';

const directory = new Directory(DirectoryConfig.parse(testDirectory({})));
const request = (overrides: Partial<RouteRequest>): RouteRequest => ({
  originOrgNumber: org.oslo,
  target: { kind: 'topic' },
  topic: 'unemployment-benefit',
  language: 'nb',
  ...overrides,
});

describe('routing', () => {
  it('sends a national topic to the agency responsible for it, its bots ranked by topic and language', () => {
    expect(planRoute(directory, request({ language: 'en' })).candidates).toEqual([botRef(org.nav, 'frida'), botRef(org.nav, 'frida-reserve')]);
  });

  it('sends a human handoff to the origin’s own advisers when the origin handles the topic itself, and elsewhere otherwise', () => {
    expect(planRoute(directory, request({ originOrgNumber: org.nav, target: { kind: 'human' } }))).toEqual({
      candidates: [queueRef(org.nav, 'work')],
      interpreterNeeded: false,
    });
    expect(planRoute(directory, request({ originOrgNumber: org.oslo, target: { kind: 'human' } })).candidates).toEqual([queueRef(org.nav, 'work')]);
    expect(
      planRoute(directory, request({ originOrgNumber: org.oslo, target: { kind: 'human' }, topic: 'building-permit', municipalityNumber: '0301' })).candidates,
    ).toEqual([queueRef(org.oslo, 'service-desk')]);
  });

  it('sends a municipal topic to the citizen’s own municipality, chosen by municipality number', () => {
    expect(planRoute(directory, request({ originOrgNumber: org.nav, topic: 'building-permit', municipalityNumber: '4601' })).candidates).toEqual([
      botRef(org.bergen, 'kommune-kari'),
    ]);
  });

  it('asks for the municipality number when a municipal topic comes without one', () => {
    expect(() => planRoute(directory, request({ topic: 'snow-clearing' }))).toThrow(InvalidRequest);
    try {
      planRoute(directory, request({ topic: 'snow-clearing' }));
    } catch (error) {
      expect((error as InvalidRequest).fields[0]!.path).toEqual(['context', 'attributes', 'municipalityNumber']);
    }
  });

  it('has no route to a municipality that is not in the directory', () => {
    expect(() => planRoute(directory, request({ topic: 'kindergarten', municipalityNumber: '9999' }))).toThrow(NoRoute);
  });

  it('does not hand a national topic back to the agency that is responsible for it', () => {
    expect(() => planRoute(directory, request({ originOrgNumber: org.nav }))).toThrow(NoRoute);
  });

  it('honours an explicit bot and refuses one that is not in the directory, naming the field', () => {
    expect(planRoute(directory, request({ target: { kind: 'bot', orgNumber: org.nav, botId: 'frida-reserve' } })).candidates).toEqual([
      botRef(org.nav, 'frida-reserve'),
    ]);
    const unknown = () => planRoute(directory, request({ target: { kind: 'bot', orgNumber: org.nav, botId: 'nobody' } }));
    expect(unknown).toThrow(expect.objectContaining({ fields: [expect.objectContaining({ path: ['target', 'botId'] })] }));
  });

  it('routes to a named agency’s bots, best match first, and refuses an unknown agency', () => {
    expect(planRoute(directory, request({ target: { kind: 'agency', orgNumber: org.bergen }, topic: 'pension' })).candidates[0]).toEqual(
      botRef(org.bergen, 'kommune-kari'),
    );
    expect(() => planRoute(directory, request({ target: { kind: 'agency', orgNumber: '974760673' } }))).toThrow(InvalidRequest);
  });

  it('sends a human handoff to the queue whose skills hold topic and language', () => {
    expect(planRoute(directory, request({ target: { kind: 'human' }, language: 'ro' }))).toEqual({
      candidates: [queueRef(org.nav, 'work')],
      interpreterNeeded: false,
    });
    expect(planRoute(directory, request({ target: { kind: 'human', orgNumber: org.nav }, topic: 'social-assistance' }))).toEqual({
      candidates: [queueRef(org.nav, 'social')],
      interpreterNeeded: false,
    });
  });

  it('falls back to the queue for the topic and says an interpreter is needed when nobody speaks the language', () => {
    expect(planRoute(directory, request({ target: { kind: 'human' }, topic: 'social-assistance', language: 'ro' }))).toEqual({
      candidates: [queueRef(org.nav, 'social')],
      interpreterNeeded: true,
    });
  });

  it('has no human route to an agency without a queue for the topic, and refuses an unknown queue', () => {
    expect(() => planRoute(directory, request({ target: { kind: 'human', orgNumber: org.bergen }, topic: 'kindergarten' }))).toThrow(NoRoute);
    expect(() => planRoute(directory, request({ target: { kind: 'queue', orgNumber: org.nav, queueId: 'nope' } }))).toThrow(
      expect.objectContaining({ fields: [expect.objectContaining({ path: ['target', 'queueId'] })] }),
    );
  });
});
