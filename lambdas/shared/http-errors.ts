import { BrokerError, type FieldIssue } from '#domain/errors';

/** Errors of the HTTP edge: reading the request and proving the caller. */
export class MalformedRequest extends BrokerError {
  readonly code = 'malformed-request';
}

export class IdempotencyKeyMissing extends BrokerError {
  readonly code = 'idempotency-key-missing';
  constructor() {
    super('send an Idempotency-Key header with every POST', [
      { path: ['Idempotency-Key'], message: 'required: 1 to 255 visible ASCII characters', in: 'header' },
    ]);
  }
}

export class PayloadTooLarge extends BrokerError {
  readonly code = 'payload-too-large';
  constructor(bytes: number, limit: number) {
    super(`the body is ${bytes} bytes; at most ${limit} are read (send the latest part of the transcript)`);
  }
}

export class UnsupportedMediaType extends BrokerError {
  readonly code = 'unsupported-media-type';
  constructor(contentType: string) {
    super(`the body must be application/json, not ${contentType}`, [{ path: ['content-type'], message: 'must be application/json', in: 'header' }]);
  }
}

export class Unauthenticated extends BrokerError {
  readonly code = 'unauthorized';
  override readonly headers = { 'www-authenticate': 'Bearer error="invalid_token"' };
}

export class Forbidden extends BrokerError {
  readonly code = 'forbidden';
}

export type { FieldIssue };
