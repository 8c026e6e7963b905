import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.ts';
import { InvalidCursor } from './errors.ts';
import type { Caller } from './handoff.ts';

/**
 * Page cursors are bound to the listing, the caller and the query they came
 * from: a cursor carried to another list, another agency or another filter is
 * refused (400) before the store ever sees it, instead of being followed into
 * someone else's range. The binding is a digest, not a secret: the store still
 * checks a cursor's shape and range itself.
 */
export type CursorBinding = string;

export function cursorBinding(list: string, caller: Pick<Caller, 'orgNumber' | 'adviserId'>, query: Record<string, unknown> = {}): CursorBinding {
  const { cursor: _cursor, limit: _limit, ...rest } = query;
  return createHash('sha256')
    .update(canonicalJson({ list, orgNumber: caller.orgNumber, adviserId: caller.adviserId, query: rest }))
    .digest('base64url')
    .slice(0, 16);
}

/** The cursor handed to the caller for the store's next page, or null on the last page. */
export const issueCursor = (binding: CursorBinding, storeCursor: string | null): string | null => (storeCursor === null ? null : `${binding}.${storeCursor}`);

/** The store's cursor inside a caller's cursor; throws `InvalidCursor` unless it was issued for this binding. */
export function followCursor(binding: CursorBinding, cursor: string | undefined): string | undefined {
  if (cursor === undefined) return undefined;
  const dot = cursor.indexOf('.');
  if (dot < 0 || cursor.slice(0, dot) !== binding || dot === cursor.length - 1) throw new InvalidCursor();
  return cursor.slice(dot + 1);
}
