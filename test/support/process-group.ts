import { spawn } from 'node:child_process';

const projectRoot = new URL('../../', import.meta.url).pathname;

/**
 * Runs a TypeScript entry of the project (node with tsx as its loader) in a
 * process group of its own, as a terminal would: a signal to the group reaches
 * every process it started, DynamoDB Local's JVM included.
 */
export function startInOwnProcessGroup(entry: string, env: Record<string, string>, args: string[] = []) {
  const child = spawn(process.execPath, ['--import', 'tsx', entry, ...args], {
    cwd: projectRoot,
    env: { ...process.env, ...env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exited, output: () => output };
}
