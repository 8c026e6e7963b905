import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { dynamoHandoffStore } from '#adapters/dynamodb-handoff-store';
import { dynamoRateLimiter } from '#adapters/dynamodb-rate-limiter';
import { loadDirectoryFile } from '#adapters/directory-file';
import { eventBridgePublisher } from '#adapters/event-publisher';
import { jwksTokenVerifier } from '#adapters/token-verifier';
import { secretString } from '#adapters/secret-string';
import { injectStoreFaults } from '#adapters/store-faults';
import { fileWebhookSecrets, secretsManagerWebhookSecrets } from '#adapters/webhook-secrets';
import { standardWebhookSender } from '#adapters/webhook-sender';
import { keyedPseudonymizer } from '#domain/pseudonym';
import { authConfig, busConfig, staffAuthConfig, directoryConfig, lifecycleConfig, pseudonymConfig, tableConfig, webhookConfig } from './config.ts';
import { once, onceFetched } from './once.ts';

/**
 * The adapters a function uses, each made once per container on first use.
 * Endpoints come from the SDK's own environment variables
 * (AWS_ENDPOINT_URL_DYNAMODB, AWS_ENDPOINT_URL_EVENTBRIDGE), so the same code
 * reaches AWS in the cloud and the emulators on a laptop.
 */
/** One table client per container, shared by the store and the request counter (creating a client costs cold-start time). */
export const tableClient = once(() => {
  const client = new DynamoDBClient({});
  injectStoreFaults(client, tableConfig().faultRate);
  return client;
});

export const handoffStore = once(() => {
  const { tableName, metadataRetentionDays } = tableConfig();
  return dynamoHandoffStore({ client: tableClient(), tableName, metadataRetentionDays });
});

export const rateLimiter = once(() => dynamoRateLimiter({ client: tableClient(), tableName: tableConfig().tableName }));

export const directory = once(() => loadDirectoryFile(directoryConfig().file));

export const lifecycleSettings = once(lifecycleConfig);

export const tokenVerifier = once(() => jwksTokenVerifier(authConfig()));

export const staffTokenVerifier = once(() => jwksTokenVerifier(staffAuthConfig()));

const webhookSecrets = once(() => {
  const { secrets } = webhookConfig();
  return secrets.kind === 'secretsManager' ? secretsManagerWebhookSecrets(new SecretsManagerClient({}), secrets.secretId) : fileWebhookSecrets(secrets.path);
});

export const webhookSender = once(() => {
  const { attempts, backoffMs, timeoutMs, network } = webhookConfig();
  return standardWebhookSender({ secrets: webhookSecrets(), attempts, backoffMs, timeoutMs, network });
});

/** For an operator's redrive, inside one API request: each webhook once, and a shorter wait for an answer. */
export const redriveWebhookSender = once(() => {
  const { backoffMs, timeoutMs, network } = webhookConfig();
  return standardWebhookSender({ secrets: webhookSecrets(), attempts: 1, backoffMs, timeoutMs: Math.min(timeoutMs, 4000), network });
});

/** Audit pseudonyms of citizens, under the deployment's key (fetched once per container). */
export const pseudonymizer = once(() => {
  const source = pseudonymConfig();
  return keyedPseudonymizer(
    source.kind === 'value' ? async () => source.value : onceFetched(() => secretString(new SecretsManagerClient({}), source.secretId)),
  );
});

export const eventPublisher = once(() => eventBridgePublisher({ client: new EventBridgeClient({}), busName: busConfig().busName }));
