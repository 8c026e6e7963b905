import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DirectoryConfig } from '#contracts/directory';
import { Directory } from '#domain/directory';
import { ensureWebhookSecrets } from '#local/webhook-secrets-file';
import { org, testDirectory } from '../support/fixtures.ts';

const directory = new Directory(
  DirectoryConfig.parse(testDirectory({ [`${org.nav}/frida`]: 'http://127.0.0.1:9/frida', [`${org.oslo}/kommune-kari`]: 'http://127.0.0.1:9/kari' })),
);
const fileIn = () => join(mkdtempSync(join(tmpdir(), 'secrets-')), 'webhook-secrets.json');

describe('the embedded runtime’s webhook secrets', () => {
  it('generates one per bot with a webhook and keeps it across starts', () => {
    const file = fileIn();
    const first = ensureWebhookSecrets(file, directory);
    expect(first[`${org.nav}/frida`]).toMatch(/^whsec_/);
    expect(ensureWebhookSecrets(file, directory)).toEqual(first);
  });

  it('uses a secret the partner already has (WEBHOOK_SECRETS), over the one the file held', () => {
    const file = fileIn();
    const generated = ensureWebhookSecrets(file, directory);
    const own = `whsec_${Buffer.from('a partner’s own key, 32 bytes!!').toString('base64')}`;
    const secrets = ensureWebhookSecrets(file, directory, { [`${org.nav}/frida`]: own });
    expect(secrets[`${org.nav}/frida`]).toBe(own);
    expect(secrets[`${org.oslo}/kommune-kari`]).toBe(generated[`${org.oslo}/kommune-kari`]);
    expect(JSON.parse(readFileSync(file, 'utf8'))[`${org.nav}/frida`]).toBe(own);
  });

  it('refuses a secret that is not a whsec_ secret, naming the bot', () => {
    expect(() => ensureWebhookSecrets(fileIn(), directory, { [`${org.nav}/frida`]: 'hunter2' })).toThrow(`${org.nav}/frida`);
  });
});
