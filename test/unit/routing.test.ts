import { describe, expect, it } from 'vitest';
import { DirectoryConfig } from '#contracts/directory';
import { Directory } from '#domain/directory';
import { InvalidRequest, NoRoute } from '#domain/errors';
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
    expect(planRoute(directory, request({ language: 'en' }))).toEqual([
      { orgNumber: org.nav, botId: 'frida' },
      { orgNumber: org.nav, botId: 'frida-reserve' },
    ]);
  });

  it('sends a municipal topic to the citizen’s own municipality, chosen by municipality number', () => {
    expect(planRoute(directory, request({ originOrgNumber: org.nav, topic: 'building-permit', municipalityNumber: '4601' }))).toEqual([
      { orgNumber: org.bergen, botId: 'kommune-kari' },
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
    expect(planRoute(directory, request({ target: { kind: 'bot', orgNumber: org.nav, botId: 'frida-reserve' } }))).toEqual([
      { orgNumber: org.nav, botId: 'frida-reserve' },
    ]);
    const unknown = () => planRoute(directory, request({ target: { kind: 'bot', orgNumber: org.nav, botId: 'nobody' } }));
    expect(unknown).toThrow(expect.objectContaining({ fields: [expect.objectContaining({ path: ['target', 'botId'] })] }));
  });

  it('routes to a named agency’s bots, best match first, and refuses an unknown agency', () => {
    expect(planRoute(directory, request({ target: { kind: 'agency', orgNumber: org.bergen }, topic: 'pension' }))[0]).toEqual({
      orgNumber: org.bergen,
      botId: 'kommune-kari',
    });
    expect(() => planRoute(directory, request({ target: { kind: 'agency', orgNumber: '974760673' } }))).toThrow(InvalidRequest);
  });
});
