import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DirectoryConfig } from '#contracts/directory';
import { expandEnvironment } from '#adapters/directory-file';
import { contractAjv } from '../support/json-schema.ts';

/** The published JSON Schemas, read as a partner's editor or CI would read them. */
const schema = (name: string) => JSON.parse(readFileSync(new URL(`../../contracts/schemas/${name}.schema.json`, import.meta.url), 'utf8')) as object;
// As the broker reads it: `${DEMO_BOTS_URL}` replaced from the environment first.
const demoDirectory = JSON.parse(
  expandEnvironment(readFileSync(new URL('../../demo/directory.json', import.meta.url), 'utf8'), { DEMO_BOTS_URL: 'http://localhost:3001' }),
) as unknown;

function validatorOf(name: string) {
  return contractAjv().compile(schema(name));
}

describe('the directory’s published schemas', () => {
  it('accepts the file a partner writes (the demo’s own), defaults left out', () => {
    const validate = validatorOf('DirectoryConfig');
    expect(validate(demoDirectory), JSON.stringify(validate.errors)).toBe(true);
  });

  it('refuses a file with a mistake in it, naming where', () => {
    const validate = validatorOf('DirectoryConfig');
    const broken = structuredClone(demoDirectory) as { agencies: { bots: { id: unknown }[] }[] };
    broken.agencies[0]!.bots[0]!.id = 42;
    expect(validate(broken)).toBe(false);
    expect(validate.errors?.map((error) => error.instancePath)).toContain('/agencies/0/bots/0/id');
  });

  it('describes the directory as the broker resolves it, every default filled in', () => {
    const resolved = validatorOf('DirectoryConfigResolved');
    expect(resolved(JSON.parse(JSON.stringify(DirectoryConfig.parse(demoDirectory)))), JSON.stringify(resolved.errors)).toBe(true);
    // The file as written lacks the defaults the resolved view requires.
    expect(resolved(demoDirectory)).toBe(false);
  });
});
