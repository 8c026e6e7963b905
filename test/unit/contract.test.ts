import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CreateHandoffRequest } from '#contracts/handoff';
import { buildOpenApiDocument } from '#contracts/openapi';
import { problemCatalogue } from '#contracts/problems';
import { problemsOf, routes } from '#contracts/routes';
import { functions } from '#platform/functions';
import { fieldIssuesOf, problemResponse } from '#shared/problem-response';
import { unemploymentQuestion } from '../support/fixtures.ts';

describe('the v1 contract', () => {
  const document = buildOpenApiDocument() as { paths: Record<string, Record<string, { responses: Record<string, unknown>; parameters: { name: string }[] }>> };

  it('documents every route with its success and problem responses, and an Idempotency-Key on every POST with side effects', () => {
    for (const [id, route] of Object.entries(routes)) {
      const operation = document.paths[route.path]?.[route.method.toLowerCase()];
      expect(operation, id).toBeDefined();
      const statuses = Object.keys(operation!.responses).map(Number);
      expect(statuses).toContain(route.response.status);
      for (const code of problemsOf(route)) expect(statuses, `${id} ${code}`).toContain(problemCatalogue[code].status);
      const sideEffects = route.method === 'POST' && !('idempotent' in route && route.idempotent === false);
      expect(
        operation!.parameters.some((parameter) => parameter.name === 'Idempotency-Key'),
        id,
      ).toBe(sideEffects);
    }
  });

  it('has a handler module on disk for every declared function, every route included', () => {
    for (const id of Object.keys(routes)) expect(Object.hasOwn(functions, id), id).toBe(true);
    for (const [id, declaration] of Object.entries(functions))
      expect(existsSync(new URL(`../../${declaration.entry}`, import.meta.url)), `${id}: ${declaration.entry}`).toBe(true);
  });

  it('refuses unknown fields and names each failing field with a JSON pointer', () => {
    const request = unemploymentQuestion() as Record<string, unknown>;
    const { topic: _topic, ...withoutTopic } = request;
    const result = CreateHandoffRequest.safeParse({ ...withoutTopic, colour: 'blue', context: { ...(request.context as object), mood: 'sad' } });
    expect(result.success).toBe(false);
    const problem = JSON.parse(problemResponse('validation-failed', 'invalid', { fields: fieldIssuesOf(result.error!) }).body as string);
    expect(problem.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ in: 'body', field: 'topic', pointer: '/topic' }),
        expect.objectContaining({ field: 'colour', pointer: '/colour', detail: 'unknown field' }),
        expect.objectContaining({ field: 'context.mood', pointer: '/context/mood', detail: 'unknown field' }),
      ]),
    );
  });

  it('keeps identity numbers out of the fields that reach audit records, and refuses content too large to store', () => {
    for (const reference of ['consent-01019010046', 'consent/010190.10046', 'ref:０１０１９０１００４６']) {
      const withNumber = CreateHandoffRequest.safeParse(unemploymentQuestion({ consent: { shareTranscript: true, shareIdentity: true, reference } }));
      expect([...new Set(withNumber.error?.issues.map((issue) => issue.path.join('.')))], reference).toEqual(['consent.reference']);
      expect(
        withNumber.error?.issues.map((issue) => issue.message),
        reference,
      ).toContain('must not contain a national identity number (it would reach the audit log)');
    }
    // A reference is an identifier: a line break or a Unicode line separator could forge a line of an export.
    for (const reference of ['a\rCEF:0|x', 'a\u2028b', 'two words']) {
      expect(
        CreateHandoffRequest.safeParse(unemploymentQuestion({ consent: { shareTranscript: true, shareIdentity: true, reference } })).success,
        reference,
      ).toBe(false);
    }
    const phoneIsId = CreateHandoffRequest.safeParse(unemploymentQuestion({ citizen: { contact: { channel: 'phone', phone: '010190 10046' } } }));
    expect(phoneIsId.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['citizen.contact.phone']);
    const huge = unemploymentQuestion();
    huge.context.transcript = Array.from({ length: 100 }, (_, index) => ({
      from: 'citizen' as const,
      text: 'x'.repeat(4000),
      at: `2026-11-24T09:00:${String(index % 60).padStart(2, '0')}Z`,
    }));
    expect(CreateHandoffRequest.safeParse(huge).error?.issues.map((issue) => issue.path.join('.'))).toEqual(['context.transcript']);
  });

  it('resolves every $ref of the OpenAPI document inside the document, so third-party tools can load it', () => {
    const document = buildOpenApiDocument() as Record<string, unknown>;
    const refs = new Set<string>();
    const walk = (value: unknown): void => {
      if (Array.isArray(value)) value.forEach(walk);
      else if (value && typeof value === 'object')
        for (const [key, item] of Object.entries(value)) key === '$ref' && typeof item === 'string' ? refs.add(item) : walk(item);
    };
    walk(document);
    const resolves = (ref: string) =>
      ref.startsWith('#/') &&
      ref
        .slice(2)
        .split('/')
        .reduce<unknown>((node, segment) => (node as Record<string, unknown> | undefined)?.[segment], document) !== undefined;
    expect(refs.size).toBeGreaterThan(50);
    expect([...refs].filter((ref) => !resolves(ref))).toEqual([]);
  });
});
