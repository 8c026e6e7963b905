import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.ts';
import type { TransitionRecord } from './handoff.ts';

/** An entry before it is sealed into the chain. */
export type UnsealedEntry = Omit<TransitionRecord, 'prevHash' | 'hash'>;

/** SHA-256 (base64url) of an entry without its own hash, in canonical JSON: any change to any field changes it. */
export const entryHash = (entry: Omit<TransitionRecord, 'hash'>): string => createHash('sha256').update(canonicalJson(entry)).digest('base64url');

/** Links an entry to the one before it. */
export function seal(entry: UnsealedEntry, prevHash: string | null): TransitionRecord {
  const linked = { ...entry, prevHash };
  return { ...linked, hash: entryHash(linked) };
}

export type ChainProblem = 'modified' | 'missing' | 'inserted' | 'out_of_order' | 'truncated';

export type ChainVerification = {
  valid: boolean;
  entries: number;
  /** The first entry that does not fit, by its position in the stored order and its claimed sequence number. */
  broken: { position: number; seq: number | null; problem: ChainProblem; detail: string } | null;
};

/**
 * Verifies a handoff's audit chain as stored: every entry's hash matches its
 * content (else modified), links to the one before (else something was
 * removed, inserted or reordered), sequence numbers run 1, 2, 3 … without a
 * gap, and the last hash is the head the handoff itself records (else entries
 * were cut off the end).
 */
export function verifyChain(entries: TransitionRecord[], expectedHead: string | null): ChainVerification {
  const fail = (position: number, seq: number | null, problem: ChainProblem, detail: string): ChainVerification => ({
    valid: false,
    entries: entries.length,
    broken: { position, seq, problem, detail },
  });
  let previous: string | null = null;
  for (const [index, entry] of entries.entries()) {
    const { hash, ...rest } = entry;
    if (entryHash(rest) !== hash) return fail(index + 1, entry.seq, 'modified', `entry ${entry.seq}'s content does not match its hash`);
    if (entry.seq !== index + 1) {
      const problem: ChainProblem =
        entry.seq > index + 1 ? 'missing' : entries.some((other, at) => at > index && other.seq === index + 1) ? 'out_of_order' : 'inserted';
      return fail(index + 1, entry.seq, problem, `position ${index + 1} holds entry ${entry.seq}`);
    }
    if (entry.prevHash !== previous) return fail(index + 1, entry.seq, 'inserted', `entry ${entry.seq} does not link to the entry before it`);
    previous = hash;
  }
  if (previous !== expectedHead) {
    return fail(entries.length, entries.at(-1)?.seq ?? null, 'truncated', 'the last entry is not the one the handoff records as its latest');
  }
  return { valid: true, entries: entries.length, broken: null };
}
