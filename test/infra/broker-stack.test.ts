import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { functions } from '#platform/functions';
import { agencyBusRoutes, rules } from '#platform/rules';
import { loadDirectoryFile } from '#adapters/directory-file';
import { handoffTable, ratePartitionPrefix } from '#platform/tables';
import { envNames } from '#platform/environment';

const projectRoot = new URL('../../', import.meta.url).pathname;
const stackName = 'HandoffBroker-dev';

type Resource = { Type: string; Properties: Record<string, unknown> };
let outDir: string;
let template: Template;
let resources: Record<string, Resource>;
const ofType = (type: string) => Object.entries(resources).filter(([, resource]) => resource.Type === type);

/** Whom the environment trusts: required, as a deploy that forgot them must not trust anyone by default. */
const trustParameters = ['-c', 'issuer=https://maskinporten.no/', '-c', 'jwksUrl=https://maskinporten.no/jwk', '-c', 'audience=handoff-broker-dev'];

/** The cross-account deliveries the demo directory (the synth's default) names. */
const agencyRoutes = agencyBusRoutes(loadDirectoryFile(join(projectRoot, 'demo/directory.json'), { DEMO_BOTS_URL: 'http://localhost:3001' }).config);

/** What `npx cdk synth` printed, for failure messages. */
let synthOutput = '';

beforeAll(() => {
  // The real CLI, offline, exactly as a platform team runs it: bundles every function with the local esbuild.
  outDir = mkdtempSync(join(tmpdir(), 'cdk-out-'));
  const synth = spawnSync('npx', ['cdk', 'synth', '--quiet', '--output', outDir, ...trustParameters], {
    cwd: projectRoot,
    encoding: 'utf8',
    env: { ...process.env, CI: 'true' },
  });
  synthOutput = `${synth.stdout}\n${synth.stderr}`;
  expect(synth.status, synthOutput).toBe(0);
  const json = JSON.parse(readFileSync(join(outDir, `${stackName}.template.json`), 'utf8'));
  template = Template.fromJSON(json);
  resources = json.Resources;
  // No deadline a loaded machine could miss: bundling every function on two busy cores has taken minutes.
}, 1_200_000);

describe('the CDK app', () => {
  it('refuses to synthesize without an explicit issuer, JWKS and an audience of the environment’s own', () => {
    const app = (args: string[]) =>
      spawnSync('npx', ['tsx', 'lib/app.ts'], {
        cwd: projectRoot,
        encoding: 'utf8',
        env: { ...process.env, CDK_CONTEXT_JSON: JSON.stringify(Object.fromEntries(args.map((arg) => arg.split('=') as [string, string]))) },
      });
    const bare = app([]);
    expect(bare.status).not.toBe(0);
    expect(bare.stderr).toMatch(/issuer: required/);
    expect(bare.stderr).toMatch(/jwksUrl: required/);
    expect(bare.stderr).toMatch(/audience: required/);
    const shared = app(['issuer=https://maskinporten.no/', 'jwksUrl=https://maskinporten.no/jwk', 'audience=handoff-broker', 'environmentName=prod']);
    expect(shared.status).not.toBe(0);
    expect(shared.stderr).toMatch(/must name the environment "prod"/);
  });

  it('is synthesized by the pinned CLI, which reads the pinned aws-cdk-lib’s cloud assembly', () => {
    const version = execFileSync('npx', ['cdk', '--version'], { cwd: projectRoot, encoding: 'utf8' });
    expect(version).toMatch(/^2\.1148\./);
    expect(JSON.parse(readFileSync(join(outDir, 'manifest.json'), 'utf8')).version).toMatch(/^\d+\./);
  });

  it('passes cdk-nag’s AWS Solutions pack with no unacknowledged finding, and every acknowledgement gives its reason', () => {
    const report = JSON.parse(readFileSync(join(outDir, 'validation-report.json'), 'utf8')) as { pluginReports: unknown[] };
    expect(report.pluginReports, synthOutput).toEqual([]);
    const metadata = JSON.parse(readFileSync(join(outDir, `${stackName}.metadata.json`), 'utf8')) as Record<
      string,
      { type: string; data: Record<string, string> }[]
    >;
    const acknowledgements = Object.values(metadata)
      .flat()
      .filter((entry) => entry.type === 'aws:cdk:acknowledged-rules')
      .flatMap((entry) => Object.entries(entry.data));
    expect(acknowledgements.length).toBeGreaterThan(0);
    for (const [rule, reason] of acknowledgements) {
      expect(rule).toMatch(/AwsSolutions-/);
      expect(reason.length, rule).toBeGreaterThan(40);
    }
  });
});

