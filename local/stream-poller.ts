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
  deliver: (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse | undefined>;
  batchSize?: number;
  /** How long an idle poller waits before asking again, unless woken sooner (`wake`). */
  intervalMs?: number;
  /** Which records the function is given (the cloud's filter criteria); the others only move the position on. */
  accepts?: (record: DynamoDBRecord) => boolean;
  /**
   * Batches of one shard delivered at once, the records of one partition key
   * always in order and in the same lane (the event source mapping's ParallelizationFactor).
   */
  parallelization?: number;
  /** The table's partition key attribute, which picks a record's lane. */
  partitionKey?: string;
  /** How long accepted records may wait to fill a batch (the mapping's batching window); 0 delivers at once. */
  batchingWindowMs?: number;
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

/** A lane for a record: the same partition key (one handoff) always lands in the same lane, as in the cloud. */
function laneOf(record: DynamoDBRecord, lanes: number, partitionKey: string): number {
  const key = JSON.stringify(record.dynamodb?.Keys?.[partitionKey] ?? {});
  let hash = 0;
  for (let index = 0; index < key.length; index += 1) hash = (hash * 31 + key.charCodeAt(index)) | 0;
  return Math.abs(hash) % lanes;
}

/**
 * Polls DynamoDB Local's stream and hands each batch to the publisher, like
 * Lambda's event source mapping: filtered as the cloud filters, in order per
 * partition key, several lanes at once, partial-batch responses honoured (retry from
 * the first failed record), a record skipped after the last attempt. It polls
 * again at once while records keep coming, and is woken early when a function
 * has run (whose writes are likely waiting) instead of sleeping out its interval.
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
  const accepts = options.accepts ?? (() => true);
  const lanes = Math.max(1, options.parallelization ?? 1);
  let wakeUp: (() => void) | undefined;
  const checkpoints: Record<string, string> =
    options.checkpointFile && existsSync(options.checkpointFile) ? JSON.parse(readFileSync(options.checkpointFile, 'utf8')) : {};
  const iterators = new Map<string, string | undefined>();
  let stopped = false;
  let lastDiscovery = 0;
  /** Callers waiting for a quiet pass, each with the number of passes begun when it asked: an earlier pass cannot answer it. */
  let quietWaiters: { after: number; resolve: () => void }[] = [];
  let passesBegun = 0;
  /** A wake that came while a pass was running: the next pass follows at once. */
  let woken = false;
  const windowMs = options.batchingWindowMs ?? 0;
  /** Per shard: records read but held for the batching window, since when, and the last position read. */
  const held = new Map<string, { records: DynamoDBRecord[]; since: number; through: string }>();

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
      const index = Math.max(
        0,
        remaining.findIndex((record) => record.dynamodb!.SequenceNumber === failedFrom),
      );
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

  /** Delivers a shard's held records, lane by lane, and moves its position past everything read. */
  async function flush(shardId: string) {
    const batch = held.get(shardId);
    if (!batch) return;
    held.delete(shardId);
    const byLane = new Map<number, DynamoDBRecord[]>();
    for (const record of batch.records) {
      const lane = laneOf(record, lanes, options.partitionKey ?? 'pk');
      byLane.set(lane, [...(byLane.get(lane) ?? []), record]);
    }
    await Promise.all([...byLane.values()].map(deliverBatch));
    saveCheckpoint(shardId, batch.through);
  }

  /** One pass over every shard: how many records were new, and how long until a held batch is due (if any is held). */
  async function pollOnce(): Promise<{ seen: number; dueInMs: number | undefined }> {
    if (Date.now() - lastDiscovery > 1000) {
      await discoverShards();
      lastDiscovery = Date.now();
    }
    let seen = 0;
    for (const [shardId, iterator] of iterators) {
      const result = iterator ? await client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: batchSize })) : undefined;
      if (result) iterators.set(shardId, result.NextShardIterator);
      const records = (result?.Records ?? []).map((record) => toLambdaRecord(record, options.streamArn));
      if (records.length) {
        seen += records.length;
        const batch = held.get(shardId) ?? { records: [], since: Date.now(), through: '' };
        batch.records.push(...records.filter(accepts));
        batch.through = records.at(-1)!.dynamodb!.SequenceNumber!;
        held.set(shardId, batch);
      }
      const batch = held.get(shardId);
      if (batch && (batch.records.length === 0 || batch.records.length >= batchSize || Date.now() - batch.since >= windowMs)) await flush(shardId);
    }
    const waiting = [...held.values()].map((batch) => batch.since + windowMs - Date.now());
    return { seen, dueInMs: waiting.length ? Math.max(0, Math.min(...waiting)) : undefined };
  }

  const loop = (async () => {
    while (!stopped) {
      const pass = ++passesBegun;
      woken = false;
      let seen = 0;
      let dueInMs: number | undefined;
      try {
        ({ seen, dueInMs } = await pollOnce());
      } catch (error) {
        if (!stopped) console.error(`stream poller: ${error instanceof Error ? error.message : String(error)}`);
      }
      // Records keep coming: read on at once, unless they wait for a batching window anyway.
      if (seen > 0 && dueInMs === undefined) continue;
      // Quiet only once nothing is held for a batching window either; until then, sleep until the window ends.
      if (dueInMs !== undefined) {
        await new Promise((resolve) => setTimeout(resolve, Math.min(dueInMs, intervalMs)));
        continue;
      }
      const answered = quietWaiters.filter((waiter) => waiter.after < pass);
      quietWaiters = quietWaiters.filter((waiter) => waiter.after >= pass);
      for (const waiter of answered) waiter.resolve();
      if (woken || stopped) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          wakeUp = undefined;
          resolve();
        }, intervalMs);
        wakeUp = () => {
          clearTimeout(timer);
          wakeUp = undefined;
          resolve();
        };
      });
    }
  })();

  return {
    /** Polls now rather than at the end of the idle interval: something was probably written. */
    wake(): void {
      woken = true;
      wakeUp?.();
    },
    /** Resolves after a pass, begun after this call, that found nothing new on any shard. */
    caughtUp(): Promise<void> {
      return new Promise((resolve) => quietWaiters.push({ after: passesBegun, resolve }));
    },
    async stop() {
      stopped = true;
      wakeUp?.();
      for (const waiter of quietWaiters.splice(0)) waiter.resolve();
      await loop;
      client.destroy();
    },
  };
}

export type StreamPoller = ReturnType<typeof startStreamPoller>;
