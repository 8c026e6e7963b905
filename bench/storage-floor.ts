import {
  BatchWriteItemCommand,
  DeleteItemCommand,
  PutItemCommand,
  TransactWriteItemsCommand,
  UpdateItemCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import type { LifecycleRun } from './lifecycle.ts';
import type { TableCall } from './table-meter.ts';

const commands = {
  PutItemCommand,
  UpdateItemCommand,
  DeleteItemCommand,
  TransactWriteItemsCommand,
  BatchWriteItemCommand,
} as const;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
// Binary attributes (deflated state, receipts) survive the JSON template as base64.
const keepBinary = (_key: string, value: unknown) => (value instanceof Uint8Array ? { $binary: Buffer.from(value).toString('base64') } : value);
const readBinary = (_key: string, value: unknown) =>
  value && typeof value === 'object' && '$binary' in value ? new Uint8Array(Buffer.from(String((value as { $binary: string }).$binary), 'base64')) : value;

/**
 * The storage floor: the writes one lifecycle made, sent again straight to the
 * table with the SDK, with the handoff's id and Idempotency-Keys renamed so each
 * replay is a new handoff that meets the same conditions. A broker can be no
 * faster than this on the same DynamoDB.
 */
export function storageFloor(client: DynamoDBClient, run: LifecycleRun, writes: TableCall[]) {
  const names = [run.handoffId, ...run.idempotencyKeys];
  const pattern = new RegExp(names.map(escapeRegExp).join('|'), 'g');
  const templates = writes.map((call) => ({ command: call.command as keyof typeof commands, json: JSON.stringify(call.input, keepBinary) }));
  return async function replay() {
    const renamed = new Map(names.map((name) => [name, crypto.randomUUID()]));
    for (const template of templates) {
      const input = JSON.parse(
        template.json.replace(pattern, (name) => renamed.get(name)!),
        readBinary,
      );
      delete input.ReturnConsumedCapacity;
      const Command = commands[template.command] as unknown as new (input: unknown) => PutItemCommand;
      try {
        await client.send(new Command(input));
      } catch (error) {
        // The lifecycle met these refusals too (a condition that guards a replay): the same work.
        if (!/ConditionalCheckFailed|TransactionCanceled/.test((error as { name?: string }).name ?? '')) throw error;
      }
    }
  };
}
