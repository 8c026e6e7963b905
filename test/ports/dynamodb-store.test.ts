import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll } from 'vitest';
import { dynamoHandoffStore } from '#adapters/dynamodb-handoff-store';
import type { HandoffStore } from '#domain/ports';
import { ensureTable, startDynamoDbLocal } from '#local/dynamodb-local';
import { handoffTable } from '#platform/tables';
import { describeStorePorts } from './port-suite.ts';

let dynamo: Awaited<ReturnType<typeof startDynamoDbLocal>> | undefined;
let client: DynamoDBClient | undefined;
let store: HandoffStore | undefined;

beforeAll(async () => {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  dynamo = await startDynamoDbLocal({});
  client = new DynamoDBClient({ endpoint: dynamo.endpoint, region: 'eu-north-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  await ensureTable(client, handoffTable.localName, handoffTable);
  store = dynamoHandoffStore({ client, tableName: handoffTable.localName, metadataRetentionDays: 30 });
});

afterAll(async () => {
  client?.destroy();
  await dynamo?.stop();
});

describeStorePorts('DynamoDB Local', () => store!);
