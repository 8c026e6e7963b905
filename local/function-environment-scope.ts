import { AsyncLocalStorage } from 'node:async_hooks';

/** The environment of the function whose invocation is running now, if any. */
const current = new AsyncLocalStorage<NodeJS.ProcessEnv>();
let installed = false;

/**
 * Makes `process.env` show each hosted function only its own environment
 * while it runs, as each Lambda function sees only the variables it was
 * given; outside an invocation (the runtime itself, tests, the JVM it
 * spawns) the process's own environment is seen as before.
 */
export function installFunctionEnvironments(): void {
  if (installed) return;
  installed = true;
  const processEnvironment = process.env;
  Object.defineProperty(process, 'env', {
    configurable: true,
    enumerable: true,
    get: () => current.getStore() ?? processEnvironment,
    set: (value: NodeJS.ProcessEnv) => Object.assign(processEnvironment, value),
  });
}

/** Runs one invocation with `environment` as its `process.env`. */
export function withFunctionEnvironment<T>(environment: NodeJS.ProcessEnv, run: () => T): T {
  return current.run(environment, run);
}
