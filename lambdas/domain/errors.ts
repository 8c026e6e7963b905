import type { ProblemCode } from '#contracts/problems';

/** A failing input field: a path into the request body, or a query parameter or header name. */
export type FieldIssue = { path: (string | number)[]; message: string; in?: 'body' | 'query' | 'header' };

/**
 * Base of every error the broker expects. Each carries the problem code it is
 * answered with; the HTTP layer turns it into problem+json in one place.
 */
export abstract class BrokerError extends Error {
  abstract readonly code: ProblemCode;
  readonly fields: FieldIssue[];
  /** Members the problem body carries besides the standard ones (e.g. crisis guidance). */
  extensions: Record<string, unknown> = {};
  /** Response headers the answer carries (e.g. when to retry). */
  readonly headers: Record<string, string> = {};
  constructor(message: string, fields: FieldIssue[] = []) {
    super(message);
    this.name = new.target.name;
    this.fields = fields;
  }
}

export class HandoffNotFound extends BrokerError {
  readonly code = 'not-found';
  constructor(id: string) {
    super(`no handoff ${id} that your agency takes part in`);
  }
}

export class IllegalTransition extends BrokerError {
  readonly code = 'illegal-transition';
  constructor(
    readonly from: string,
    readonly to: string,
  ) {
    super(`a handoff that is ${from} cannot become ${to}`);
  }
}

export class NotPermitted extends BrokerError {
  readonly code = 'forbidden';
}

export class VersionConflict extends BrokerError {
  readonly code = 'conflict';
  constructor(id: string) {
    super(`handoff ${id} changed while this request was handled`);
  }
}

export class InvalidRequest extends BrokerError {
  readonly code = 'validation-failed';
}

export class NoRoute extends BrokerError {
  readonly code = 'no-route';
}

export class IdempotencyKeyReused extends BrokerError {
  readonly code = 'idempotency-key-reused';
  constructor() {
    super('this Idempotency-Key was already used with a different request', [
      { path: ['Idempotency-Key'], message: 'use a new key for a different request', in: 'header' },
    ]);
  }
}

/** Thrown by the store when the idempotency receipt of a request already exists. */
export class IdempotencyReplay extends Error {
  constructor() {
    super('a request with this Idempotency-Key has already been committed');
    this.name = 'IdempotencyReplay';
  }
}

/** An event that was acted on already (an Open Floor utterance by its dialog event id): the repeat changes nothing. */
export class AlreadyReceived extends BrokerError {
  readonly code = 'already-received';
}

export class MessagingClosed extends BrokerError {
  readonly code = 'illegal-transition';
  constructor(status: string) {
    super(`messages pass while a handoff is queued or accepted; this one is ${status}`);
  }
}

/** An agency used up its requests for the current window. */
export class RateLimited extends BrokerError {
  readonly code = 'rate-limited';
  override readonly headers: Record<string, string>;
  constructor(orgNumber: string, retryAfterSeconds: number) {
    super(`organisation ${orgNumber} has made its requests for this minute; retry after ${retryAfterSeconds} s`);
    this.headers = { 'retry-after': String(retryAfterSeconds) };
  }
}

/** A page cursor that this list, for this caller and this query, did not give out. */
export class InvalidCursor extends BrokerError {
  readonly code = 'malformed-request';
  constructor() {
    super('the cursor is not one this list gave out for this query; start again without a cursor', [
      { path: ['cursor'], message: 'not a cursor of this listing', in: 'query' },
    ]);
  }
}
