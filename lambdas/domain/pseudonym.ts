import { createHash, createHmac } from 'node:crypto';

/**
 * The citizen as audit records name them: never the identity number, only a
 * pseudonym. With an identity number it is a keyed hash (HMAC-SHA256 under the
 * deployment's pseudonym key), the same for the same person across handoffs, so
 * an agency holding the key can answer "who handled my case?". Without one it
 * is a pseudonym of the handoff itself.
 */
export type Pseudonymizer = (nationalId: string | null, handoffId: string) => Promise<string>;

export function keyedPseudonymizer(key: () => Promise<string>): Pseudonymizer {
  return async (nationalId, handoffId) =>
    nationalId
      ? `p-${createHmac('sha256', await key())
          .update(nationalId)
          .digest('base64url')
          .slice(0, 22)}`
      : `h-${createHash('sha256').update(handoffId).digest('base64url').slice(0, 22)}`;
}
