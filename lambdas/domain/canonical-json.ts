/**
 * JSON in the JSON Canonicalization Scheme (RFC 8785, JCS), so equal values
 * always give equal text and anyone can recompute an audit hash with an
 * off-the-shelf JCS library: object members sorted by the UTF-16 code units of
 * their names (JavaScript's own string order), no whitespace, strings and
 * numbers serialized as ECMAScript's JSON.stringify does (which RFC 8785 adopts).
 * Members whose value is undefined are left out, as JSON.stringify leaves them.
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item ?? null)).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  // RFC 8785 has no text for these; JSON.stringify would quietly write null.
  if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError(`${value} has no canonical JSON form`);
  return JSON.stringify(value);
}
