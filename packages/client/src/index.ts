export {
  BrokerProblem,
  createBrokerClient,
  type BrokerCalls,
  type BrokerClientOptions,
  type CallInput,
  type CallResult,
  type OperationId,
  type Problem,
  type Schemas,
} from './client.ts';
export { eachItem, type AfterPaged, type CursorPaged, type ItemOf, type Paged } from './pagination.ts';
export { defaultRetryPolicy, type RetryPolicy } from './retry.ts';
export {
  createWebhookVerifier,
  WebhookVerificationError,
  type VerifiedWebhook,
  type WebhookPayload,
  type WebhookVerifier,
  type WebhookVerifierOptions,
} from './webhooks.ts';
export { operations } from './generated/operations.ts';
export { webhookListener, type WebhookListenerOptions } from './webhook-listener.ts';
export { signWebhook } from './webhooks.ts';
