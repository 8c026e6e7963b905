import { describe, expect, it } from 'vitest';
import { routes } from '#contracts/routes';
import { installFunctionEnvironments } from '#local/function-environment-scope';
import { FunctionHost } from '#local/function-host';
import { envNames } from '#platform/environment';
import { environmentOf, type DeploymentSettings } from '#platform/function-environment';
import { functions, type FunctionDeclaration, type FunctionId } from '#platform/functions';

/**
 * What a function may touch is declared once (platform/functions.ts) and
 * turned into its environment once (platform/function-environment.ts), for
 * the CDK stack and the embedded runtime alike. The embedded runtime shows
 * each function only its own environment, so a function whose declaration
 * lacks an entry fails on a laptop as it would in AWS.
 */
const deployment: DeploymentSettings = {
  tableName: 'handoffs',
  busName: 'handoff-broker',
  directoryFile: new URL('../../demo/directory.json', import.meta.url).pathname,
  partnerTokens: { issuer: 'https://issuer.example', audience: 'handoff-broker-test', jwksUrl: 'https://issuer.example/jwks' },
  staffTokens: { issuer: 'https://staff.example', audience: 'handoff-staff-test', jwksUrl: 'https://staff.example/jwks', orgClaim: 'org_number' },
  staffSignIn: { authorizationEndpoint: 'https://staff.example/authorize', tokenEndpoint: 'https://staff.example/token', clientId: 'pages' },
  lifecycle: { offerTimeoutSeconds: 120, acceptedTimeoutSeconds: 86_400, metadataRetentionDays: 1830 },
  pseudonymKey: { value: 'a-pseudonym-key-of-at-least-32-characters' },
  webhookSecrets: { file: '/tmp/none.json' },
};
// What Lambda itself provides; DynamoDB at an address where nothing listens (the function must fail before it calls).
const lambdaProvided = {
  AWS_REGION: 'eu-north-1',
  AWS_ACCESS_KEY_ID: 'local',
  AWS_SECRET_ACCESS_KEY: 'local',
  AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:9',
};

async function sweepWith(access: FunctionDeclaration['access']): Promise<string> {
  installFunctionEnvironments();
  const host = new FunctionHost(new URL('../../', import.meta.url));
  host.environments.set('sweeper', { ...lambdaProvided, ...environmentOf('sweeper', deployment, access) });
  try {
    await host.invoke('sweeper', { source: 'test', 'detail-type': 'Scheduled Event', detail: {} });
    return 'swept';
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

describe('a function’s declared access, honoured by the embedded runtime', () => {
  it('gives each function the variables its declaration implies, and no others', () => {
    for (const id of Object.keys(functions) as FunctionId[]) {
      const { access } = functions[id] as { access: Record<string, unknown> };
      const names = Object.keys(environmentOf(id, deployment));
      expect(names.includes(envNames.tableName), id).toBe(Boolean(access.table || access.rateLimit));
      expect(names.includes(envNames.busName), id).toBe(Boolean(access.putEvents));
      expect(names.includes(envNames.directoryFile), id).toBe(Boolean(access.directory));
      expect(names.includes(envNames.pseudonymKey), id).toBe(Boolean(access.pseudonymKey));
      expect(names.includes(envNames.webhookSecretsFile), id).toBe(Boolean(access.webhookSecrets));
      const caller = id in routes ? routes[id as keyof typeof routes].caller : undefined;
      expect(names.includes(envNames.jwksUrl), id).toBe(caller === 'partner');
      expect(names.includes(envNames.staffJwksUrl), id).toBe(caller === 'adviser' || caller === 'operator');
    }
  });

  it('fails a function whose declaration lacks the table, naming the variable it did not get, though the process has it', async () => {
    // The process has the variable (as the runtime's own view does); the function, undeclared, must not see it.
    process.env[envNames.tableName] = 'handoffs';
    const { table: _table, ...withoutTable } = functions.sweeper.access as FunctionDeclaration['access'];
    expect(await sweepWith(withoutTable)).toMatch(new RegExp(`^invalid configuration: ${envNames.tableName}`));
  });
});
