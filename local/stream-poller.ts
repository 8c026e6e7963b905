import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as StreamRecord,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';

export type StreamPollerOptions = {
  endpoint: string;
  streamArn: string;
  /** The function the stream triggers, called with the event Lambda's event source mapping would build. */
  deliver: (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse | void>;
  batchSize?: number;
  intervalMs?: number;
  /** Attempts per failing record before it is skipped (the cloud's maximum retries and on-failure destination). */
  maxAttempts?: number;
  /** Where shard positions are kept across restarts; in memory when absent. */
  checkpointFile?: string | undefined;
  onSkipped?: (record: DynamoDBRecord, error: string) => void;
};

/** The stream record in the shape a Lambda handler receives it. */
function toLambdaRecord(record: StreamRecord, streamArn: string): DynamoDBRecord {
  const data = record.dynamodb!;
  return {
    eventID: record.eventID!,
    eventName: record.eventName as DynamoDBRecord['eventName'],
    eventVersion: record.eventVersion ?? '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: record.awsRegion ?? 'eu-north-1',
    eventSourceARN: streamArn,
    dynamodb: {
      ApproximateCreationDateTime: Math.floor((data.ApproximateCreationDateTime?.getTime() ?? Date.now()) / 1000),
      Keys: data.Keys as never,
      ...(data.NewImage ? { NewImage: data.NewImage as never } : {}),
      ...(data.OldImage ? { OldImage: data.OldImage as never } : {}),
      SequenceNumber: data.SequenceNumber!,
      SizeBytes: data.SizeBytes ?? 0,
      StreamViewType: data.StreamViewType as 'NEW_AND_OLD_IMAGES',
    },
  };
}

/**
 * Polls DynamoDB Local's stream and hands each batch to the publisher, like
 * Lambda's event source mapping: in order per shard, partial-batch responses
 * honoured (retry from the first failed record), a record skipped after the
 * last attempt.
 */
export function startStreamPoller(options: StreamPollerOptions) {
  const client = new DynamoDBStreamsClient({
    endpoint: options.endpoint,
    region: 'eu-north-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const batchSize = options.batchSize ?? 100;
  const intervalMs = options.intervalMs ?? 100;
  const maxAttempts = options.maxAttempts ?? 5;
  const checkpoints: Record<string, string> =
    options.checkpointFile && existsSync(options.checkpointFile) ? JSON.parse(readFileSync(options.checkpointFile, 'utf8')) : {};
  const iterators = new Map<string, string | undefined>();
  let stopped = false;
  let lastDiscovery = 0;
  let quietWaiters: (() => void)[] = [];

  const saveCheckpoint = (shardId: string, sequenceNumber: string) => {
    checkpoints[shardId] = sequenceNumber;
    if (!options.checkpointFile) return;
    // Written aside and renamed: a crash mid-write leaves the previous checkpoint, never half a file.
    writeFileSync(`${options.checkpointFile}.next`, JSON.stringify(checkpoints));
    renameSync(`${options.checkpointFile}.next`, options.checkpointFile);
  };

  async function discoverShards() {
    const { StreamDescription } = await client.send(new DescribeStreamCommand({ StreamArn: options.streamArn }));
    for (const shard of StreamDescription?.Shards ?? []) {
      const shardId = shard.ShardId!;
      if (iterators.has(shardId)) continue;
      const after = checkpoints[shardId];
      const { ShardIterator } = await client.send(
        new GetShardIteratorCommand({
          StreamArn: options.streamArn,
          ShardId: shardId,
          ShardIteratorType: after ? 'AFTER_SEQUENCE_NUMBER' : 'TRIM_HORIZON',
          ...(after ? { SequenceNumber: after } : {}),
        }),
      );
      iterators.set(shardId, ShardIterator);
    }
  }

  async function deliverBatch(records: DynamoDBRecord[]) {
    let remaining = records;
    let attempt = 1;
    while (remaining.length) {
      let failedFrom: string | undefined;
      let error = '';
      try {
        const response = await options.deliver({ Records: remaining });
        failedFrom = response?.batchItemFailures?.[0]?.itemIdentifier;
      } catch (thrown) {
        failedFrom = remaining[0]!.dynamodb!.SequenceNumber;
        error = thrown instanceof Error ? thrown.message : String(thrown);
      }
      if (failedFrom === undefined) return;
      const index = Math.max(0, remaining.findIndex((record) => record.dynamodb!.SequenceNumber === failedFrom));
      remaining = remaining.slice(index);
      if (attempt >= maxAttempts) {
        options.onSkipped?.(remaining[0]!, error || 'reported as failed by the function');
        remaining = remaining.slice(1);
        attempt = 1;
      } else {
        attempt += 1;
        await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** attempt));
      }
    }
  }

  async function pollOnce(): Promise<number> {
    if (Date.now() - lastDiscovery > 1000) {
      await discoverShards();
      lastDiscovery = Date.now();
    }
    let seen = 0;
    for (const [shardId, iterator] of iterators) {
      if (!iterator) continue;
      const result = await client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: batchSize }));
      iterators.set(shardId, result.NextShardIterator);
      const records = (result.Records ?? []).map((record) => toLambdaRecord(record, options.streamArn));
      if (!records.length) continue;
      seen += records.length;
      await deliverBatch(records);
      saveCheckpoint(shardId, records.at(-1)!.dynamodb!.SequenceNumber!);
    }
    return seen;
  }

  const loop = (async () => {
    while (!stopped) {
      let seen = 0;
      try {
        seen = await pollOnce();
      } catch (error) {
        if (!stopped) console.error(`stream poller: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (seen === 0) for (const wake of quietWaiters.splice(0)) wake();
      if (seen === 0) await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  })();

  return {
    /** Resolves after the next pass that found nothing new on any shard. */
    caughtUp(): Promise<void> {
      return new Promise((resolve) => quietWaiters.push(resolve));
    },
    async stop() {
      stopped = true;
      for (const wake of quietWaiters.splice(0)) wake();
      quietWaiters = [];
      await loop;
      client.destroy();
    },
  };
}

export type StreamPoller = ReturnType<typeof startStreamPoller>;
