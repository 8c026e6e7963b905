import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seal } from '#domain/audit-chain';
import { canonicalJson } from '#domain/canonical-json';
import type { UnsealedEntry } from '#domain/audit-chain';

describe('canonical JSON (RFC 8785, JCS)', () => {
  it('writes any JSON value exactly as the reference JCS library does', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(canonicalJson(value)).toBe(canonicalize(value));
      }),
      { numRuns: 2_000 },
    );
  });

  it('sorts members by UTF-16 code units and writes numbers as ECMAScript does (the RFC’s examples)', () => {
    const value = {
      '\u20ac': 'Euro Sign',
      '\r': 'Carriage Return',
      '\ufb33': 'Hebrew Letter Dalet With Dagesh',
      '1': 'One',
      '\ud83d\ude00': 'Emoji: Grinning Face',
      '\u0080': 'Control',
      '\u00f6': 'Latin Small Letter O With Diaeresis',
    };
    expect(Object.keys(JSON.parse(canonicalJson(value)))).toEqual(Object.keys(JSON.parse(canonicalize(value)!)));
    // biome-ignore lint/correctness/noPrecisionLoss: RFC 8785's own number example, whose point is the rounding.
    expect(canonicalJson([333333333.33333329, 1e30, 4.5, 0.002, 1e-27, -0])).toBe('[333333333.3333333,1e+30,4.5,0.002,1e-27,0]');
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(TypeError);
  });

  it('lets anyone recompute an audit entry’s hash with an off-the-shelf JCS library and SHA-256', () => {
    const entry: UnsealedEntry = {
      handoffId: '5f0c3a52-8a3e-4c8e-9a51-6f8d7a1c2b3d',
      seq: 2,
      version: 1,
      from: 'requested',
      to: 'routed',
      at: '2026-11-30T10:00:00.000Z',
      actor: { role: 'broker', orgNumber: null, clientId: null, supplierOrgNumber: null, botId: null, adviserId: null },
      statusReason: null,
      topic: 'unemployment-benefit',
      language: 'nb',
      reason: 'out_of_scope',
      originOrgNumber: '958935420',
      assignee: { kind: 'bot', orgNumber: '889640782', botId: 'frida' },
      priority: 'normal',
      dataShared: ['summary'],
      consentReference: null,
    };
    const sealed = seal(entry, 'previous-hash');
    const { hash, ...withoutHash } = sealed;
    expect(createHash('sha256').update(canonicalize(withoutHash)!).digest('base64url')).toBe(hash);
  });
});
