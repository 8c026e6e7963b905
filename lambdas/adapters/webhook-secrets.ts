import { readFileSync } from 'node:fs';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import * as z from 'zod';
import type { BotRef } from '#domain/handoff';
import { secretString } from './secret-string.ts';

/**
 * Where the broker finds each bot's Standard Webhooks signing secrets: one,
 * or, while a secret is being rotated, the new one and the old one. Every
 * webhook is signed with each, so the bot verifies with whichever it has.
 */
export interface WebhookSecrets {
  secretsFor(bot: BotRef): Promise<string[]>;
}

export const webhookSecretKey = (bot: BotRef) => `${bot.orgNumber}/${bot.botId}`;

/**
 * `{ "<orgnr>/<botId>": "whsec_..." }`, or `["whsec_new", "whsec_old"]` while
 * rotating (remove the old one once the bot has switched); other keys are
 * ignored, so operators may keep notes beside the secrets.
 */
const SecretMap = z.record(z.string(), z.union([z.string(), z.array(z.string()).min(1).max(2)]));
const SigningSecret = z.string().regex(/^whsec_[A-Za-z0-9+/=]{24,}$/, 'a webhook secret is whsec_ followed by base64');

/** How long a loaded set of secrets is used before it is read again (so a rotated or added secret is picked up). */
const secretsTtlMs = 5 * 60_000;

function secretsFrom(load: () => Promise<string>, source: string): WebhookSecrets {
  let cached: { secrets: Record<string, string | string[]>; loadedAt: number } | undefined;
  const current = async () => {
    // A failed load is not kept: the next delivery tries again.
    if (!cached || Date.now() - cached.loadedAt > secretsTtlMs) cached = { secrets: SecretMap.parse(JSON.parse(await load())), loadedAt: Date.now() };
    return cached.secrets;
  };
  return {
    async secretsFor(bot) {
      const listed = (await current())[webhookSecretKey(bot)];
      // A bot without a valid secret is a configuration error, never an unsigned webhook.
      if (!listed) throw new Error(`no webhook secret for ${webhookSecretKey(bot)} in ${source}`);
      return (Array.isArray(listed) ? listed : [listed]).map((secret) => SigningSecret.parse(secret));
    },
  };
}

/** Secrets from a JSON file, read once (the embedded runtime writes one). */
export const fileWebhookSecrets = (path: string): WebhookSecrets => secretsFrom(async () => readFileSync(path, 'utf8'), path);

/** Secrets from one Secrets Manager secret holding the same JSON map, fetched once per container. */
export const secretsManagerWebhookSecrets = (client: SecretsManagerClient, secretId: string): WebhookSecrets =>
  secretsFrom(() => secretString(client, secretId), `secret ${secretId}`);
