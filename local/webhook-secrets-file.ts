import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { webhookSecretKey } from '#adapters/webhook-secrets';
import type { Directory } from '#domain/directory';
import { botRef } from '#domain/handoff';

/**
 * Makes sure every bot with a webhook (or Open Floor) in the directory has a signing secret in
 * the local secrets file, keeping the ones already there, and returns them.
 * The partner's bot verifies with the secret listed for it. `given` (from
 * `WEBHOOK_SECRETS`): secrets a partner already has, `{"<orgnr>/<botId>": "whsec_…"}`,
 * which replace whatever the file held for those bots.
 */
export function ensureWebhookSecrets(file: string, directory: Directory, given: Record<string, string> = {}): Record<string, string> {
  for (const [key, secret] of Object.entries(given)) {
    if (!/^whsec_[A-Za-z0-9+/]{16,}={0,2}$/.test(secret))
      throw new Error(`WEBHOOK_SECRETS: the secret for ${key} is not a whsec_ secret (whsec_ then base64 of at least 12 bytes)`);
  }
  const secrets: Record<string, string | string[]> = { ...(existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {}), ...given };
  for (const agency of directory.agencies) {
    for (const bot of agency.bots) {
      const key = webhookSecretKey(botRef(agency.orgNumber, bot.id));
      // Open Floor envelopes are signed as webhooks are.
      if ((bot.webhookUrl || bot.openFloor) && !secrets[key]) secrets[key] = `whsec_${randomBytes(24).toString('base64')}`;
    }
  }
  writeFileSync(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  // While a secret rotates the file lists the new one first: that is the one a bot should switch to.
  return Object.fromEntries(Object.entries(secrets).map(([key, value]) => [key, [value].flat()[0]!]));
}
