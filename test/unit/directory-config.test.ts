import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DirectoryConfig } from '#contracts/directory';
import { expandEnvironment, loadDirectoryFile } from '#adapters/directory-file';
import { org, testDirectory } from '../support/fixtures.ts';

const demoFile = new URL('../../demo/directory.json', import.meta.url).pathname;

describe('the directory file', () => {
  it('loads the demo directory with the welfare agency and municipalities by number', () => {
    const directory = loadDirectoryFile(demoFile, { DEMO_BOTS_URL: 'http://localhost:3001' });
    expect(directory.agency(org.nav)?.name).toBe('NAV');
    expect(directory.municipality('0301')?.name).toBe('Oslo kommune');
    expect(directory.municipality('4601')?.name).toBe('Bergen kommune');
    expect(directory.bot({ orgNumber: org.nav, botId: 'frida' })?.webhookUrl).toBe('http://localhost:3001/bots/889640782/frida/webhook');
  });

  it('refuses a reference to an environment variable that is not set', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the directory's placeholder syntax, under test.
    expect(() => expandEnvironment('${NOT_SET_ANYWHERE}', {})).toThrow(/NOT_SET_ANYWHERE/);
  });

  it('names each invalid field: duplicate agencies, a municipality without number, a bad check digit', () => {
    const config = testDirectory({});
    const broken = {
      agencies: [
        ...config.agencies,
        { ...config.agencies[0]!, name: 'NAV again' },
        { ...config.agencies[1]!, orgNumber: '974760673', municipalityNumber: undefined },
        { ...config.agencies[2]!, orgNumber: '964338532' },
      ],
    };
    const result = DirectoryConfig.safeParse(broken);
    expect(result.success).toBe(false);
    const paths = result.error!.issues.map((issue) => issue.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['agencies.5.orgNumber', 'agencies.6.municipalityNumber', 'agencies.7.orgNumber']));
  });

  it('reports file errors with the file name and every failing path', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'directory-')), 'bad.json');
    writeFileSync(file, JSON.stringify({ agencies: [{ orgNumber: '123' }] }));
    expect(() => loadDirectoryFile(file)).toThrow(/bad\.json is not valid:\n\s+agencies\.0\.orgNumber/);
  });
});
