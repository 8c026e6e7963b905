/**
 * The embedded runtime as a process of its own, for the crash test: started
 * with a directory and a data directory, killed with SIGKILL, started again on
 * the same data. Prints one line `ready <url>` once it serves requests.
 *   node --import tsx test/support/runtime-process.ts   (env: PORT, DATA_DIR, DIRECTORY_FILE, extra handler env as JSON in RUNTIME_ENV)
 */
import { startRuntime } from '#local/runtime';

const runtime = await startRuntime({
  port: Number(process.env.PORT),
  directoryFile: process.env.DIRECTORY_FILE!,
  dataDir: process.env.DATA_DIR,
  sweepIntervalMs: 250,
  environment: JSON.parse(process.env.RUNTIME_ENV ?? '{}') as Record<string, string>,
});
console.log(`ready ${runtime.url}`);
const stop = async () => {
  await runtime.stop();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
