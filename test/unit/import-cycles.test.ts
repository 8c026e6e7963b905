import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The layers import one way (contracts → platform → lambdas → lib and local),
 * and no module reaches itself through others, type imports included: a cycle
 * makes the order of initialisation matter and the layering a fiction.
 */
const root = new URL('../../', import.meta.url).pathname;
const packageImports = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { imports: Record<string, string> }).imports;
const sourceDirs = ['contracts', 'platform', 'lambdas', 'lib', 'local', 'demo', 'examples', 'packages/client/src'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

function resolved(from: string, specifier: string): string | undefined {
  if (specifier.startsWith('.')) return resolve(dirname(from), specifier);
  for (const [pattern, target] of Object.entries(packageImports)) {
    const prefix = pattern.replace('*', '');
    if (specifier.startsWith(prefix)) return join(root, target.replace('*', specifier.slice(prefix.length)));
  }
  return undefined;
}

const files = sourceDirs.flatMap((dir) => sourceFiles(join(root, dir)));
const imports = new Map(
  files.map((file) => [
    file,
    [...readFileSync(file, 'utf8').matchAll(/^(?:import|export)\b[^;]*?\bfrom\s+'([^']+)'/gm)].flatMap((match) => resolved(file, match[1]!) ?? []),
  ]),
);

function cycles(): string[] {
  const found = new Set<string>();
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (file: string) => {
    state.set(file, 'open');
    path.push(file);
    for (const next of imports.get(file) ?? []) {
      if (!imports.has(next)) continue;
      if (state.get(next) === 'open') found.add([...path.slice(path.indexOf(next)), next].map((step) => relative(root, step)).join(' → '));
      else if (!state.has(next)) visit(next);
    }
    path.pop();
    state.set(file, 'done');
  };
  for (const file of files) if (!state.has(file)) visit(file);
  return [...found];
}

describe('the import graph', () => {
  it('reads every source file and the imports between them', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(imports.get(join(root, 'lambdas/domain/ports.ts'))).toContain(join(root, 'lambdas/domain/handoff.ts'));
  });

  it('has no cycle', () => {
    expect(cycles()).toEqual([]);
  });

  it('keeps the domain free of AWS, and the contract free of the broker', () => {
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const name = relative(root, file);
      if (name.startsWith('lambdas/domain/')) expect(text, name).not.toMatch(/from '@aws-sdk|from 'aws-cdk-lib|from '#adapters|from '#shared|from '#local/);
      if (name.startsWith('contracts/')) expect(text, name).not.toMatch(/from '#(domain|adapters|shared|platform|local)\//);
    }
  });
});
