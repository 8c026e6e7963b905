import { deflateRawSync, inflateRawSync } from 'node:zlib';

/**
 * A value kept deflated in one binary attribute, where its size decides what a
 * write costs (AWS bills each started KB; a transaction bills it twice); so are
 * a change's transitions in its timeline item:
 * - an idempotency receipt keeps the first answer to replay it byte for byte:
 *   a handoff view of 1.2–1.5 KB takes 0.5–0.7 KB, one write unit instead of two;
 * - the state item keeps the handoff: 1.0–1.1 KB as a map, about 0.5 KB
 *   deflated, so every state write fits one unit (docs/architecture.md, "The cost of a handoff").
 * Deflating a kilobyte takes some microseconds.
 */
export const encodeCompactJson = (value: unknown): Uint8Array => deflateRawSync(Buffer.from(JSON.stringify(value)));

/** Reads a stored value; items written before compression kept it as JSON text (receipts) or as a map (state), and are still read. */
export function decodeCompactJson<T>(stored: Uint8Array | string | T): T {
  if (typeof stored === 'string') return JSON.parse(stored) as T;
  if (stored instanceof Uint8Array) return JSON.parse(inflateRawSync(stored).toString('utf8')) as T;
  return stored;
}
