import { AsyncLocalStorage } from 'node:async_hooks';
import { pathToFileURL } from 'node:url';
import { functions, type FunctionId } from '#platform/functions';
import { withFunctionEnvironment } from './function-environment-scope.ts';
import { lambdaContext } from './lambda-context.ts';

type Handler = (event: unknown, context: ReturnType<typeof lambdaContext>) => Promise<unknown>;

/** Which function the code running now belongs to: lets a meter attribute calls, as each Lambda function would bill its own. */
export const invocationScope = new AsyncLocalStorage<FunctionId>();

/**
 * Loads and invokes the broker's functions in this process, the way Lambda
 * would: the same entry files, one module instance per function, a context
 * per invocation. Handlers are imported after the runtime has set the environment.
 */
export class FunctionHost {
  readonly #loaded = new Map<FunctionId, Promise<Handler>>();
  #inFlight = 0;
  /** Invocations so far, per function (as Lambda would count and bill them). */
  readonly invocations = new Map<FunctionId, number>();
  /** Called after each invocation, e.g. to wake the stream poller. */
  onInvoked: ((id: FunctionId) => void) | undefined;
  /** Milliseconds spent running, per function (what Lambda bills as duration). */
  readonly runningMs = new Map<FunctionId, number>();
  /** Each function's own environment, as its Lambda function would be given it; without one, the process's. */
  readonly environments = new Map<FunctionId, NodeJS.ProcessEnv>();
  #idleWaiters: (() => void)[] = [];
  /** API invocations running now, and those waiting for a slot. */
  #apiRunning = 0;
  readonly #apiWaiting: (() => void)[] = [];

  /**
   * @param apiConcurrency how many API invocations run at once. In the cloud each runs in its own
   * container; here they share one process and two cores, so a burst of 100 would make every one of
   * them slow. Like Lambda, an invocation's timeout starts when it runs, not while it waits its turn.
   */
  constructor(
    private readonly projectRoot: URL,
    private readonly apiConcurrency = 16,
  ) {}

  async #slot(id: FunctionId): Promise<() => void> {
    if (functions[id].trigger.kind !== 'http') return () => undefined;
    if (this.#apiRunning >= this.apiConcurrency) await new Promise<void>((resolve) => this.#apiWaiting.push(resolve));
    else this.#apiRunning += 1;
    return () => {
      const next = this.#apiWaiting.shift();
      if (next) next();
      else this.#apiRunning -= 1;
    };
  }

  async load(id: FunctionId): Promise<Handler> {
    let handler = this.#loaded.get(id);
    if (!handler) {
      handler = import(pathToFileURL(new URL(functions[id].entry, this.projectRoot).pathname).href).then((module: { handler?: Handler }) => {
        if (typeof module.handler !== 'function') throw new Error(`${functions[id].entry} exports no handler`);
        return module.handler;
      });
      this.#loaded.set(id, handler);
    }
    return handler;
  }

  async invoke(id: FunctionId, event: unknown): Promise<unknown> {
    this.#inFlight += 1;
    this.invocations.set(id, (this.invocations.get(id) ?? 0) + 1);
    const release = await this.#slot(id);
    const started = performance.now();
    try {
      const run = async () => {
        // Loaded inside the invocation, so module initialisation sees the function's own environment too.
        const handler = await this.load(id);
        return handler(event, lambdaContext(id, functions[id].timeoutSeconds));
      };
      const environment = this.environments.get(id);
      return await invocationScope.run(id, () => (environment ? withFunctionEnvironment(environment, run) : run()));
    } finally {
      this.runningMs.set(id, (this.runningMs.get(id) ?? 0) + performance.now() - started);
      release();
      this.onInvoked?.(id);
      this.#inFlight -= 1;
      if (this.#inFlight === 0) for (const wake of this.#idleWaiters.splice(0)) wake();
    }
  }

  get busy(): boolean {
    return this.#inFlight > 0;
  }

  /** Resolves when no invocation is running. */
  idle(): Promise<void> {
    return this.#inFlight === 0 ? Promise.resolve() : new Promise((resolve) => this.#idleWaiters.push(resolve));
  }
}
