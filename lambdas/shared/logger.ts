import { AsyncLocalStorage } from 'node:async_hooks';
import type { Context } from 'aws-lambda';
import { envNames } from '#platform/environment';

const levels = { DEBUG: 10, INFO: 20, WARN: 30, ERROR: 40, SILENT: 100 } as const;
type Level = Exclude<keyof typeof levels, 'SILENT'>;

const thresholdOf = (name: string | undefined): number => levels[(name ?? 'INFO').toUpperCase() as keyof typeof levels] ?? levels.INFO;

/**
 * The broker's structured logger: one JSON object per line on stdout, with the
 * level, the message, the service, the function and its request, and the keys
 * given. Log lines carry ids, states, topics and organisation numbers, never
 * conversation content or identity numbers: pass `{ handoffId }` as the
 * correlation key on every line about a handoff. (A few dozen lines in place of
 * a logging library: every function bundles its logger.)
 */
class StructuredLogger {
  /** Per invocation, so functions that share a process (the embedded runtime) each log their own. */
  readonly #invocation = new AsyncLocalStorage<Record<string, unknown>>();
  readonly #warm = new Set<string>();

  constructor(private readonly service: string) {}

  /** Runs one invocation with its lines bound to it: the function, its request id, and whether it was a cold start. */
  run<T>(context: Pick<Context, 'functionName' | 'awsRequestId'>, invocation: () => T): T {
    const coldStart = !this.#warm.has(context.functionName);
    this.#warm.add(context.functionName);
    return this.#invocation.run({ cold_start: coldStart, function_name: context.functionName, function_request_id: context.awsRequestId }, invocation);
  }

  debug(message: string, keys?: Record<string, unknown>) {
    this.#write('DEBUG', message, keys);
  }
  info(message: string, keys?: Record<string, unknown>) {
    this.#write('INFO', message, keys);
  }
  warn(message: string, keys?: Record<string, unknown>) {
    this.#write('WARN', message, keys);
  }
  error(message: string, keys?: Record<string, unknown> | Error) {
    this.#write('ERROR', message, keys instanceof Error ? { error: { name: keys.name, message: keys.message } } : keys);
  }

  #write(level: Level, message: string, keys: Record<string, unknown> | undefined) {
    // Read per line: the embedded runtime sets the level after the module is loaded, and a test may raise it.
    if (levels[level] < thresholdOf(process.env[envNames.logLevel])) return;
    const line = { level, message, timestamp: new Date().toISOString(), service: this.service, ...this.#invocation.getStore(), ...keys };
    process.stdout.write(`${JSON.stringify(line)}\n`);
  }
}

export const logger = new StructuredLogger('handoff-broker');

/** A Lambda handler whose log lines carry its invocation (the outermost wrapper of every function). */
export const logged =
  <Event, Result>(handler: (event: Event, context: Context) => Promise<Result>) =>
  (event: Event, context: Context): Promise<Result> =>
    logger.run(context, () => handler(event, context));