describe('one source of truth: the template holds exactly what platform/ declares', () => {
  it('has one route per declared HTTP function, and no other', () => {
    const declared = Object.values(functions).flatMap((fn) => (fn.trigger.kind === 'http' ? [`${fn.trigger.method} ${fn.trigger.path}`] : []));
    const routes = ofType('AWS::ApiGatewayV2::Route').map(([, route]) => route.Properties.RouteKey);
    expect(routes.sort()).toEqual(declared.sort());
  });

  it('has one bus rule per declared rule and per agency bus of the directory, with the declared pattern, and the sweeper’s schedule', () => {
    const busRules = ofType('AWS::Events::Rule').filter(([, rule]) => rule.Properties.EventPattern);
    expect(busRules.map(([, rule]) => rule.Properties.EventPattern).sort(byJson)).toEqual(
      [...Object.values(rules), ...agencyRoutes].map((rule) => rule.pattern).sort(byJson),
    );
    const schedules = ofType('AWS::Events::Rule').filter(([, rule]) => rule.Properties.ScheduleExpression);
    expect(schedules.map(([, rule]) => rule.Properties.ScheduleExpression)).toEqual(['rate(1 minute)']);
  });

  it('has the table as declared: keys, indexes, TTL and stream, and no other table', () => {
    const tables = ofType('AWS::DynamoDB::Table');
    expect(tables).toHaveLength(1);
    const table = tables[0]![1].Properties;
    expect(table.KeySchema).toEqual([
      { AttributeName: handoffTable.partitionKey.name, KeyType: 'HASH' },
      { AttributeName: handoffTable.sortKey.name, KeyType: 'RANGE' },
    ]);
    expect((table.GlobalSecondaryIndexes as { IndexName: string; KeySchema: unknown }[]).map((index) => [index.IndexName, index.KeySchema])).toEqual(
      Object.values(handoffTable.indexes).map((index) => [
        index.name,
        [
          { AttributeName: index.partitionKey.name, KeyType: 'HASH' },
          { AttributeName: index.sortKey.name, KeyType: 'RANGE' },
        ],
      ]),
    );
    expect(table.TimeToLiveSpecification).toEqual({ AttributeName: handoffTable.timeToLiveAttribute, Enabled: true });
    expect(table.StreamSpecification).toEqual({ StreamViewType: handoffTable.stream });
  });

  it('has one function per declared function, each on Node.js 22 and ARM64, and no other', () => {
    const lambdas = ofType('AWS::Lambda::Function');
    expect(lambdas).toHaveLength(Object.keys(functions).length);
    for (const [id, fn] of lambdas) {
      expect(fn.Properties, id).toMatchObject({ Runtime: 'nodejs22.x', Architectures: ['arm64'], Handler: 'index.handler' });
    }
  });
});

