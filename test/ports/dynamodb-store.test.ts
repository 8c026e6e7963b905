import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeCompactJson } from '#adapters/compact-json';
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

describe('DynamoDB Local: items of earlier layouts', () => {
  it('reads a timeline whose first entries were written one to an item, before one item a change', async () => {
    const handoffId = 'b5a3c1d2-7e8f-4a6b-9c0d-1e2f3a4b5c6d';
    const entry = (seq: number, to: string) => ({ handoffId, seq, to });
    const put = (sk: string, attributes: Record<string, unknown>) =>
      client!.send(new PutItemCommand({ TableName: handoffTable.localName, Item: marshall({ pk: `HANDOFF#${handoffId}`, sk, ...attributes }) }));
    await put('TRANSITION#000001', { transition: entry(1, 'requested') });
    await put('TRANSITION#000002', { transition: entry(2, 'routed') });
    await put('TRANSITION#000003', { transitions: encodeCompactJson([entry(3, 'offered'), entry(4, 'accepted')]) });
    expect((await store!.timeline(handoffId)).map((transition) => [transition.seq, transition.to])).toEqual([
      [1, 'requested'],
      [2, 'routed'],
      [3, 'offered'],
      [4, 'accepted'],
    ]);
  });
});
