import * as z from 'zod';
import { CrisisGuidance } from './handoff.ts';

/**
 * Every error the broker answers with, as an RFC 9457 problem. The catalogue
 * is the single source of each code's status and title.
 */
export const problemCatalogue = {
  'malformed-request': { status: 400, title: 'The request could not be read' },
  'idempotency-key-missing': { status: 400, title: 'Idempotency-Key header is required on POST' },
  'unauthorized': { status: 401, title: 'A valid bearer token is required' },
  'forbidden': { status: 403, title: 'The caller may not do this' },
  'not-found': { status: 404, title: 'No such resource' },
  'illegal-transition': { status: 409, title: 'The handoff is not in a state that allows this' },
  'conflict': { status: 409, title: 'The handoff changed while the request was handled; retry' },
  'already-received': { status: 409, title: 'This was received and acted on before; nothing was changed' },
  'payload-too-large': { status: 413, title: 'The request body is larger than the broker takes' },
  'unsupported-media-type': { status: 415, title: 'Send application/json' },
  'validation-failed': { status: 422, title: 'The request is not valid' },
  'no-route': { status: 422, title: 'No agency can take this handoff' },
  'idempotency-key-reused': { status: 422, title: 'This Idempotency-Key was used with a different request' },
  'rate-limited': { status: 429, title: 'Too many requests from your agency; retry after the time in Retry-After' },
  'unavailable': { status: 503, title: 'The broker is busy; retry after the time in Retry-After with the same Idempotency-Key' },
  'internal': { status: 500, title: 'The broker failed; the request may be retried with the same Idempotency-Key' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ProblemCode = keyof typeof problemCatalogue;
export const problemCodes = Object.keys(problemCatalogue) as [ProblemCode, ...ProblemCode[]];
export const problemType = (code: ProblemCode) => `urn:problem:handoff-broker:${code}`;

export const FieldError = /* @__PURE__ */ z
  .strictObject({
    in: z.enum(['body', 'query', 'header']),
    field: z.string().describe('Dotted path of the failing field (e.g. context.summary.text), or the parameter or header name.'),
    pointer: z.string().optional().describe('JSON Pointer (RFC 6901) to the failing field, for body fields.'),
    detail: z.string(),
  })
  .meta({ id: 'FieldError' });
export type FieldError = z.infer<typeof FieldError>;

export const Problem = /* @__PURE__ */ z
  .strictObject({
    type: z.string(),
    title: z.string(),
    status: z.int(),
    detail: z.string(),
    code: z.enum(problemCodes),
    instance: z.string().optional(),
    errors: z.array(FieldError).optional(),
    crisis: CrisisGuidance.optional().describe('When a handoff about a risk to life or health cannot be made: what to tell the citizen now.'),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details, served as application/problem+json.' });
export type Problem = z.infer<typeof Problem>;

export const problemMediaType = 'application/problem+json';

/** The largest request body the broker reads: room for the largest valid context (300 KB as JSON) and its envelope. */
export const maxRequestBodyBytes = 512 * 1024;
