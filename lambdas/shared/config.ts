import * as z from 'zod';
import { envNames, settingDefaults } from '#platform/environment';
import { once } from './once.ts';

/**
 * Configuration from the environment, parsed with zod on first use so a
 * function fails loudly at cold start, naming the variable, when it is missing.
 * Each reader is declared pure, so a bundle keeps only the readers its function calls.
 */
function fromEnv<S extends z.ZodRawShape>(shape: S): z.infer<z.ZodObject<S>> {
  const result = z.object(shape).safeParse(process.env);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new Error(`invalid configuration: ${problems}`);
  }
  return result.data;
}

const seconds = (fallback: number) => z.coerce.number().int().positive().default(fallback);

export const tableConfig = /* @__PURE__ */ once(() => {
  const env = fromEnv({
    [envNames.tableName]: z.string().min(1),
    [envNames.metadataRetentionDays]: seconds(settingDefaults.metadataRetentionDays),
    [envNames.storeFaultRate]: z.coerce.number().min(0).max(1).default(0),
  });
  return { tableName: env[envNames.tableName], metadataRetentionDays: env[envNames.metadataRetentionDays], faultRate: env[envNames.storeFaultRate] };
});

export const busConfig = /* @__PURE__ */ once(() => ({ busName: fromEnv({ [envNames.busName]: z.string().min(1) })[envNames.busName] }));

export const authConfig = /* @__PURE__ */ once(() => {
  const env = fromEnv({
    [envNames.jwtIssuer]: z.string().min(1),
    [envNames.jwtAudience]: z.string().min(1),
    [envNames.jwksUrl]: z.url(),
  });
  return { issuer: env[envNames.jwtIssuer], audience: env[envNames.jwtAudience], jwksUrl: env[envNames.jwksUrl] };
});

export const directoryConfig = /* @__PURE__ */ once(() => ({ file: fromEnv({ [envNames.directoryFile]: z.string().min(1) })[envNames.directoryFile] }));

export const lifecycleConfig = /* @__PURE__ */ once(() => {
  const env = fromEnv({
    [envNames.offerTimeoutSeconds]: seconds(settingDefaults.offerTimeoutSeconds),
    [envNames.acceptedTimeoutSeconds]: seconds(settingDefaults.acceptedTimeoutSeconds),
  });
  return { offerTimeoutSeconds: env[envNames.offerTimeoutSeconds], acceptedTimeoutSeconds: env[envNames.acceptedTimeoutSeconds] };
});

export const webhookConfig = /* @__PURE__ */ once(() => {
  const env = fromEnv({
    // One of the two: a Secrets Manager secret in the cloud, a file on a laptop.
    [envNames.webhookSecretsArn]: z.string().min(1).optional(),
    [envNames.webhookSecretsFile]: z.string().min(1).optional(),
    [envNames.webhookAttempts]: z.coerce.number().int().min(1).max(10).default(4),
    [envNames.webhookBackoffMs]: z.coerce.number().int().min(0).default(1000),
    [envNames.webhookTimeoutMs]: z.coerce.number().int().positive().default(10_000),
    [envNames.webhookNetwork]: z.enum(['public', 'public-and-loopback']).default('public'),
  });
  const secretsArn = env[envNames.webhookSecretsArn];
  const secretsFile = env[envNames.webhookSecretsFile];
  if (!secretsArn && !secretsFile) throw new Error(`invalid configuration: set ${envNames.webhookSecretsArn} or ${envNames.webhookSecretsFile}`);
  return {
    secrets: secretsArn ? ({ kind: 'secretsManager', secretId: secretsArn } as const) : ({ kind: 'file', path: secretsFile! } as const),
    attempts: env[envNames.webhookAttempts],
    backoffMs: env[envNames.webhookBackoffMs],
    timeoutMs: env[envNames.webhookTimeoutMs],
    network: env[envNames.webhookNetwork],
  };
});

export const staffAuthConfig = /* @__PURE__ */ once(() => {
  const env = fromEnv({
    [envNames.staffIssuer]: z.string().min(1),
    [envNames.staffAudience]: z.string().min(1),
    [envNames.staffJwksUrl]: z.url(),
    [envNames.staffOrgClaim]: z.string().min(1).default(settingDefaults.staffOrgClaim),
  });
  return {
    issuer: env[envNames.staffIssuer],
    audience: env[envNames.staffAudience],
    jwksUrl: env[envNames.staffJwksUrl],
    orgClaim: env[envNames.staffOrgClaim],
  };
});

/** What a staff page needs to sign a person in, and the claim it reads their agency from. */
export const staffSignInConfig = /* @__PURE__ */ once(() => {
  const env = fromEnv({
    [envNames.staffAuthorizationEndpoint]: z.url(),
    [envNames.staffTokenEndpoint]: z.url(),
    [envNames.staffClientId]: z.string().min(1),
    [envNames.staffOrgClaim]: z.string().min(1).default(settingDefaults.staffOrgClaim),
  });
  return {
    authorizationEndpoint: env[envNames.staffAuthorizationEndpoint],
    tokenEndpoint: env[envNames.staffTokenEndpoint],
    clientId: env[envNames.staffClientId],
    orgClaim: env[envNames.staffOrgClaim],
  };
});

export const pseudonymConfig = /* @__PURE__ */ once(() => {
  const env = fromEnv({ [envNames.pseudonymKeyArn]: z.string().min(1).optional(), [envNames.pseudonymKey]: z.string().min(32).optional() });
  const arn = env[envNames.pseudonymKeyArn];
  const value = env[envNames.pseudonymKey];
  if (!arn && !value) throw new Error(`invalid configuration: set ${envNames.pseudonymKeyArn} or ${envNames.pseudonymKey}`);
  return arn ? ({ kind: 'secretsManager', secretId: arn } as const) : ({ kind: 'value', value: value! } as const);
});

export const docsConfig = /* @__PURE__ */ once(() => ({ assetsDir: process.env[envNames.docsAssetsDir] }));
export const staffPagesConfig = /* @__PURE__ */ once(() => ({ pagesDir: process.env[envNames.staffPagesDir] }));
