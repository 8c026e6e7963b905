import type { HandoffStore } from '#domain/ports';
import { dynamoDeadLetters } from './dynamodb-dead-letters.ts';
import { dynamoInsightCounters } from './dynamodb-insight-counters.ts';
import { dynamoMessages } from './dynamodb-messages.ts';
import { dynamoQueuePace } from './dynamodb-queue-pace.ts';
import { dynamoReceipts } from './dynamodb-receipts.ts';
import { dynamoSessions } from './dynamodb-sessions.ts';
import type { TableAccess } from './dynamodb-table.ts';
import { dynamoTransferRecords } from './dynamodb-transfer-records.ts';

/** Every concern's DynamoDB adapter over the one table (platform/tables.ts has the item layout). */
export const dynamoHandoffStore = (access: TableAccess): HandoffStore => ({
  ...dynamoSessions(access),
  ...dynamoMessages(access),
  ...dynamoQueuePace(access),
  ...dynamoTransferRecords(access),
  ...dynamoInsightCounters(access),
  ...dynamoReceipts(access),
  ...dynamoDeadLetters(access),
});
