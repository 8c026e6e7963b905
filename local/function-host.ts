import { pathToFileURL } from 'node:url';
import { functions, type FunctionId } from '#platform/functions';
import { lambdaContext } from './lambda-context.ts';

type Handler = (event: unknown, context: ReturnType<typeof lambdaContext>) => Promise<unknown>;

/**
 * Loads and invokes the broker's functions in this process, the way Lambda
 * would: the same entry files, one module instance per function, a context
 * per invocation. Handlers are imported after the runtime has set the environment.
 */
export class FunctionHost {
  readonly #loaded = new Map<FunctionId, Promise<Handler>>();
  #inFlight = 0;
  #idleWaiters: (() => void)[] = [];

  constructor(private readonly projectRoot: URL) {}

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
    const handler = await this.load(id);
    this.#inFlight += 1;
    try {
      return await handler(event, lambdaContext(id, functions[id].timeoutSeconds));
    } finally {
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
