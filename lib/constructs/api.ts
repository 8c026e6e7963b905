import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { CorsHttpMethod, HttpApi, HttpMethod, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { routes } from '#contracts/routes';
import { type FunctionId, functions } from '#platform/functions';
import { type BrokerFunction, constructIdOf } from '../broker-function.ts';

const apiRouteIds = new Set(Object.keys(routes));

export type BrokerApiProps = {
  environmentName: string;
  functions: Record<FunctionId, BrokerFunction>;
  issuer: string;
  audience: string;
  staff: { issuer: string; audience: string };
  corsOrigins: string[];
  logRetention: RetentionDays;
  throttle: { rateLimit: number; burstLimit: number };
};

/** The HTTP API: one route per declared HTTP function, API routes behind the JWT authorizer of their caller with their scope. */
export class BrokerApi extends Construct {
  readonly api: HttpApi;

  constructor(scope: Construct, id: string, props: BrokerApiProps) {
    super(scope, id);
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
        integration: new HttpLambdaIntegration(`${constructIdOf(functionId)}Integration`, props.functions[functionId]),
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
  }
}
