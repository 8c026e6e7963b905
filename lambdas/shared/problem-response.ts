import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type * as z from 'zod';
import { problemCatalogue, problemMediaType, problemType, type FieldError, type Problem, type ProblemCode } from '#contracts/problems';
import { BrokerError, type FieldIssue } from '#domain/errors';
import { logger } from './logger.ts';

const pointerOf = (path: (string | number)[]) => path.map((segment) => `/${String(segment).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');

const fieldErrorOf = (issue: FieldIssue): FieldError => {
  const location = issue.in ?? 'body';
  return {
    in: location,
    field: issue.path.join('.'),
    ...(location === 'body' ? { pointer: pointerOf(issue.path) } : {}),
    detail: issue.message,
  };
};

/** Zod issues as field issues; an unknown key is named as its own field. */
export function fieldIssuesOf(error: z.ZodError, location: FieldIssue['in'] = 'body'): FieldIssue[] {
  return error.issues.flatMap((issue) => {
    const path = issue.path.map((segment) => (typeof segment === 'number' ? segment : String(segment)));
    return issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ path: [...path, key], message: 'unknown field', in: location }))
      : [{ path, message: issue.message, in: location }];
  });
}

export function problemResponse(
  code: ProblemCode,
  detail: string,
  options: { instance?: string; fields?: FieldIssue[]; headers?: Record<string, string>; extensions?: Record<string, unknown> } = {},
): APIGatewayProxyStructuredResultV2 {
  const { status, title } = problemCatalogue[code];
  const body: Problem = {
    type: problemType(code),
    title,
    status,
    detail,
    code,
    ...(options.instance ? { instance: options.instance } : {}),
    ...(options.fields?.length ? { errors: options.fields.map(fieldErrorOf) } : {}),
    ...options.extensions,
  };
  return { statusCode: status, headers: { 'content-type': problemMediaType, 'cache-control': 'no-store', ...options.headers }, body: JSON.stringify(body) };
}

const retryAfterSeconds = 1;

/** Names the AWS SDK gives to throttling and to a service that is briefly unable to answer (after the SDK's own retries). */
const transientErrorNames = new Set([
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'TransactionInProgressException',
  'TransactionConflictException',
  'InternalServerError',
  'ServiceUnavailable',
  'LimitExceededException',
  'TimeoutError',
  'AbortError',
]);

/** A failure that says nothing about the request: the same request can succeed moments later. */
export function isTransient(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const { name, $retryable, $metadata } = error as { name?: string; $retryable?: unknown; $metadata?: { httpStatusCode?: number } };
  return transientErrorNames.has(name ?? '') || !!$retryable || ($metadata?.httpStatusCode ?? 0) >= 500;
}

/** What a request that ran out of its function's time answers: retryable, never a bare 500. */
export const timeoutProblem = () =>
  problemResponse('unavailable', 'the broker took too long to answer; retry with the same Idempotency-Key', {
    headers: { 'retry-after': String(retryAfterSeconds) },
  });

/**
 * The one place errors become problem+json. Expected errors keep their code;
 * anything else is logged (name and message, no request data) and answered 500.
 */
export function errorResponse(error: unknown, instance?: string): APIGatewayProxyStructuredResultV2 {
  if (error instanceof BrokerError) {
    return problemResponse(error.code, error.message, {
      ...(instance ? { instance } : {}),
      fields: error.fields,
      headers: error.headers,
      extensions: error.extensions,
    });
  }
  if (isTransient(error)) {
    logger.warn('transient failure', { error: { name: (error as Error).name } });
    return problemResponse('unavailable', 'the broker is busy; retry shortly with the same Idempotency-Key', {
      ...(instance ? { instance } : {}),
      headers: { 'retry-after': String(retryAfterSeconds) },
    });
  }
  logger.error('unexpected failure', { error: error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : String(error) });
  return problemResponse('internal', 'the broker failed to handle the request', instance ? { instance } : {});
}
