import { join } from 'node:path';
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { CfnTable, ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { functionBundling } from '#platform/bundling';
import type { FunctionDeclaration, TableAccess } from '#platform/functions';

/** A declared id (`createHandoff`) as a construct id (`CreateHandoff`). */
export const constructIdOf = (id: string) => id.charAt(0).toUpperCase() + id.slice(1);

export const projectRoot = new URL('../', import.meta.url).pathname;

/** A file placed next to the function's bundle, found at runtime under /var/task. */
export type BundledFile = { from: string; to: string };

export interface BrokerFunctionProps {
  /** The function as declared in platform/functions.ts: entry, memory, timeout. */
  declaration: FunctionDeclaration;
  logRetention: RetentionDays;
  environment?: Record<string, string>;
  /** Files copied into the bundle after esbuild, e.g. the directory or the reference page assets. */
  files?: BundledFile[];
}

/**
 * A broker function with the project's defaults: Node.js 22 on ARM64,
 * minified ESM bundled on this machine by esbuild (no Docker), source maps,
 * a log group with the configured retention, INFO logs.
 */
export class BrokerFunction extends NodejsFunction {
  /** The function's own log group, for metric filters on what it logs. */
  readonly logs: LogGroup;

  constructor(scope: Construct, id: string, props: BrokerFunctionProps) {
    const logGroup = new LogGroup(scope, `${id}Logs`, { retention: props.logRetention, removalPolicy: RemovalPolicy.DESTROY });
    const files = props.files ?? [];
    // Its own role that may write to its own log group only (instead of the broad AWSLambdaBasicExecutionRole).
    const role = new Role(scope, `${id}Role`, { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    role.addToPolicy(new PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }));
    super(scope, id, {
      role,
      entry: join(projectRoot, props.declaration.entry),
      handler: 'handler',
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: props.declaration.memoryMb,
      timeout: Duration.seconds(props.declaration.timeoutSeconds),
      logGroup,
      projectRoot,
      depsLockFilePath: join(projectRoot, 'package-lock.json'),
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        ...props.environment,
      },
      bundling: {
        format: OutputFormat.ESM,
        target: functionBundling.target,
        minify: functionBundling.minify,
        sourceMap: true,
        sourcesContent: false,
        mainFields: [...functionBundling.mainFields],
        externalModules: [...functionBundling.externalModules],
        banner: functionBundling.banner,
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          afterBundling: (_input: string, output: string) =>
            files.flatMap((file) => [`mkdir -p "${join(output, file.to, '..')}"`, `cp "${file.from}" "${join(output, file.to)}"`]),
        },
      },
    });
    this.logs = logGroup;
  }

  /**
   * Lets the function count its agency's requests: UpdateItem on the table's
   * rate items only (their partition keys start with `RATE#`), whatever else
   * it may or may not touch there.
   */
  bindRateLimit(table: ITable, ratePartitionPrefix: string): void {
    this.addToRolePolicy(
      new PolicyStatement({
        actions: ['dynamodb:UpdateItem'],
        resources: [table.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${ratePartitionPrefix}*`] } },
      }),
    );
    table.encryptionKey?.grantEncryptDecrypt(this);
    if (table.encryptionKey) {
      Validations.of(this.role!).acknowledge(
        ...['kms:GenerateDataKey*', 'kms:ReEncrypt*'].map((action) => ({
          id: `AwsSolutions-IAM5[Action::${action}]`,
          reason: 'CDK’s standard grant for writing items of a table encrypted with this stack’s customer-managed key; the resource is that one key.',
        })),
      );
    }
  }

  /** Grants exactly the table access declared (the table's name comes with the environment, from the same declaration). */
  bindTable(table: ITable, access: TableAccess): void {
    if (access === 'read') table.grantReadData(this);
    else table.grantReadWriteData(this);
    const tableId = Stack.of(this).getLogicalId(table.node.defaultChild as CfnTable);
    Validations.of(this.role!).acknowledge(
      {
        id: `AwsSolutions-IAM5[Resource::<${tableId}.Arn>/index/*]`,
        reason: 'Queries through the inbox and due indexes of this one table; the actions are named, never dynamodb:*.',
      },
      ...(table.encryptionKey
        ? ['kms:GenerateDataKey*', 'kms:ReEncrypt*'].map((action) => ({
            id: `AwsSolutions-IAM5[Action::${action}]`,
            reason: 'CDK’s standard grant for reading and writing a table encrypted with this stack’s customer-managed key; the resource is that one key.',
          }))
        : []),
    );
  }

  /** Lets the function put events on the broker's bus, and nothing else there. */
  bindBus(bus: IEventBus): void {
    bus.grantPutEventsTo(this);
  }

  /** Lets the function read one secret's value. */
  bindSecret(secret: ISecret): void {
    secret.grantRead(this);
  }
}
