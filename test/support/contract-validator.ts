import { readFileSync } from 'node:fs';
import { contractAjv } from './json-schema.ts';

/**
 * Checks the broker's answers against the published contract, the checked-in
 * `contracts/openapi.json` a partner downloads: the operation the request
 * matched must declare the status, the status its media type, and the body
 * must validate (Ajv, JSON Schema 2020-12, the document's dialect) against
 * the schema it names. Every integration test's runtime records what does not
 * fit, and a file fails when its runtime stops with anything recorded, so the
 * contract and the behaviour cannot drift apart.
 */
type MediaType = { schema?: Record<string, unknown> };
type ResponseSpec = { content?: Record<string, MediaType>; headers?: Record<string, { required?: boolean; schema?: Record<string, unknown> }> };

/** The headers the broker sets itself on an answer: each must be declared where it appears. */
const brokerHeaders = ['idempotent-replayed', 'retry-after', 'location'];

/** One answer, as the test client saw it. */
export type Answer = { method: string; path: string; status: number; contentType: string | null; body: string; headers?: Headers };
type Operation = { operationId: string; responses: Record<string, ResponseSpec> };
type Document = { paths: Record<string, Record<string, Operation>>; components: Record<string, unknown> };

const documentId = 'https://handoff-broker.contract/openapi.json';
const document = JSON.parse(readFileSync(new URL('../../contracts/openapi.json', import.meta.url), 'utf8')) as Document;

const ajv = contractAjv();
// The components under the document's own id, so the `#/components/schemas/…` references inside them resolve.
ajv.addSchema({ $id: documentId, components: document.components });

const operations = Object.entries(document.paths).flatMap(([template, methods]) =>
  Object.entries(methods).map(([method, operation]) => ({
    method: method.toUpperCase(),
    pattern: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}/g, '[^/]+')}$`),
    literal: !template.includes('{'),
    operation,
  })),
);

const validators = new Map<string, ReturnType<typeof ajv.compile>>();
function validatorFor(schema: Record<string, unknown>) {
  const key = JSON.stringify(schema);
  let validate = validators.get(key);
  if (!validate) {
    const reference = typeof schema.$ref === 'string' && schema.$ref.startsWith('#/') ? `${documentId}${schema.$ref}` : undefined;
    const found = reference ? ajv.getSchema(reference) : ajv.compile(schema);
    if (!found) throw new Error(`contracts/openapi.json refers to ${String(schema.$ref)}, which it does not define`);
    validate = found;
    validators.set(key, validate);
  }
  return validate;
}

/** The operation a request matched: a literal path before a template (`/v1/handoffs/preview` before `/v1/handoffs/{id}`). */
export function operationOf(method: string, path: string): Operation | undefined {
  const candidates = operations.filter((entry) => entry.method === method.toUpperCase() && entry.pattern.test(path));
  return (candidates.find((entry) => entry.literal) ?? candidates[0])?.operation;
}

/** The headers of an answer that do not fit what its response declares: a required one missing, one of the broker's own undeclared. */
function headerViolations(where: string, response: ResponseSpec, headers: Headers): string[] {
  const declared = new Map(Object.entries(response.headers ?? {}).map(([name, spec]) => [name.toLowerCase(), spec]));
  const problems: string[] = [];
  for (const [name, spec] of declared) {
    const value = headers.get(name);
    if (value === null) {
      if (spec.required) problems.push(`${where}: the required header ${name} is missing`);
    } else if (spec.schema && !validatorFor(spec.schema)(value)) {
      problems.push(`${where}: header ${name}: ${JSON.stringify(value)} does not fit ${JSON.stringify(spec.schema)}`);
    }
  }
  for (const name of brokerHeaders) if (headers.has(name) && !declared.has(name)) problems.push(`${where}: header ${name} is not declared`);
  return problems;
}

/** What in one answer does not fit the contract; empty when it fits, or when no operation of the contract was asked for. */
export function contractViolations({ method, path, status, contentType, body, headers }: Answer): string[] {
  const operation = operationOf(method, path);
  if (!operation) return [];
  const where = `${method.toUpperCase()} ${path} → ${status}`;
  const response = operation.responses[String(status)] ?? operation.responses.default;
  if (!response) return [`${where}: ${operation.operationId} declares no ${status} response`];
  return [...(headers ? headerViolations(where, response, headers) : []), ...bodyViolations(where, response, contentType, body)];
}

function bodyViolations(where: string, response: ResponseSpec, contentType: string | null, body: string): string[] {
  const declared = Object.keys(response.content ?? {});
  if (!declared.length) return body.length ? [`${where}: a body where the contract declares none`] : [];
  const mediaType = (contentType ?? '').split(';')[0]!.trim();
  const media = response.content?.[mediaType];
  if (!media) return [`${where}: ${mediaType || 'no content type'} where the contract declares ${declared.join(', ')}`];
  if (!media.schema || !mediaType.endsWith('json')) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return [`${where}: the body is not JSON`];
  }
  const validate = validatorFor(media.schema);
  if (validate(parsed)) return [];
  return (validate.errors ?? []).map(
    (error) => `${where}: ${error.instancePath || '(body)'} ${error.message}${error.params ? ` ${JSON.stringify(error.params)}` : ''}`,
  );
}

/** A fetch that records every answer's contract violations (the body is read from a clone; the caller's stays unread). */
export function contractCheckedFetch(violations: string[], send: typeof fetch = fetch): typeof fetch {
  return async (input, init) => {
    const response = await send(input, init);
    const request = new Request(input, init);
    const { pathname } = new URL(request.url);
    const body = request.method === 'HEAD' ? '' : await response.clone().text();
    violations.push(
      ...contractViolations({
        method: request.method,
        path: pathname,
        status: response.status,
        contentType: response.headers.get('content-type'),
        body,
        headers: response.headers,
      }),
    );
    return response;
  };
}
