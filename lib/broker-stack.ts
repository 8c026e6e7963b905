import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { CfnOutput, Duration, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import { CorsHttpMethod, HttpApi, HttpMethod, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Alarm, ComparisonOperator, TreatMissingData, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { AttributeType, BillingMode, ProjectionType, StreamViewType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { EventBus, Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { FilterPattern, LogGroup, MetricFilter, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { busSource } from '#contracts/events';
import { routes } from '#contracts/routes';
import type { Directory } from '#domain/directory';
import { envNames } from '#platform/environment';
import { environmentOf, type DeploymentSettings } from '#platform/function-environment';
import { deadLetteredMessage } from '#platform/log-messages';
import { functions, type FunctionId } from '#platform/functions';
import { rules } from '#platform/rules';
import { handoffTable, outboxDelivery, ratePartitionPrefix } from '#platform/tables';
import { BrokerFunction, projectRoot, type BundledFile } from './broker-function.ts';

export interface HandoffBrokerStackProps extends StackProps {
  /** dev, test, prod: part of resource names. */
  environmentName: string;
  /** The token issuer (Maskinporten: https://maskinporten.no/), checked by API Gateway and by the handlers. */
  issuer: string;
  jwksUrl: string;
  audience: string;
  /** The agencies' staff identity provider (OpenID Connect) for the desk and the ops dashboard. */
  staff: {
    issuer: string;
    jwksUrl: string;
    audience: string;
    orgClaim: string;
    authorizationEndpoint: string;
    tokenEndpoint: string;
    clientId: string;
  };
  corsOrigins: string[];
  logRetention: RetentionDays;
  /** The validated directory; bundled as JSON into every function that routes or checks callers. */
  directory: Directory;
  throttle: { rateLimit: number; burstLimit: number };
  /** Deadlines of offers and accepted conversations, and how long audit metadata is kept. */
  lifecycle: { offerTimeoutSeconds: number; acceptedTimeoutSeconds: number; metadataRetentionDays: number };
  alarmEmail?: string | undefined;
}

const pascal = (id: string) => id.charAt(0).toUpperCase() + id.slice(1);
const apiRouteIds = new Set(Object.keys(routes));
const lambdaRoot = '/var/task';

/**
 * The whole broker in one stack, built by walking the shared declarations:
 * one function per declared function, one route per declared route, one rule
 * per declared rule, the table as declared. Nothing is listed twice.
 */
export class HandoffBrokerStack extends Stack {
  readonly table: Table;
  readonly bus: EventBus;
  readonly api: HttpApi;
  readonly functions: Record<FunctionId, BrokerFunction>;
  readonly deadLetterQueues: Queue[] = [];

  constructor(scope: Construct, id: string, props: HandoffBrokerStackProps) {
    super(scope, id, props);

    const key = new Key(this, 'DataKey', {
      description: 'Handoff broker: session state, webhook secrets and alarm notifications',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // CloudWatch alarms publish to the encrypted alarm topic.
    key.grant(new ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey');

    // Session state: the table exactly as platform/tables.ts declares it.
    this.table = new Table(this, handoffTable.id, {
      partitionKey: { name: handoffTable.partitionKey.name, type: AttributeType.STRING },
      sortKey: { name: handoffTable.sortKey.name, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      encryption: TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: key,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: handoffTable.timeToLiveAttribute,
      stream: StreamViewType[handoffTable.stream],
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const index of Object.values(handoffTable.indexes)) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: { name: index.partitionKey.name, type: AttributeType.STRING },
        sortKey: { name: index.sortKey.name, type: AttributeType.STRING },
        projectionType: ProjectionType[handoffTable.indexProjection],
      });
    }

    this.bus = new EventBus(this, 'Bus', { eventBusName: `handoff-broker-${props.environmentName}` });
    this.bus.archive('Archive', {
      archiveName: `handoff-broker-${props.environmentName}`,
      description: 'Every broker event, for replay',
      eventPattern: { source: [busSource] },
      retention: Duration.days(365),
    });

    const webhookSecrets = new Secret(this, 'WebhookSecrets', {
      description: 'Standard Webhooks signing secrets: {"<orgnr>/<botId>": "whsec_..."}, one per bot with a webhook',
      encryptionKey: key,
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ _readme: 'add "<orgnr>/<botId>": "whsec_<base64>" per bot' }),
        generateStringKey: '_unused',
      },
    });
    Validations.of(webhookSecrets).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Webhook signing secrets are shared with partner bots; they are rotated per bot through partner onboarding (README: Operate), not by a rotation Lambda the partners could not follow.',
    });

    const pseudonymKey = new Secret(this, 'PseudonymKey', {
      description: 'Key of the audit pseudonyms of citizens (HMAC); whoever holds it can match a national identity number to its pseudonym',
      encryptionKey: key,
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
    });
    Validations.of(pseudonymKey).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Rotating the pseudonym key would break the link between a citizen and their audit records across the retention period; it is rotated only by a deliberate re-keying.',
    });

    const alarmTopic = new Topic(this, 'Alarms', { displayName: `Handoff broker ${props.environmentName} alarms`, masterKey: key, enforceSSL: true });
    if (props.alarmEmail) alarmTopic.addSubscription(new EmailSubscription(props.alarmEmail));
    const alarm = (alarmId: string, metric: IMetric, description: string) =>
      new Alarm(this, alarmId, {
        metric,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      }).addAlarmAction(new SnsAction(alarmTopic));

    const deadLetterQueue = (queueId: string, purpose: string) => {
      const queue = new Queue(this, queueId, {
        encryption: QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        retentionPeriod: Duration.days(14),
      });
      Validations.of(queue).acknowledge({
        id: 'AwsSolutions-SQS3',
        reason: 'This queue is itself a dead-letter queue (of a Lambda or EventBridge target); it needs none of its own.',
      });
      alarm(`${queueId}Depth`, queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1) }), `Messages in ${purpose}: inspect and redrive`);
      this.deadLetterQueues.push(queue);
      return queue;
    };

    // The directory is validated at synth and bundled resolved, so a Lambda never reads a half-valid file.
    const directoryFile = join(mkdtempSync(join(tmpdir(), 'handoff-directory-')), 'directory.json');
    writeFileSync(directoryFile, JSON.stringify(props.directory.config));
    const swaggerUi = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
    const staffPages = join(projectRoot, 'staff-pages');
    const chartJs = join(dirname(createRequire(import.meta.url).resolve('chart.js')), 'chart.umd.js');

    // Where this deployment's resources are, for the one mapping from a function's declared access to its environment.
    const deployment: DeploymentSettings = {
      tableName: this.table.tableName,
      busName: this.bus.eventBusName,
      directoryFile: `${lambdaRoot}/directory.json`,
      docsAssetsDir: `${lambdaRoot}/docs-assets`,
      staffPagesDir: `${lambdaRoot}/staff-pages`,
      partnerTokens: { issuer: props.issuer, audience: props.audience, jwksUrl: props.jwksUrl },
      staffTokens: { issuer: props.staff.issuer, audience: props.staff.audience, jwksUrl: props.staff.jwksUrl, orgClaim: props.staff.orgClaim },
      staffSignIn: { authorizationEndpoint: props.staff.authorizationEndpoint, tokenEndpoint: props.staff.tokenEndpoint, clientId: props.staff.clientId },
      lifecycle: props.lifecycle,
      pseudonymKey: { arn: pseudonymKey.secretArn },
      webhookSecrets: { arn: webhookSecrets.secretArn },
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
      const fn = new BrokerFunction(this, pascal(functionId), {
        declaration,
        logRetention: props.logRetention,
        environment: environmentOf(functionId, deployment),
        files,
      });
      // The grants match the environment: both follow the declared access.
      if ('table' in access && access.table) fn.bindTable(this.table, access.table);
      if ('rateLimit' in access && access.rateLimit) fn.bindRateLimit(this.table, ratePartitionPrefix);
      if ('putEvents' in access && access.putEvents) fn.bindBus(this.bus);
      if ('pseudonymKey' in access && access.pseudonymKey) fn.bindSecret(pseudonymKey);
      if ('webhookSecrets' in access && access.webhookSecrets) fn.bindSecret(webhookSecrets);
      alarm(`${pascal(functionId)}Errors`, fn.metricErrors({ period: Duration.minutes(5) }), `${functionId} failed`);
      alarm(`${pascal(functionId)}Throttles`, fn.metricThrottles({ period: Duration.minutes(5) }), `${functionId} was throttled`);
      made[functionId] = fn;
    }
    this.functions = made;

    // Webhooks given up on are table items, not queue messages: the dispatcher's log line for each becomes the metric.
    const deadLetters = new MetricFilter(this, 'WebhookDeadLettersMetric', {
      logGroup: made.dispatcher.logs,
      metricNamespace: 'HandoffBroker',
      metricName: 'WebhookDeadLetters',
      filterPattern: FilterPattern.stringValue('$.message', '=', deadLetteredMessage),
      metricValue: '1',
    });
    alarm(
      'WebhookDeadLetters',
      deadLetters.metric({ statistic: 'Sum', period: Duration.minutes(5) }),
      'a webhook to a partner bot was given up on: list and redrive with GET/POST /v1/ops/dead-letters',
    );

    // HTTP API: one route per declared HTTP function; API routes behind the JWT authorizer with their scope.
    const accessLogs = new LogGroup(this, 'ApiAccessLogs', { retention: props.logRetention, removalPolicy: RemovalPolicy.DESTROY });
    this.api = new HttpApi(this, 'Api', {
      apiName: `handoff-broker-${props.environmentName}`,
      createDefaultStage: false,
      ...(props.corsOrigins.length
        ? {
            corsPreflight: {
              allowOrigins: props.corsOrigins,
              allowMethods: [CorsHttpMethod.GET, CorsHttpMethod.POST],
              allowHeaders: ['authorization', 'content-type', 'idempotency-key'],
              // The response headers the contract declares, readable by a partner's browser code too.
              exposeHeaders: ['location', 'idempotent-replayed', 'retry-after'],
              maxAge: Duration.hours(1),
            },
          }
        : {}),
    });
    new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: props.throttle,
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        // No source IPs or tokens: ids, route, status and timings only.
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            routeKey: '$context.routeKey',
            status: '$context.status',
            latencyMs: '$context.responseLatency',
            integrationError: '$context.integrationErrorMessage',
            authorizerError: '$context.authorizer.error',
          }),
        ),
      },
    });
    const staffAuthorizer = new HttpJwtAuthorizer('StaffIdentityProvider', props.staff.issuer, {
      jwtAudience: [props.staff.audience],
      identitySource: ['$request.header.Authorization'],
    });
    const authorizers = {
      partner: new HttpJwtAuthorizer('Maskinporten', props.issuer, { jwtAudience: [props.audience], identitySource: ['$request.header.Authorization'] }),
      adviser: staffAuthorizer,
      operator: staffAuthorizer,
    };
    for (const [functionId, declaration] of Object.entries(functions) as [FunctionId, (typeof functions)[FunctionId]][]) {
      const trigger = declaration.trigger;
      if (trigger.kind !== 'http') continue;
      const route = apiRouteIds.has(functionId) ? routes[functionId as keyof typeof routes] : undefined;
      const [added] = this.api.addRoutes({
        path: trigger.path,
        methods: [HttpMethod[trigger.method]],
        integration: new HttpLambdaIntegration(`${pascal(functionId)}Integration`, made[functionId]),
        ...(route ? { authorizer: authorizers[route.caller], authorizationScopes: [route.scope] } : {}),
      });
      if (!route && added) {
        Validations.of(added).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason:
            'Public pages: the API reference (/docs, /openapi.json) documents the contract; the agent desk page (/desk) is static and signs advisers in itself before it calls the authorized desk API.',
        });
      }
    }

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
        new DynamoEventSource(this.table, {
          startingPosition: StartingPosition.TRIM_HORIZON,
          batchSize: outboxDelivery.batchSize,
          parallelizationFactor: outboxDelivery.parallelization,
          bisectBatchOnError: true,
          retryAttempts: outboxDelivery.retryAttempts,
          reportBatchItemFailures: true,
          ...(trigger.batchingWindowSeconds ? { maxBatchingWindow: Duration.seconds(trigger.batchingWindowSeconds) } : {}),
          onFailure: new SqsDlq(deadLetterQueue(`${pascal(functionId)}Dlq`, `${functionId}'s failed stream batches`)),
          filters: trigger.sortKeyPrefixes.map((prefix) =>
            FilterCriteria.filter({
              eventName: FilterRule.isEqual('INSERT'),
              dynamodb: { Keys: { [handoffTable.sortKey.name]: { S: FilterRule.beginsWith(prefix) } } },
            }),
          ),
        }),
      );
    }

    // Bus and schedule targets: a retry policy and a dead-letter queue on every one, for delivery and for function errors.
    const targetQueues = new Map<FunctionId, Queue>();
    const queueFor = (functionId: FunctionId) => {
      let queue = targetQueues.get(functionId);
      if (!queue) {
        queue = deadLetterQueue(`${pascal(functionId)}Dlq`, `events ${functionId} could not handle`);
        made[functionId].configureAsyncInvoke({ retryAttempts: 2, maxEventAge: Duration.hours(1), onFailure: new SqsDestination(queue) });
        targetQueues.set(functionId, queue);
      }
      return queue;
    };
    const targetOf = (functionId: FunctionId) =>
      new LambdaFunction(made[functionId], { deadLetterQueue: queueFor(functionId), retryAttempts: 8, maxEventAge: Duration.hours(1) });

    for (const [ruleId, rule] of Object.entries(rules)) {
      const { source, 'detail-type': detailType, detail } = rule.pattern;
      new Rule(this, pascal(ruleId), {
        eventBus: this.bus,
        description: rule.description,
        eventPattern: { source, detailType, ...(detail ? { detail } : {}) },
        targets: [targetOf(rule.target)],
      });
    }
    for (const [functionId, declaration] of Object.entries(functions) as [FunctionId, (typeof functions)[FunctionId]][]) {
      if (declaration.trigger.kind !== 'schedule') continue;
      new Rule(this, `${pascal(functionId)}Schedule`, {
        description: `Runs ${functionId} every ${declaration.trigger.everySeconds} s`,
        schedule: Schedule.rate(Duration.seconds(declaration.trigger.everySeconds)),
        targets: [targetOf(functionId)],
      });
    }

    new CfnOutput(this, 'ApiUrl', { value: this.api.apiEndpoint, description: 'Base URL of the v1 API (/v1/...) and of /docs' });
    new CfnOutput(this, 'EventBusName', { value: this.bus.eventBusName });
    new CfnOutput(this, 'TableName', { value: this.table.tableName });
    new CfnOutput(this, 'WebhookSecretsArn', { value: webhookSecrets.secretArn, description: 'Put each bot’s whsec_ signing secret here' });
    new CfnOutput(this, 'AlarmTopicArn', { value: alarmTopic.topicArn });

    this.suppressFunctionFindings();
  }

  /** Findings that come with every Lambda function of this stack, each with its reason. */
  private suppressFunctionFindings() {
    Validations.of(this).acknowledge({
      id: 'AwsSolutions-L1',
      reason: 'Node.js 22 is the runtime this project targets and tests; a newer runtime is adopted deliberately, not by a linter.',
    });
  }
}