describe('the stack keeps data safe and failures visible', () => {
  it('never switches on the fault suite’s store faults, and lets webhooks reach public addresses only', () => {
    for (const [id, fn] of ofType('AWS::Lambda::Function')) {
      const variables = ((fn.Properties as { Environment?: { Variables?: Record<string, unknown> } }).Environment?.Variables ?? {}) as Record<string, unknown>;
      expect(variables[envNames.storeFaultRate], id).toBeUndefined();
      expect(variables[envNames.webhookNetwork] ?? 'public', id).toBe('public');
    }
  });

  it('lets the API functions write the request counters only: UpdateItem on RATE# partitions', () => {
    const statements = ofType('AWS::IAM::Policy').flatMap(
      ([, policy]) => (policy.Properties as { PolicyDocument: { Statement: { Action: unknown; Condition?: unknown }[] } }).PolicyDocument.Statement,
    );
    const counting = statements.filter((statement) => statement.Action === 'dynamodb:UpdateItem' && statement.Condition);
    expect(counting).toHaveLength(Object.values(functions).filter((fn) => fn.trigger.kind === 'http' && 'rateLimit' in fn.access).length);
    for (const statement of counting)
      expect(statement.Condition).toEqual({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${ratePartitionPrefix}*`] } });
  });

  it('encrypts the table with its customer-managed key, with point-in-time recovery and deletion protection', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: Match.anyValue() },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      DeletionProtectionEnabled: true,
      BillingMode: 'PAY_PER_REQUEST',
    });
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  it('feeds the stream to the publisher with bisect-on-error, bounded retries, an on-failure queue and a filter for what it announces', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 5,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
      FilterCriteria: { Filters: [{ Pattern: Match.stringLikeRegexp('TRANSITION#') }, { Pattern: Match.stringLikeRegexp('MESSAGE#') }] },
      ParallelizationFactor: functions.publisher.trigger.parallelization,
    });
    // The audit projection reads the same stream one batch of a shard at a time, after its batching window.
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FilterCriteria: { Filters: [{ Pattern: Match.stringLikeRegexp('TRANSITION#') }] },
      ParallelizationFactor: functions.auditProjection.trigger.parallelization,
      MaximumBatchingWindowInSeconds: functions.auditProjection.trigger.batchingWindowSeconds,
    });
    expect(functions.auditProjection.trigger.parallelization).toBe(1);
  });

  it('gives every bus and schedule target a dead-letter queue, every function target a retry policy, and every async function an on-failure queue', () => {
    const targets = ofType('AWS::Events::Rule').flatMap(([, rule]) => rule.Properties.Targets as Record<string, unknown>[]);
    expect(targets.length).toBe(Object.keys(rules).length + 1 + agencyRoutes.length);
    for (const target of targets) {
      expect(target).toMatchObject({ DeadLetterConfig: { Arn: expect.anything() } });
      // A bus target keeps EventBridge's own retry policy (24 hours), which a rule cannot set for it.
      if (!agencyRoutes.some((route) => route.busArn === target.Arn))
        expect(target).toMatchObject({ RetryPolicy: { MaximumRetryAttempts: expect.any(Number) } });
    }
    expect(ofType('AWS::Lambda::EventInvokeConfig').map(([, config]) => config.Properties.DestinationConfig)).toEqual(
      expect.arrayContaining([{ OnFailure: { Destination: expect.anything() } }]),
    );
    expect(ofType('AWS::Lambda::EventInvokeConfig')).toHaveLength(new Set(Object.values(rules).map((rule) => rule.target)).size + 1);
  });

  it('alarms on every dead-letter queue, and on every function’s errors and throttles, to the alarm topic', () => {
    const alarms = ofType('AWS::CloudWatch::Alarm').map(([, alarm]) => alarm.Properties);
    for (const [queueId] of ofType('AWS::SQS::Queue')) {
      expect(
        alarms.some((alarm) => alarm.MetricName === 'ApproximateNumberOfMessagesVisible' && JSON.stringify(alarm.Dimensions).includes(queueId)),
        queueId,
      ).toBe(true);
    }
    for (const [functionId] of ofType('AWS::Lambda::Function')) {
      for (const metric of ['Errors', 'Throttles']) {
        expect(
          alarms.some((alarm) => alarm.MetricName === metric && JSON.stringify(alarm.Dimensions).includes(functionId)),
          `${functionId} ${metric}`,
        ).toBe(true);
      }
    }
    for (const alarm of alarms) expect(JSON.stringify(alarm.AlarmActions)).toContain('Alarms');
  });

  it('grants no wildcard data actions, and scopes every data grant to the stack’s own resources', () => {
    const statements = ofType('AWS::IAM::Policy').flatMap(
      ([, policy]) => (policy.Properties.PolicyDocument as { Statement: { Action: string | string[]; Resource: unknown }[] }).Statement,
    );
    for (const statement of statements) {
      for (const action of [statement.Action].flat()) {
        expect(action).not.toBe('*');
        expect(action, action).not.toMatch(/^(dynamodb|sqs|events|secretsmanager|logs):.*\*/);
      }
      if (statement.Resource === '*') expect(statement.Action).toBe('dynamodb:ListStreams');
    }
  });

  it('puts the API behind the JWT authorizer with each route’s scope, throttled and access-logged', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      JwtConfiguration: { Issuer: 'https://maskinporten.no/', Audience: ['handoff-broker-dev'] },
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: 'POST /v1/handoffs',
      AuthorizationType: 'JWT',
      AuthorizationScopes: ['handoffs:write'],
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      JwtConfiguration: { Issuer: 'https://staff-idp.invalid/', Audience: ['handoff-staff-dev'] },
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: 'POST /v1/desk/handoffs/{id}/accept',
      AuthorizationType: 'JWT',
      AuthorizationScopes: ['desk'],
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'GET /docs', AuthorizationType: 'NONE' });
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'GET /desk', AuthorizationType: 'NONE' });
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('requestId') },
    });
  });

  it('forwards each agency bus’s deliveries by a rule of its own, through a role that may put events on that bus only', () => {
    expect(agencyRoutes.length).toBeGreaterThan(0);
    for (const route of agencyRoutes) {
      const [, rule] = ofType('AWS::Events::Rule').find(
        ([, candidate]) => JSON.stringify(candidate.Properties.EventPattern) === JSON.stringify(route.pattern),
      )!;
      const [target] = rule.Properties.Targets as { Arn: string; RoleArn: { 'Fn::GetAtt': [string, string] } }[];
      expect(target!.Arn).toBe(route.busArn);
      const roleId = target!.RoleArn['Fn::GetAtt'][0];
      const role = resources[roleId]!.Properties as { AssumeRolePolicyDocument: { Statement: unknown[] }; ManagedPolicyArns?: unknown };
      expect(role.AssumeRolePolicyDocument.Statement).toEqual([
        {
          Action: 'sts:AssumeRole',
          Effect: 'Allow',
          Principal: { Service: 'events.amazonaws.com' },
          Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
        },
      ]);
      expect(role.ManagedPolicyArns).toBeUndefined();
      const statements = ofType('AWS::IAM::Policy')
        .filter(([, policy]) => JSON.stringify(policy.Properties.Roles) === JSON.stringify([{ Ref: roleId }]))
        .flatMap(([, policy]) => (policy.Properties.PolicyDocument as { Statement: unknown[] }).Statement);
      expect(statements).toEqual([{ Action: 'events:PutEvents', Effect: 'Allow', Resource: route.busArn }]);
    }
  });

  it('keeps an archive of the bus for replay and a retention on every log group', () => {
    template.hasResourceProperties('AWS::Events::Archive', { EventPattern: { source: ['no.handoff-broker'] }, RetentionDays: 365 });
    for (const [id, group] of ofType('AWS::Logs::LogGroup')) expect(group.Properties.RetentionInDays, id).toBe(90);
  });
});

describe('the bundles run', () => {
  it('load as Lambda would load them, and carry the files their environment points at', async () => {
    const lambdas = ofType('AWS::Lambda::Function');
    const assets = JSON.parse(readFileSync(join(outDir, `${stackName}.assets.json`), 'utf8')) as { files: Record<string, { source: { path: string } }> };
    for (const [id, fn] of lambdas) {
      const code = fn.Properties.Code as { S3Key: string };
      const hash = code.S3Key.replace(/\.zip$/, '');
      const dir = join(outDir, assets.files[hash]!.source.path);
      expect(readdirSync(dir), id).toContain('index.mjs');
      const environment = ((fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables ?? {}) as Record<string, unknown>;
      if (environment.DIRECTORY_FILE) expect(existsSync(join(dir, 'directory.json')), id).toBe(true);
      if (environment.DOCS_ASSETS_DIR) expect(readdirSync(join(dir, 'docs-assets')).sort(), id).toEqual(['swagger-ui-bundle.js', 'swagger-ui.css']);
      if (environment.STAFF_PAGES_DIR) {
        for (const app of ['shared', 'desk', 'ops'])
          expect(readdirSync(join(dir, 'staff-pages', app)), `${id} ${app}`).toEqual(
            expect.arrayContaining(readdirSync(join(projectRoot, 'staff-pages', app))),
          );
      }
    }
    // A cold start of one bundle end to end: the public OpenAPI document handler.
    // Found by its construct id inside the functions construct (the logical id carries the path).
    const openapi = lambdas.find(([id]) => id.startsWith('FunctionsOpenapiDocument'))!;
    const dir = join(outDir, assets.files[(openapi[1].Properties.Code as { S3Key: string }).S3Key.replace(/\.zip$/, '')]!.source.path);
    const { handler } = (await import(join(dir, 'index.mjs'))) as {
      handler: (event: unknown, context: unknown) => Promise<{ statusCode: number; body: string }>;
    };
    const response = await handler(
      { rawPath: '/openapi.json', headers: {}, requestContext: { http: { method: 'GET' } } },
      { awsRequestId: 'test', functionName: 'openapi', getRemainingTimeInMillis: () => 1000 },
    );
    expect(response.statusCode, response.body).toBe(200);
    // Contract schemas are declared pure so bundles drop those a function never reads; the document, built from the
    // registry, must still be whole: exactly the checked-in contract.
    expect(JSON.parse(response.body)).toEqual(JSON.parse(readFileSync(join(projectRoot, 'contracts/openapi.json'), 'utf8')));
  });
});

function byJson(a: unknown, b: unknown) {
  return JSON.stringify(a).localeCompare(JSON.stringify(b));
}
