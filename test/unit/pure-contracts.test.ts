import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * A function bundles the contract modules of its routes, and esbuild keeps a
 * module-level call unless it is marked free of side effects: every schema a
 * contract module declares at the top level carries `/* @__PURE__ *\/`, so a
 * bundle drops the schemas its function never reads, with their documentation
 * (the calls nested in their fields still run; docs/architecture.md, Bundles).
 * The OpenAPI document, built from zod's registry, is checked whole in the
 * infrastructure test, from the deployed bundle.
 */
const contractsDir = new URL('../../contracts/', import.meta.url).pathname;
// A top-level declaration whose value is built by zod, a schema's method, or one of the contract's schema builders.
const schemaDeclaration = /^(?:export )?const (\w+)(?:: [^=\n]+)? = (?!\/\* @__PURE__ \*\/)(z\b|(?!Object\.)[A-Z]\w*\.\w+\(|agencyBusEvent\()/gm;

describe('contract modules', () => {
  it('declare every top-level schema pure, so bundles can leave out what a function does not read', () => {
    const unmarked = readdirSync(contractsDir)
      .filter((name) => name.endsWith('.ts'))
      .flatMap((name) => [...readFileSync(join(contractsDir, name), 'utf8').matchAll(schemaDeclaration)].map((match) => `${name}: ${match[1]}`));
    expect(unmarked).toEqual([]);
  });

  it('find an unmarked declaration (the check can fail)', () => {
    expect('export const Thing = z.string();\nexport const Other = /* @__PURE__ */ z.string();'.match(schemaDeclaration)).toHaveLength(1);
  });
});
