/*
 * Values made on first use and kept for the life of the function's container.
 * In Lambda a container is one process with one environment. The embedded
 * runtime hosts every function in one process and shows each its own
 * environment object (see local/function-environment-scope.ts), so values are
 * kept per environment object: one function's configuration and clients never
 * serve another function that declared less.
 */

/** A value made on first use and kept for the life of the container. */
export function once<T>(make: () => T): () => T {
  const made = new WeakMap<object, { value: T }>();
  return () => {
    const environment = process.env;
    let entry = made.get(environment);
    if (!entry) {
      entry = { value: make() };
      made.set(environment, entry);
    }
    return entry.value;
  };
}

/** Like once, for a value fetched asynchronously: a failed fetch is not kept, so the next call tries again. */
export function onceFetched<T>(fetch: () => Promise<T>): () => Promise<T> {
  const pending = new WeakMap<object, Promise<T>>();
  return () => {
    const environment = process.env;
    let fetched = pending.get(environment);
    if (!fetched) {
      fetched = fetch().catch((error: unknown) => {
        pending.delete(environment);
        throw error;
      });
      pending.set(environment, fetched);
    }
    return fetched;
  };
}
