import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { dynamoDeadLetters } from '#adapters/dynamodb-dead-letters';
import { dynamoProjectionSource } from '#adapters/dynamodb-projection-source';
import { dynamoInsightCounters } from '#adapters/dynamodb-insight-counters';
import { dynamoMessages } from '#adapters/dynamodb-messages';
import { dynamoQueuePace } from '#adapters/dynamodb-queue-pace';
import { dynamoReceipts } from '#adapters/dynamodb-receipts';
import { dynamoSessions } from '#adapters/dynamodb-sessions';
import { dynamoTransferRecords } from '#adapters/dynamodb-transfer-records';
import { dynamoRateLimiter } from '#adapters/dynamodb-rate-limiter';
import { readResolvedDirectory } from '#adapters/resolved-directory';
import { jwksTokenVerifier } from '#adapters/token-verifier';
import { injectStoreFaults } from '#adapters/store-faults';
import { authConfig, staffAuthConfig, directoryConfig, lifecycleConfig, tableConfig } from './config.ts';
import { once } from './once.ts';

/**
 * The adapters most functions use, each made once per container on first use.
 * Those that need another AWS client live in their own modules
 * (bus-dependencies.ts, secret-dependencies.ts), so a function that does not
 * use that client does not load it at cold start.
 * Endpoints come from the SDK's own environment variables
 * (AWS_ENDPOINT_URL_DYNAMODB, AWS_ENDPOINT_URL_EVENTBRIDGE), so the same code
 * reaches AWS in the cloud and the emulators on a laptop.
 */
/** One table client per container, shared by the store and the request counter (creating a client costs cold-start time). */
export const tableClient = /* @__PURE__ */ once(() => {
  const client = new DynamoDBClient({});
  injectStoreFaults(client, tableConfig().faultRate);
  return client;
});

const tableAccess = /* @__PURE__ */ once(() => {
  const { tableName, metadataRetentionDays } = tableConfig();
  return { client: tableClient(), tableName, metadataRetentionDays };
});

/** Each concern of the table, made on first use: a function bundles and builds only the ones it names. */
export const sessions = /* @__PURE__ */ once(() => dynamoSessions(tableAccess()));
export const relayedMessages = /* @__PURE__ */ once(() => dynamoMessages(tableAccess()));
export const queuePace = /* @__PURE__ */ once(() => dynamoQueuePace(tableAccess()));
export const transferRecords = /* @__PURE__ */ once(() => dynamoTransferRecords(tableAccess()));
export const insightCounters = /* @__PURE__ */ once(() => dynamoInsightCounters(tableAccess()));
export const projectionSource = /* @__PURE__ */ once(() => dynamoProjectionSource(tableAccess()));
export const receipts = /* @__PURE__ */ once(() => dynamoReceipts(tableAccess()));
export const deadLetters = /* @__PURE__ */ once(() => dynamoDeadLetters(tableAccess()));

export const rateLimiter = /* @__PURE__ */ once(() => dynamoRateLimiter({ client: tableClient(), tableName: tableConfig().tableName }));

export const directory = /* @__PURE__ */ once(() => readResolvedDirectory(directoryConfig().file));

export const lifecycleSettings = /* @__PURE__ */ once(lifecycleConfig);

export const tokenVerifier = /* @__PURE__ */ once(() => jwksTokenVerifier(authConfig()));

export const staffTokenVerifier = /* @__PURE__ */ once(() => jwksTokenVerifier(staffAuthConfig()));
