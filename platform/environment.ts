/**
 * The environment variables handlers read. The CDK stack and the embedded
 * runtime both set them from this list; handlers never ask where they run.
 */
export const envNames = {
  tableName: 'HANDOFF_TABLE_NAME',
  busName: 'EVENT_BUS_NAME',
  jwtIssuer: 'JWT_ISSUER',
  jwtAudience: 'JWT_AUDIENCE',
  jwksUrl: 'JWKS_URL',
  directoryFile: 'DIRECTORY_FILE',
  webhookSecretsFile: 'WEBHOOK_SECRETS_FILE',
  webhookSecretsArn: 'WEBHOOK_SECRETS_ARN',
  /** The key audit pseudonyms are made with: a Secrets Manager secret in the cloud, a value on a laptop. */
  pseudonymKeyArn: 'PSEUDONYM_KEY_ARN',
  pseudonymKey: 'PSEUDONYM_KEY',
  offerTimeoutSeconds: 'OFFER_TIMEOUT_SECONDS',
  acceptedTimeoutSeconds: 'ACCEPTED_TIMEOUT_SECONDS',
  metadataRetentionDays: 'METADATA_RETENTION_DAYS',
  webhookAttempts: 'WEBHOOK_ATTEMPTS',
  webhookBackoffMs: 'WEBHOOK_BACKOFF_MS',
  webhookTimeoutMs: 'WEBHOOK_TIMEOUT_MS',
  /** Which addresses webhooks may reach: `public` (the default, and the cloud's) or `public-and-loopback` (the embedded runtime). */
  webhookNetwork: 'WEBHOOK_NETWORK',
  docsAssetsDir: 'DOCS_ASSETS_DIR',
  staffPagesDir: 'STAFF_PAGES_DIR',
  /** The advisers' identity provider: tokens for the agent desk. */
  staffIssuer: 'STAFF_ISSUER',
  staffAudience: 'STAFF_AUDIENCE',
  staffJwksUrl: 'STAFF_JWKS_URL',
  staffOrgClaim: 'STAFF_ORG_CLAIM',
  /** What the desk page needs to sign an adviser in (OpenID Connect, authorization code with PKCE). */
  staffAuthorizationEndpoint: 'STAFF_AUTHORIZATION_ENDPOINT',
  staffTokenEndpoint: 'STAFF_TOKEN_ENDPOINT',
  staffClientId: 'STAFF_CLIENT_ID',
  /** DEBUG, INFO (the default), WARN, ERROR or SILENT. */
  logLevel: 'LOG_LEVEL',
  /** The fault suite only: the share of table calls that fail as DynamoDB does under load. Never set by the CDK stack. */
  storeFaultRate: 'STORE_FAULT_RATE',
} as const;

/**
 * The settings a deployment may change, with the value each has when it does
 * not: the CDK app's parameters and the handlers' configuration default to these.
 */
export const settingDefaults = {
  offerTimeoutSeconds: 120,
  acceptedTimeoutSeconds: 24 * 3600,
  /** Audit metadata: five years; content follows each agency's policy in the directory. */
  metadataRetentionDays: 5 * 366,
  /** The claim of a staff token that names the agency. */
  staffOrgClaim: 'org_number',
} as const;

/**
 * The names the broker is known by to identity providers, unless a deployment
 * says otherwise: the audience partner tokens carry, and the audience and OAuth
 * client of the staff pages. The CDK stack defaults to them; the local issuer uses them.
 */
export const defaultIdentity = {
  audience: 'handoff-broker',
  staffAudience: 'handoff-staff',
  staffClientId: 'handoff-staff-pages',
} as const;
