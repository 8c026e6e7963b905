import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Duration, Validations } from 'aws-cdk-lib';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import { FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { FilterPattern, MetricFilter, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { Directory } from '#domain/directory';
import { envNames } from '#platform/environment';
import { type DeploymentSettings, environmentOf } from '#platform/function-environment';
import { type FunctionId, functions } from '#platform/functions';
import { deadLetteredMessage } from '#platform/log-messages';
import { handoffTable, outboxDelivery, ratePartitionPrefix } from '#platform/tables';
import { BrokerFunction, type BundledFile, constructIdOf, projectRoot } from '../broker-function.ts';
import type { BrokerAlarms } from './alarms.ts';
import type { BrokerData } from './data.ts';

const lambdaRoot = '/var/task';

export type BrokerFunctionsProps = {
  data: BrokerData;
  bus: IEventBus;
  alarms: BrokerAlarms;
  directory: Directory;
  logRetention: RetentionDays;
  partnerTokens: DeploymentSettings['partnerTokens'];
  staffTokens: DeploymentSettings['staffTokens'];
  staffSignIn: DeploymentSettings['staffSignIn'];
  lifecycle: DeploymentSettings['lifecycle'];
};

/**
 * One Lambda function per declared function: its environment and its grants
 * from the same declared access, its files bundled, an alarm on its errors
 * and throttles; and the table's stream feeding the functions that read it.
 */
export class BrokerFunctions extends Construct {
  readonly byId: Record<FunctionId, BrokerFunction>;

  constructor(scope: Construct, id: string, props: BrokerFunctionsProps) {
    super(scope, id);
    const { data, alarms } = props;
    // The directory is validated at synth and bundled resolved, so a Lambda never reads a half-valid file.
    const directoryFile = join(mkdtempSync(join(tmpdir(), 'handoff-directory-')), 'directory.json');
    writeFileSync(directoryFile, JSON.stringify(props.directory.config));
    const swaggerUi = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
    const staffPages = join(projectRoot, 'staff-pages');
    const chartJs = join(dirname(createRequire(import.meta.url).resolve('chart.js')), 'chart.umd.js');

    // Where this deployment's resources are, for the one mapping from a function's declared access to its environment.
    const deployment: DeploymentSettings = {
      tableName: data.table.tableName,
      busName: props.bus.eventBusName,
      directoryFile: `${lambdaRoot}/directory.json`,
      docsAssetsDir: `${lambdaRoot}/docs-assets`,
      staffPagesDir: `${lambdaRoot}/staff-pages`,
      partnerTokens: props.partnerTokens,
      staffTokens: props.staffTokens,
      staffSignIn: props.staffSignIn,
      lifecycle: props.lifecycle,
      pseudonymKey: { arn: data.pseudonymKey.secretArn },
      webhookSecrets: { arn: data.webhookSecrets.secretArn },
      everyFunction: { [envNames.logLevel]: 'INFO' },
    };
    const made = {} as Record<FunctionId, BrokerFunction>;
    for (const [functionId, declaration] of Object.entries(functions) as [FunctionId, (typeof functions)[FunctionId]][]) {
      const { access } = declaration;
      const files: BundledFile[] = [
        ...('directory' in access && access.directory ? [{ from: directoryFile, to: 'directory.json' }] : []),
        ...('docsAssets' in access && access.docsAssets
          ? ['swagger-ui-bundle.js', 'swagger-ui.css'].map((name) => ({ from: join(swaggerUi, name), to: `docs-assets/${name}` }))
          : []),
        ...('staffPages' in access && access.staffPages
          ? [
              ...['shared', 'desk', 'ops'].flatMap((app) =>
                readdirSync(join(staffPages, app)).map((name) => ({ from: join(staffPages, app, name), to: `staff-pages/${app}/${name}` })),
              ),
              { from: chartJs, to: 'staff-pages/ops/chart.umd.js' },
            ]
          : []),
      ];
      const fn = new BrokerFunction(this, constructIdOf(functionId), {
        declaration,
        logRetention: props.logRetention,
        environment: environmentOf(functionId, deployment),
        files,
      });
      // The grants match the environment: both follow the declared access.
      if ('table' in access && access.table) fn.bindTable(data.table, access.table);
      if ('rateLimit' in access && access.rateLimit) fn.bindRateLimit(data.table, ratePartitionPrefix);
      if ('putEvents' in access && access.putEvents) fn.bindBus(props.bus);
      if ('pseudonymKey' in access && access.pseudonymKey) fn.bindSecret(data.pseudonymKey);
      if ('webhookSecrets' in access && access.webhookSecrets) fn.bindSecret(data.webhookSecrets);
      alarms.alarm(`${constructIdOf(functionId)}Errors`, fn.metricErrors({ period: Duration.minutes(5) }), `${functionId} failed`);
      alarms.alarm(`${constructIdOf(functionId)}Throttles`, fn.metricThrottles({ period: Duration.minutes(5) }), `${functionId} was throttled`);
      made[functionId] = fn;
    }
    this.byId = made;

    // Webhooks given up on are table items, not queue messages: the dispatcher's log line for each becomes the metric.
    const deadLetters = new MetricFilter(this, 'WebhookDeadLettersMetric', {
      logGroup: made.dispatcher.logs,
      metricNamespace: 'HandoffBroker',
      metricName: 'WebhookDeadLetters',
      filterPattern: FilterPattern.stringValue('$.message', '=', deadLetteredMessage),
      metricValue: '1',
    });
    alarms.alarm(
      'WebhookDeadLetters',
      deadLetters.metric({ statistic: 'Sum', period: Duration.minutes(5) }),
      'a webhook to a partner bot was given up on: list and redrive with GET/POST /v1/ops/dead-letters',
    );

    // Outbox: the table's stream feeds its readers (the publisher, the audit projection), each the inserts it declares.
    for (const [functionId, declaration] of Object.entries(functions) as [FunctionId, (typeof functions)[FunctionId]][]) {
      const trigger = declaration.trigger;
      if (trigger.kind !== 'stream') continue;
      Validations.of(made[functionId].role!).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'dynamodb:ListStreams, which the stream event source needs, supports no resource-level permission; the stream reads themselves are scoped to this table’s stream.',
      });
      made[functionId].addEventSource(
        new DynamoEventSource(data.table, {
          startingPosition: StartingPosition.TRIM_HORIZON,
          batchSize: outboxDelivery.batchSize,
          parallelizationFactor: trigger.parallelization,
          bisectBatchOnError: true,
          retryAttempts: outboxDelivery.retryAttempts,
          reportBatchItemFailures: true,
          ...(trigger.batchingWindowSeconds ? { maxBatchingWindow: Duration.seconds(trigger.batchingWindowSeconds) } : {}),
          onFailure: new SqsDlq(alarms.deadLetterQueue(`${constructIdOf(functionId)}Dlq`, `${functionId}'s failed stream batches`)),
          filters: trigger.sortKeyPrefixes.map((prefix) =>
            FilterCriteria.filter({
              eventName: FilterRule.isEqual('INSERT'),
              dynamodb: { Keys: { [handoffTable.sortKey.name]: { S: FilterRule.beginsWith(prefix) } } },
            }),
          ),
        }),
      );
    }
  }
}
