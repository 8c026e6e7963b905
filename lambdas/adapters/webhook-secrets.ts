import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { BotRef } from '#domain/handoff';

export interface WebhookSecrets {
  secretFor(bot: BotRef): string;
}

export const webhookSecretKey = (bot: BotRef) => `${bot.orgNumber}/${bot.botId}`;

const SecretsFile = z.record(z.string().regex(/^\d{9}\/[a-z0-9-]+$/), z.string().regex(/^whsec_[A-Za-z0-9+/=]{24,}$/));

/**
 * Webhook signing secrets from a JSON file `{ "<orgnr>/<botId>": "whsec_..." }`,
 * read once. A bot without a secret is a configuration error, never an unsigned webhook.
 */
export function fileWebhookSecrets(path: string): WebhookSecrets {
  let secrets: Record<string, string> | undefined;
  return {
    secretFor(bot) {
      secrets ??= SecretsFile.parse(JSON.parse(readFileSync(path, 'utf8')));
      const secret = secrets[webhookSecretKey(bot)];
      if (!secret) throw new Error(`no webhook secret for ${webhookSecretKey(bot)} in ${path}`);
      return secret;
    },
  };
}
