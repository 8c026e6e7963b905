/**
 * The CDK app: `npx cdk synth` / `npx cdk deploy`. Parameters come as context
 * (`-c name=value` or cdk.json), are validated here and fail the synth loudly.
 */
import { App, Validations } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { AwsSolutionsChecks } from 'cdk-nag';
import * as z from 'zod';
import { loadDirectoryFile } from '#adapters/directory-file';
import { defaultIdentity, settingDefaults } from '#platform/environment';
import { HandoffBrokerStack } from './broker-stack.ts';
import { projectRoot } from './broker-function.ts';

const app = new App();
const context = (name: string) => app.node.tryGetContext(name) as unknown;

const Parameters = z.object({
  environmentName: z
    .string()
    .regex(/^[a-z][a-z0-9-]{1,20}$/)
    .default('dev'),
  // No defaults for whom to trust: a deploy that forgot them must not quietly trust Maskinporten's test environment.
  issuer: z.url({ error: 'required: the token issuer, e.g. -c issuer=https://maskinporten.no/' }),
  jwksUrl: z.url({ error: 'required: the issuer’s JWKS, e.g. -c jwksUrl=https://maskinporten.no/jwk' }),
  audience: z.string({ error: 'required: this environment’s own audience, e.g. -c audience=handoff-broker-prod' }).min(1),
  corsOrigins: z
    .string()
    .default('')
    .transform((list) =>
      list
        .split(',')
        .map((origin) => origin.trim())
        .filter(Boolean),
    ),
  logRetentionDays: z.coerce.number().int().positive().default(90),
  directory: z.string().min(1).default('demo/directory.json'),
  demoBotsUrl: z.url().default('http://localhost:3001'),
  rateLimit: z.coerce.number().positive().default(50),
  offerTimeoutSeconds: z.coerce.number().int().positive().default(settingDefaults.offerTimeoutSeconds),
  acceptedTimeoutSeconds: z.coerce.number().int().positive().default(settingDefaults.acceptedTimeoutSeconds),
  metadataRetentionDays: z.coerce.number().int().positive().default(settingDefaults.metadataRetentionDays),
  burstLimit: z.coerce.number().int().positive().default(100),
  alarmEmail: z.email().optional(),
  // The agencies' staff identity provider (e.g. an Entra ID tenant) for the desk and ops pages; placeholders until configured.
  staffIssuer: z.url().default('https://staff-idp.invalid/'),
  staffJwksUrl: z.url().default('https://staff-idp.invalid/jwks'),
  // Like the partners' audience, the staff pages' is the environment's own (default: handoff-staff-<environmentName>).
  staffAudience: z.string().min(1).optional(),
  staffOrgClaim: z.string().min(1).default(settingDefaults.staffOrgClaim),
  staffAuthorizationEndpoint: z.url().default('https://staff-idp.invalid/authorize'),
  staffTokenEndpoint: z.url().default('https://staff-idp.invalid/token'),
  staffClientId: z.string().min(1).default(defaultIdentity.staffClientId),
});

const parsed = Parameters.safeParse(
  Object.fromEntries(
    Object.keys(Parameters.shape)
      .map((name) => [name, context(name)])
      .filter(([, value]) => value !== undefined),
  ),
);
if (!parsed.success) {
  throw new Error(
    `The CDK app needs these parameters (-c name=value):\n${parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`).join('\n')}`,
  );
}
const parameters = parsed.data;
// A token for one environment must not work in another: each names its own audience.
if (parameters.staffAudience && !parameters.staffAudience.includes(parameters.environmentName)) {
  throw new Error(
    `staffAudience "${parameters.staffAudience}" must name the environment "${parameters.environmentName}", so staff tokens for one environment do not work in another`,
  );
}
if (!parameters.audience.includes(parameters.environmentName)) {
  throw new Error(
    `audience "${parameters.audience}" must name the environment "${parameters.environmentName}" (e.g. ${defaultIdentity.audience}-${parameters.environmentName}), so tokens for one environment do not work in another`,
  );
}

const retention = (days: number): RetentionDays => {
  const allowed = Object.values(RetentionDays).filter((value): value is number => typeof value === 'number');
  if (!allowed.includes(days)) throw new Error(`logRetentionDays must be one of ${allowed.join(', ')}`);
  return days as RetentionDays;
};

// `${NAME}` in the directory comes from the synth environment; the demo directory's bot URL has a default.
const directory = loadDirectoryFile(new URL(parameters.directory, `file://${projectRoot}`).pathname, {
  DEMO_BOTS_URL: parameters.demoBotsUrl,
  ...process.env,
});

const stack = new HandoffBrokerStack(app, `HandoffBroker-${parameters.environmentName}`, {
  description: `Handoff broker (${parameters.environmentName}): API, session table, event bus, router, dispatcher, sweeper`,
  environmentName: parameters.environmentName,
  issuer: parameters.issuer,
  jwksUrl: parameters.jwksUrl,
  audience: parameters.audience,
  corsOrigins: parameters.corsOrigins,
  logRetention: retention(parameters.logRetentionDays),
  directory,
  throttle: { rateLimit: parameters.rateLimit, burstLimit: parameters.burstLimit },
  lifecycle: {
    offerTimeoutSeconds: parameters.offerTimeoutSeconds,
    acceptedTimeoutSeconds: parameters.acceptedTimeoutSeconds,
    metadataRetentionDays: parameters.metadataRetentionDays,
  },
  alarmEmail: parameters.alarmEmail,
  staff: {
    issuer: parameters.staffIssuer,
    jwksUrl: parameters.staffJwksUrl,
    audience: parameters.staffAudience ?? `${defaultIdentity.staffAudience}-${parameters.environmentName}`,
    orgClaim: parameters.staffOrgClaim,
    authorizationEndpoint: parameters.staffAuthorizationEndpoint,
    tokenEndpoint: parameters.staffTokenEndpoint,
    clientId: parameters.staffClientId,
  },
});
if (parameters.directory === 'demo/directory.json') {
  Validations.of(stack).addWarning('demo-directory', 'Deploying the demo directory; pass -c directory=<your directory file> for a real environment.');
}

if (parameters.staffIssuer.includes('.invalid')) {
  Validations.of(stack).addWarning(
    'staff-identity-provider',
    'The desk and ops pages have no identity provider yet; pass -c staffIssuer=... and the other staff* parameters.',
  );
}

// cdk-nag's AWS Solutions pack: any unacknowledged finding stops the synth.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
app.synth();
