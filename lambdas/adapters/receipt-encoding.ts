import { deflateRawSync, inflateRawSync } from 'node:zlib';

/**
 * A receipt keeps the first answer to replay it byte for byte, deflated: a
 * handoff view of 1.2–1.5 KB takes 0.5–0.7 KB, so the receipt fits one write
 * unit instead of two (and a transaction bills each unit twice).
 */
export const encodeReceiptResponse = (response: unknown): Uint8Array => deflateRawSync(Buffer.from(JSON.stringify(response)));

/** Reads a stored answer; receipts written before compression kept it as JSON text, and live out their day. */
export const decodeReceiptResponse = (stored: Uint8Array | string): unknown =>
  JSON.parse(typeof stored === 'string' ? stored : inflateRawSync(stored).toString('utf8'));
