/** A value made on first use and kept for the life of the process (one Lambda container). */
export function once<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => (made ??= { value: make() }).value;
}
