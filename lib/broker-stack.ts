import { CfnOutput, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import type { EventBus } from 'aws-cdk-lib/aws-events';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { Directory } from '#domain/directory';
import type { FunctionId } from '#platform/functions';
import { agencyBusRoutes } from '#platform/rules';
import type { BrokerFunction } from './broker-function.ts';
import { BrokerAlarms } from './constructs/alarms.ts';
import { BrokerApi } from './constructs/api.ts';
import { BrokerData } from './constructs/data.ts';
import { BrokerEvents } from './constructs/events.ts';
import { BrokerFunctions } from './constructs/functions.ts';

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

/**
 * The whole broker in one stack, built by walking the shared declarations:
 * one function per declared function, one route per declared route, one rule
 * per declared rule, the table as declared. Nothing is listed twice. Each part
 * is a construct of its own (lib/constructs/): data, alarms, events,
 * functions, API.
 */
export class HandoffBrokerStack extends Stack {
  readonly table: Table;
  readonly bus: EventBus;
  readonly api: HttpApi;
  readonly functions: Record<FunctionId, BrokerFunction>;
  readonly deadLetterQueues: Queue[];

  constructor(scope: Construct, id: string, props: HandoffBrokerStackProps) {
    super(scope, id, props);
    const data = new BrokerData(this, 'Data');
    const alarms = new BrokerAlarms(this, 'Monitoring', { environmentName: props.environmentName, key: data.key, alarmEmail: props.alarmEmail });
    const events = new BrokerEvents(this, 'Events', { environmentName: props.environmentName });
    const functions = new BrokerFunctions(this, 'Functions', {
      data,
      bus: events.bus,
      alarms,
      directory: props.directory,
      logRetention: props.logRetention,
      partnerTokens: { issuer: props.issuer, audience: props.audience, jwksUrl: props.jwksUrl },
      staffTokens: { issuer: props.staff.issuer, audience: props.staff.audience, jwksUrl: props.staff.jwksUrl, orgClaim: props.staff.orgClaim },
      staffSignIn: { authorizationEndpoint: props.staff.authorizationEndpoint, tokenEndpoint: props.staff.tokenEndpoint, clientId: props.staff.clientId },
      lifecycle: props.lifecycle,
    });
    events.wake(functions.byId, alarms);
    events.deliverToAgencyBuses(agencyBusRoutes(props.directory.config), alarms);
    const { api } = new BrokerApi(this, 'Http', {
      environmentName: props.environmentName,
      functions: functions.byId,
      issuer: props.issuer,
      audience: props.audience,
      staff: props.staff,
      corsOrigins: props.corsOrigins,
      logRetention: props.logRetention,
      throttle: props.throttle,
    });

    this.table = data.table;
    this.bus = events.bus;
    this.api = api;
    this.functions = functions.byId;
    this.deadLetterQueues = alarms.deadLetterQueues;

    new CfnOutput(this, 'ApiUrl', { value: api.apiEndpoint, description: 'Base URL of the v1 API (/v1/...) and of /docs' });
    new CfnOutput(this, 'EventBusName', { value: events.bus.eventBusName });
    new CfnOutput(this, 'TableName', { value: data.table.tableName });
    new CfnOutput(this, 'WebhookSecretsArn', { value: data.webhookSecrets.secretArn, description: 'Put each bot’s whsec_ signing secret here' });
    new CfnOutput(this, 'AlarmTopicArn', { value: alarms.topic.topicArn });

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
