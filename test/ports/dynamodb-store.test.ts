import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll } from 'vitest';
import { dynamoDeadLetters } from '#adapters/dynamodb-dead-letters';
import { dynamoInsightCounters } from '#adapters/dynamodb-insight-counters';
import { dynamoMessages } from '#adapters/dynamodb-messages';
import { dynamoQueuePace } from '#adapters/dynamodb-queue-pace';
import { dynamoReceipts } from '#adapters/dynamodb-receipts';
import { dynamoSessions } from '#adapters/dynamodb-sessions';
import type { TableAccess } from '#adapters/dynamodb-table';
import { dynamoProjectionSource } from '#adapters/dynamodb-projection-source';
import { dynamoTransferRecords } from '#adapters/dynamodb-transfer-records';
import type { HandoffStore } from '#domain/ports';
import { ensureTable, startDynamoDbLocal } from '#local/dynamodb-local';
import { handoffTable } from '#platform/tables';
import { describeStorePorts } from './port-suite.ts';

/** Every concern's adapter over the one table, as the functions compose the ones they need (lambdas/shared/dependencies.ts). */
const everyAdapter = (access: TableAccess): HandoffStore => ({
  ...dynamoSessions(access),
  ...dynamoMessages(access),
  ...dynamoQueuePace(access),
  ...dynamoTransferRecords(access),
  ...dynamoInsightCounters(access),
  ...dynamoProjectionSource(access),
  ...dynamoReceipts(access),
  ...dynamoDeadLetters(access),
});

let dynamo: Awaited<ReturnType<typeof startDynamoDbLocal>> | undefined;
let client: DynamoDBClient | undefined;
let store: HandoffStore | undefined;

beforeAll(async () => {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  dynamo = await startDynamoDbLocal({});
  client = new DynamoDBClient({ endpoint: dynamo.endpoint, region: 'eu-north-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  await ensureTable(client, handoffTable.localName, handoffTable);
  store = everyAdapter({ client, tableName: handoffTable.localName, metadataRetentionDays: 30 });
});

afterAll(async () => {
  client?.destroy();
  await dynamo?.stop();
});

describeStorePorts('DynamoDB Local', () => store!);
