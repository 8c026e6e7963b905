import { describe, expect, it } from 'vitest';
import { DirectoryConfig } from '#contracts/directory';
import { Directory } from '#domain/directory';
import { directoryAt } from '#domain/use-cases/read-directory';
import { laterOpening, org, testDirectory } from '../support/fixtures.ts';

describe('the directory as partners read it', () => {
  const now = new Date();

  it('says per queue whether it is open now, until when, or when it opens next; and whether a person at the agency can take over', () => {
    const view = directoryAt(new Directory(DirectoryConfig.parse(testDirectory({}, now))), now);
    const nav = view.agencies.find((agency) => agency.orgNumber === org.nav)!;
    const work = nav.queues.find((queue) => queue.id === 'work')!;
    const pension = nav.queues.find((queue) => queue.id === 'pension')!;
    expect(work.availability).toMatchObject({ open: true, nextOpening: null });
    expect(Date.parse(work.availability.closesAt!)).toBeGreaterThan(now.getTime());
    expect(pension.availability).toEqual({ open: false, closesAt: null, nextOpening: laterOpening(now).opensAt });
    expect(nav.humans).toEqual({ availableNow: true, nextOpening: null });
  });

  it('gives an agency whose queues are all closed the earliest next opening', () => {
    const config = testDirectory({}, now);
    const navConfig = config.agencies.find((agency) => agency.orgNumber === org.nav)!;
    navConfig.queues = navConfig.queues!.filter((queue) => queue.id === 'pension');
    navConfig.advisers = navConfig
      .advisers!.map((adviser) => ({ ...adviser, queues: adviser.queues.filter((queue) => queue === 'pension') }))
      .filter((adviser) => adviser.queues.length);
    const nav = directoryAt(new Directory(DirectoryConfig.parse(config)), now).agencies.find((agency) => agency.orgNumber === org.nav)!;
    expect(nav.humans).toEqual({ availableNow: false, nextOpening: laterOpening(now).opensAt });
  });

  it('never promises an opening for a queue with nobody on its roster', () => {
    const config = testDirectory({}, now);
    config.agencies.find((agency) => agency.orgNumber === org.nav)!.advisers = [];
    const nav = directoryAt(new Directory(DirectoryConfig.parse(config)), now).agencies.find((agency) => agency.orgNumber === org.nav)!;
    for (const queue of nav.queues) expect(queue.availability).toEqual({ open: false, closesAt: null, nextOpening: null });
    expect(nav.humans).toEqual({ availableNow: false, nextOpening: null });
  });
});
