import { readFileSync } from 'node:fs';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { z } from 'zod';
import type { BotRef } from '#domain/handoff';
import { secretString } from './secret-string.ts';

/** Where the broker finds each bot's Standard Webhooks signing secret. */
export interface WebhookSecrets {
  secretFor(bot: BotRef): Promise<string>;
}

export const webhookSecretKey = (bot: BotRef) => `${bot.orgNumber}/${bot.botId}`;

/** `{ "<orgnr>/<botId>": "whsec_..." }`; other keys are ignored, so operators may keep notes beside the secrets. */
const SecretMap = z.record(z.string(), z.string());
const SigningSecret = z.string().regex(/^whsec_[A-Za-z0-9+/=]{24,}$/, 'a webhook secret is whsec_ followed by base64');

/** How long a loaded set of secrets is used before it is read again (so a rotated or added secret is picked up). */
const secretsTtlMs = 5 * 60_000;

function secretsFrom(load: () => Promise<string>, source: string): WebhookSecrets {
  let cached: { secrets: Record<string, string>; loadedAt: number } | undefined;
  const current = async () => {
    // A failed load is not kept: the next delivery tries again.
    if (!cached || Date.now() - cached.loadedAt > secretsTtlMs) cached = { secrets: SecretMap.parse(JSON.parse(await load())), loadedAt: Date.now() };
    return cached.secrets;
  };
  return {
    async secretFor(bot) {
      const secret = (await current())[webhookSecretKey(bot)];
      // A bot without a valid secret is a configuration error, never an unsigned webhook.
      if (!secret) throw new Error(`no webhook secret for ${webhookSecretKey(bot)} in ${source}`);
      return SigningSecret.parse(secret);
    },
  };
}

/** Secrets from a JSON file, read once (the embedded runtime writes one). */
export const fileWebhookSecrets = (path: string): WebhookSecrets => secretsFrom(async () => readFileSync(path, 'utf8'), path);

/** Secrets from one Secrets Manager secret holding the same JSON map, fetched once per container. */
export const secretsManagerWebhookSecrets = (client: SecretsManagerClient, secretId: string): WebhookSecrets =>
  secretsFrom(() => secretString(client, secretId), `secret ${secretId}`);
