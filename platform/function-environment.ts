import { routes } from '#contracts/routes';
import { envNames } from './environment.ts';
import { functions, type FunctionDeclaration, type FunctionId } from './functions.ts';

/**
 * Where a deployment's resources are, as each runtime names them: the CDK
 * stack fills this with its tokens and ARNs, the embedded runtime with local
 * files, endpoints and values.
 */
export type DeploymentSettings = {
  tableName: string;
  busName: string;
  directoryFile: string;
  docsAssetsDir?: string;
  staffPagesDir?: string;
  partnerTokens: { issuer: string; audience: string; jwksUrl: string };
  staffTokens: { issuer: string; audience: string; jwksUrl: string; orgClaim: string };
  staffSignIn: { authorizationEndpoint: string; tokenEndpoint: string; clientId: string };
  lifecycle: { offerTimeoutSeconds: number; acceptedTimeoutSeconds: number; metadataRetentionDays: number };
  /** The pseudonym key: a Secrets Manager secret in the cloud, a value on a laptop. */
  pseudonymKey: { arn: string } | { value: string };
  /** The bots' signing secrets: a Secrets Manager secret in the cloud, a file on a laptop. */
  webhookSecrets: { arn: string } | { file: string };
  /** How webhooks are sent (reach, attempts, timing), for the functions that send them; defaults when absent. */
  webhookDelivery?: Partial<Record<'webhookNetwork' | 'webhookAttempts' | 'webhookBackoffMs' | 'webhookTimeoutMs', string>>;
  /** Set for every function: the log level, and on the embedded runtime the fault suite's knob. */
  everyFunction?: Record<string, string>;
};

type Access = FunctionDeclaration['access'];

/**
 * The one mapping from what a function declares it touches to the
 * environment it is given. The CDK stack sets exactly this on each Lambda
 * function (and grants the same access); the embedded runtime shows each
 * hosted function exactly this, so a function that reads a setting it did
 * not declare fails on a laptop as it would in AWS.
 */
export function environmentOf(functionId: FunctionId, deployment: DeploymentSettings, access: Access = functions[functionId].access): Record<string, string> {
  const route = functionId in routes ? routes[functionId as keyof typeof routes] : undefined;
  const environment: Record<string, string> = { ...deployment.everyFunction };
  const set = (values: Record<string, string | number | undefined>) => {
    for (const [name, value] of Object.entries(values)) if (value !== undefined) environment[name] = String(value);
  };
  if (access.table || access.rateLimit) set({ [envNames.tableName]: deployment.tableName });
  if (access.table) {
    set({
      [envNames.offerTimeoutSeconds]: deployment.lifecycle.offerTimeoutSeconds,
      [envNames.acceptedTimeoutSeconds]: deployment.lifecycle.acceptedTimeoutSeconds,
      [envNames.metadataRetentionDays]: deployment.lifecycle.metadataRetentionDays,
    });
  }
  if (access.putEvents) set({ [envNames.busName]: deployment.busName });
  if (access.directory) set({ [envNames.directoryFile]: deployment.directoryFile });
  if (access.docsAssets) set({ [envNames.docsAssetsDir]: deployment.docsAssetsDir });
  if (access.staffPages) {
    set({
      [envNames.staffPagesDir]: deployment.staffPagesDir,
      [envNames.staffAuthorizationEndpoint]: deployment.staffSignIn.authorizationEndpoint,
      [envNames.staffTokenEndpoint]: deployment.staffSignIn.tokenEndpoint,
      [envNames.staffClientId]: deployment.staffSignIn.clientId,
      [envNames.staffOrgClaim]: deployment.staffTokens.orgClaim,
    });
  }
  if (access.pseudonymKey) {
    const key = deployment.pseudonymKey;
    set('arn' in key ? { [envNames.pseudonymKeyArn]: key.arn } : { [envNames.pseudonymKey]: key.value });
  }
  if (access.webhookSecrets) {
    const secrets = deployment.webhookSecrets;
    set('arn' in secrets ? { [envNames.webhookSecretsArn]: secrets.arn } : { [envNames.webhookSecretsFile]: secrets.file });
    const delivery = deployment.webhookDelivery ?? {};
    set({
      [envNames.webhookNetwork]: delivery.webhookNetwork,
      [envNames.webhookAttempts]: delivery.webhookAttempts,
      [envNames.webhookBackoffMs]: delivery.webhookBackoffMs,
      [envNames.webhookTimeoutMs]: delivery.webhookTimeoutMs,
    });
  }
  // An API route checks its caller's token: partners' from Maskinporten, staff's from the agency's identity provider.
  if (route?.caller === 'partner') {
    set({
      [envNames.jwtIssuer]: deployment.partnerTokens.issuer,
      [envNames.jwtAudience]: deployment.partnerTokens.audience,
      [envNames.jwksUrl]: deployment.partnerTokens.jwksUrl,
    });
  } else if (route) {
    set({
      [envNames.staffIssuer]: deployment.staffTokens.issuer,
      [envNames.staffAudience]: deployment.staffTokens.audience,
      [envNames.staffJwksUrl]: deployment.staffTokens.jwksUrl,
      [envNames.staffOrgClaim]: deployment.staffTokens.orgClaim,
    });
  }
  return environment;
}
