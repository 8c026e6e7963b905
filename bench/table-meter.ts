import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { billOf, factOf, writeBilling } from './write-billing.ts';

/** One call to the table, as the SDK made it, with what DynamoDB reported it cost. */
export type TableCall = {
  command: string;
  /** The function that made it (or `bench` when the benchmark itself did). */
  caller: string;
  kind: 'read' | 'write';
  /** Units as AWS bills them (write-billing.ts); reads as DynamoDB reported them. A write refused by its condition is billed as if made. */
  units: number;
  /** Of `units`, the share spent on index copies. */
  indexUnits: number;
  /** Of a write's `units`, those per fact its items record (write-billing.ts, `factOf`). */
  facts?: Record<string, number>;
  /** Of a write's `units`, a transaction's second copy. */
  doubled?: number;
  failed?: string;
  /** The request, kept for writes so the storage floor can send the same ones again. */
  input?: Record<string, unknown>;
};

/** The key of a plain update or delete, which names the item it writes. */
type WrittenKey = Parameters<typeof factOf>[0];

type Capacity = { CapacityUnits?: number; Table?: { CapacityUnits?: number }; GlobalSecondaryIndexes?: Record<string, { CapacityUnits?: number }> };

const writeCommands = new Set(['PutItemCommand', 'UpdateItemCommand', 'DeleteItemCommand', 'TransactWriteItemsCommand', 'BatchWriteItemCommand']);

const sum = (capacity: Capacity | Capacity[] | undefined) => {
  const list = capacity ? (Array.isArray(capacity) ? capacity : [capacity]) : [];
  const total = list.reduce((units, entry) => units + (entry.CapacityUnits ?? 0), 0);
  const index = list.reduce(
    (units, entry) => units + Object.values(entry.GlobalSecondaryIndexes ?? {}).reduce((inner, gsi) => inner + (gsi.CapacityUnits ?? 0), 0),
    0,
  );
  return { total, index };
};

/**
 * Counts every call the given DynamoDB clients make (an SDK middleware on
 * each function's own client: each has one, as each Lambda function would). Write units are billed from the items sent, as AWS
 * bills them (write-billing.ts); reads and plain updates use the capacity
 * DynamoDB reports (`ReturnConsumedCapacity` on each call).
 */
export function meterTableCalls(clients: DynamoDBClient[], callerOf: () => string) {
  const calls: TableCall[] = [];
  const billing = writeBilling();
  for (const client of new Set(clients))
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const command = String(context.commandName);
        const kind = writeCommands.has(command) ? 'write' : 'read';
        const input = args.input as Record<string, unknown>;
        const call: TableCall = { command, caller: callerOf(), kind, units: 0, indexUnits: 0, ...(kind === 'write' ? { input: structuredClone(input) } : {}) };
        if (command !== 'BatchWriteItemCommand' || input.RequestItems) input.ReturnConsumedCapacity = 'INDEXES';
        calls.push(call);
        const billed = kind === 'write' ? billing.bill(command, input) : undefined;
        if (billed) Object.assign(call, billed);
        try {
          const result = await next(args);
          if (!billed) {
            const { total, index } = sum((result.output as { ConsumedCapacity?: Capacity | Capacity[] }).ConsumedCapacity);
            call.units = total;
            call.indexUnits = index;
            if (kind === 'write') call.facts = billOf(factOf(input.Key as WrittenKey), total - index, index, 1).facts;
          }
          return result;
        } catch (error) {
          call.failed = (error as { name?: string }).name ?? 'Error';
          if (!billed && kind === 'write') {
            call.units = 1;
            call.facts = billOf(factOf(input.Key as WrittenKey), 1, 0, 1).facts;
          }
          throw error;
        }
      },
      { step: 'initialize', name: 'benchTableMeter' },
    );
  return {
    calls,
    /** Calls since a mark. */
    since: (mark: number) => calls.slice(mark),
    mark: () => calls.length,
  };
}

export type TableMeter = ReturnType<typeof meterTableCalls>;
