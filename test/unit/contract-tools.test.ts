import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import { createClient } from '@hey-api/openapi-ts';
import { createConfig, lint } from '@redocly/openapi-core';
import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { routes } from '#contracts/routes';

/**
 * The published contract as third-party tools read it: the checked-in
 * `contracts/openapi.json`, the file partners download, not the object it is
 * generated from. Each tool is the one a partner would reach for.
 */
const documentPath = new URL('../../contracts/openapi.json', import.meta.url).pathname;
const published = () => JSON.parse(readFileSync(documentPath, 'utf8')) as Record<string, unknown>;
const operationIds = Object.keys(routes);
const scratch = mkdtempSync(join(tmpdir(), 'contract-tools-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Type-checks generated files as a partner's strict TypeScript project would. */
function typeErrorsOf(files: string[]): string[] {
  const program = ts.createProgram(files, {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
    skipLibCheck: true,
  });
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
}

describe('the published OpenAPI document, read by third-party tools', () => {
  it('validates with swagger-parser, every $ref resolved', async () => {
    const api = (await SwaggerParser.validate(published() as never)) as { paths: Record<string, unknown> };
    expect(Object.keys(api.paths).length).toBeGreaterThan(10);
    const dereferenced = JSON.stringify(await SwaggerParser.dereference(published() as never, { dereference: { circular: 'ignore' } }));
    expect(dereferenced).not.toContain('"$ref":"#/$defs');
  });

  it('passes Redocly’s recommended rules with no error', async () => {
    const problems = await lint({ ref: documentPath, config: await createConfig({ extends: ['recommended'] }) });
    const errors = problems
      .filter((problem) => problem.severity === 'error')
      .map((problem) => `${problem.ruleId}: ${problem.message} at ${problem.location[0]?.pointer}`);
    expect(errors).toEqual([]);
  });

  it('generates types with openapi-typescript that name every route and compile under strict TypeScript', async () => {
    const source = astToString(await openapiTS(published() as never));
    for (const id of operationIds) expect(source, id).toContain(`${id}: {`);
    const file = join(scratch, 'openapi-typescript.ts');
    writeFileSync(file, source);
    expect(typeErrorsOf([file])).toEqual([]);
  });

  it('generates a client with @hey-api/openapi-ts that has a call for every route and compiles', async () => {
    const output = join(scratch, 'hey-api');
    await createClient({ input: documentPath, output, logs: { level: 'silent' } } as Parameters<typeof createClient>[0]);
    const sdk = readFileSync(join(output, 'sdk.gen.ts'), 'utf8');
    for (const id of operationIds) expect(sdk, id).toMatch(new RegExp(`export const ${id}\\b`));
    expect(typeErrorsOf([join(output, 'index.ts')])).toEqual([]);
  });
});
