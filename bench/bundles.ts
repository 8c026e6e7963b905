import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { functionBundling } from '#platform/bundling';
import { environmentOf, type DeploymentSettings } from '#platform/function-environment';
import { functions, type FunctionId } from '#platform/functions';

const run = promisify(execFile);
const projectRoot = new URL('../', import.meta.url).pathname;

export type BundleFigure = { function: FunctionId; bytes: number; initMs: number };

/** The environment a deployed function starts with: what Lambda provides, and what its declared access gives it (values that reach nothing: init must not call out). */
function coldEnvironment(workDir: string, functionId: FunctionId): Record<string, string> {
  const secrets = join(workDir, 'webhook-secrets.json');
  writeFileSync(secrets, '{}');
  const deployment: DeploymentSettings = {
    tableName: 'handoffs',
    busName: 'handoff-broker',
    directoryFile: join(projectRoot, 'demo/directory.json'),
    partnerTokens: { issuer: 'https://issuer.example', audience: 'handoff-broker', jwksUrl: 'https://issuer.example/jwks' },
    staffTokens: { issuer: 'https://issuer.example', audience: 'handoff-staff', jwksUrl: 'https://issuer.example/jwks', orgClaim: 'org_number' },
    staffSignIn: { authorizationEndpoint: 'https://issuer.example/authorize', tokenEndpoint: 'https://issuer.example/token', clientId: 'handoff-staff-pages' },
    lifecycle: { offerTimeoutSeconds: 120, acceptedTimeoutSeconds: 86_400, metadataRetentionDays: 1830 },
    pseudonymKey: { value: 'bench-key-bench-key-bench-key-bench-key' },
    webhookSecrets: { file: secrets },
  };
  return {
    PATH: process.env.PATH ?? '',
    AWS_REGION: 'eu-north-1',
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    AWS_LAMBDA_FUNCTION_NAME: functionId,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    // The demo directory names where its partner bots listen.
    DEMO_BOTS_URL: 'https://bots.example',
    ...environmentOf(functionId, deployment),
  };
}

/** Milliseconds for a fresh Node process to import a bundle: the part of a cold start the code decides. */
async function initTime(bundle: string, env: Record<string, string>): Promise<number> {
  const script = `const t=performance.now();await import(${JSON.stringify(`file://${bundle}`)});process.stdout.write(String(performance.now()-t));`;
  try {
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { env, cwd: join(bundle, '..') });
    return Number(stdout);
  } catch (error) {
    const stderr = String((error as { stderr?: string }).stderr ?? error);
    throw new Error(
      `${bundle} failed to start: ${stderr
        .split('\n')
        .filter((line) => /Error/.test(line))
        .slice(0, 2)
        .join(' ')
        .slice(0, 400)}`,
    );
  }
}

/** Bundles an entry (a file, or source text) as a function is deployed: the same esbuild options the stack uses. */
const bundleAs = (entry: { file: string } | { source: string }, outfile: string) =>
  build({
    ...('file' in entry ? { entryPoints: [entry.file] } : { stdin: { contents: entry.source, resolveDir: projectRoot, loader: 'js' as const } }),
    bundle: true,
    platform: 'node',
    format: functionBundling.format,
    target: functionBundling.target,
    minify: functionBundling.minify,
    mainFields: [...functionBundling.mainFields],
    external: [...functionBundling.externalModules],
    banner: { js: functionBundling.banner },
    outfile,
    logLevel: 'error',
  });

/** The median of `runs` cold imports of a bundle. */
async function medianInitTime(bundle: string, env: Record<string, string>, runs: number): Promise<number> {
  const times: number[] = [];
  for (let index = 0; index < runs; index += 1) times.push(await initTime(bundle, env));
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

/** The libraries every API function loads, each alone and all together, bundled as a function is: the cold import no code of ours can go under. */
const libraries = {
  awsSdk: "import{DynamoDBClient}from'@aws-sdk/client-dynamodb';new DynamoDBClient({});",
  zod: "import*as z from'zod';z.strictObject({a:z.string()}).parse({a:'x'});",
  jose: "import{createRemoteJWKSet}from'jose';createRemoteJWKSet(new URL('https://issuer.example/jwks'));",
};

export type LibraryFloor = Record<keyof typeof libraries | 'together', number>;

/** Median cold import of each library alone and of the three together (what an API function loads before any code of ours). */
export async function measureLibraryFloor(runs = 3): Promise<LibraryFloor> {
  const bundleDir = mkdtempSync(join(projectRoot, 'node_modules', '.broker-libraries-'));
  const entries = { ...libraries, together: Object.values(libraries).join('') };
  try {
    const floor: Partial<LibraryFloor> = {};
    for (const [name, source] of Object.entries(entries) as [keyof LibraryFloor, string][]) {
      const outfile = join(bundleDir, name, 'index.mjs');
      await bundleAs({ source }, outfile);
      floor[name] = await medianInitTime(outfile, { PATH: process.env.PATH ?? '', AWS_REGION: 'eu-north-1' }, runs);
    }
    return floor as LibraryFloor;
  } finally {
    rmSync(bundleDir, { recursive: true, force: true });
  }
}

/**
 * Every function bundled as it is deployed (same entry, same esbuild options),
 * its minified size, and the median of `runs` cold imports.
 */
export async function measureBundles(runs = 3): Promise<BundleFigure[]> {
  const workDir = mkdtempSync(join(tmpdir(), 'broker-bundles-'));
  // Inside the project, so the packages left to the runtime resolve from node_modules, as Lambda's from its own.
  const bundleDir = mkdtempSync(join(projectRoot, 'node_modules', '.broker-bundles-'));
  try {
    const figures: BundleFigure[] = [];
    for (const id of Object.keys(functions) as FunctionId[]) {
      const outfile = join(bundleDir, id, 'index.mjs');
      await bundleAs({ file: join(projectRoot, functions[id].entry) }, outfile);
      figures.push({ function: id, bytes: statSync(outfile).size, initMs: await medianInitTime(outfile, coldEnvironment(workDir, id), runs) });
    }
    return figures;
  } finally {
    rmSync(workDir, { recursive: true, force: true });
    rmSync(bundleDir, { recursive: true, force: true });
  }
}
