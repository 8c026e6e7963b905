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
  offerTimeoutSeconds: 'OFFER_TIMEOUT_SECONDS',
  acceptedTimeoutSeconds: 'ACCEPTED_TIMEOUT_SECONDS',
  contentRetentionSeconds: 'CONTENT_RETENTION_SECONDS',
  metadataRetentionDays: 'METADATA_RETENTION_DAYS',
  webhookAttempts: 'WEBHOOK_ATTEMPTS',
  webhookBackoffMs: 'WEBHOOK_BACKOFF_MS',
  webhookTimeoutMs: 'WEBHOOK_TIMEOUT_MS',
  docsAssetsDir: 'DOCS_ASSETS_DIR',
  deskAssetsDir: 'DESK_ASSETS_DIR',
  /** The advisers' identity provider: tokens for the agent desk. */
  deskIssuer: 'DESK_ISSUER',
  deskAudience: 'DESK_AUDIENCE',
  deskJwksUrl: 'DESK_JWKS_URL',
  deskOrgClaim: 'DESK_ORG_CLAIM',
  /** What the desk page needs to sign an adviser in (OpenID Connect, authorization code with PKCE). */
  deskAuthorizationEndpoint: 'DESK_AUTHORIZATION_ENDPOINT',
  deskTokenEndpoint: 'DESK_TOKEN_ENDPOINT',
  deskClientId: 'DESK_CLIENT_ID',
} as const;

export type EnvName = (typeof envNames)[keyof typeof envNames];
