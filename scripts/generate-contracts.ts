/**
 * Writes the generated contract artefacts (OpenAPI document, JSON Schemas, and
 * the client package's copy of the document with its types and operation
 * table) from the zod schemas, or with --check fails when the checked-in
 * copies are stale.
 */
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { buildJsonSchemas, buildOpenApiDocument } from '../contracts/openapi.ts';
import { platformStatesTable } from '../contracts/platform-states.ts';
import { clientOperationTable, clientPlatformStates, clientTypes } from './client-artefacts.ts';

const contractsDir = new URL('../contracts/', import.meta.url).pathname;
const schemasDir = join(contractsDir, 'schemas');
const clientDir = new URL('../packages/client/', import.meta.url).pathname;
const render = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

const document = buildOpenApiDocument();
const artefacts = new Map<string, string>([
  [join(contractsDir, 'openapi.json'), render(document)],
  // The client package carries the contract it was generated from, so it works outside this repository.
  [join(clientDir, 'openapi.json'), render(document)],
  [join(clientDir, 'src/generated/openapi.ts'), await clientTypes(document)],
  [join(clientDir, 'src/generated/operations.ts'), clientOperationTable(document)],
  [join(clientDir, 'src/generated/platform-states.ts'), clientPlatformStates(platformStatesTable)],
]);
for (const [name, schema] of Object.entries(buildJsonSchemas())) {
  artefacts.set(join(schemasDir, `${name}.schema.json`), render(schema));
}

const readOrNull = (path: string) => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
};

if (process.argv.includes('--check')) {
  const stale = [...artefacts].filter(([path, text]) => readOrNull(path) !== text).map(([path]) => path);
  const expected = new Set(artefacts.keys());
  const extra = readdirSync(schemasDir, { withFileTypes: true })
    .map((entry) => join(schemasDir, entry.name))
    .filter((path) => !expected.has(path));
  if (stale.length || extra.length) {
    for (const path of stale) console.error(`stale: ${path}`);
    for (const path of extra) console.error(`not generated from the contract: ${path}`);
    console.error('Run `npm run contracts:generate` and commit the result.');
    process.exit(1);
  }
  console.log(`contracts: ${artefacts.size} generated artefacts match the zod schemas`);
} else {
  for (const [path, text] of artefacts) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
  console.log(`contracts: wrote ${artefacts.size} artefacts`);
}
