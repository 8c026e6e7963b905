/** A value made on first use and kept for the life of the process (one Lambda container). */
export function once<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => (made ??= { value: make() }).value;
}

/** Like once, for a value fetched asynchronously: a failed fetch is not kept, so the next call tries again. */
export function onceFetched<T>(fetch: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () =>
    (pending ??= fetch().catch((error: unknown) => {
      pending = undefined;
      throw error;
    }));
}
