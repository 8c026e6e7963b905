import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { secretString } from '#adapters/secret-string';
import { fileWebhookSecrets, secretsManagerWebhookSecrets } from '#adapters/webhook-secrets';
import { standardWebhookSender } from '#adapters/webhook-sender';
import { keyedPseudonymizer } from '#domain/pseudonym';
import { pseudonymConfig, webhookConfig } from './config.ts';
import { once, onceFetched } from './once.ts';

/** The adapters that hold a secret: webhook signing secrets and the audit pseudonym key (Secrets Manager in the cloud, files on a laptop). */
const webhookSecrets = /* @__PURE__ */ once(() => {
  const { secrets } = webhookConfig();
  return secrets.kind === 'secretsManager' ? secretsManagerWebhookSecrets(new SecretsManagerClient({}), secrets.secretId) : fileWebhookSecrets(secrets.path);
});

export const webhookSender = /* @__PURE__ */ once(() => {
  const { attempts, backoffMs, timeoutMs, network } = webhookConfig();
  return standardWebhookSender({ secrets: webhookSecrets(), attempts, backoffMs, timeoutMs, network });
});

/** For an operator's redrive, inside one API request: each webhook once, and a shorter wait for an answer. */
export const redriveWebhookSender = /* @__PURE__ */ once(() => {
  const { backoffMs, timeoutMs, network } = webhookConfig();
  return standardWebhookSender({ secrets: webhookSecrets(), attempts: 1, backoffMs, timeoutMs: Math.min(timeoutMs, 4000), network });
});

/** Audit pseudonyms of citizens, under the deployment's key (fetched once per container). */
export const pseudonymizer = /* @__PURE__ */ once(() => {
  const source = pseudonymConfig();
  return keyedPseudonymizer(
    source.kind === 'value' ? async () => source.value : onceFetched(() => secretString(new SecretsManagerClient({}), source.secretId)),
  );
});
