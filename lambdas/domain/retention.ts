import type { Directory } from './directory.ts';

/**
 * How long conversation content is kept: the shortest policy of the agencies
 * involved (the origin, and the first it is handed to), for an authenticated
 * citizen (with an identity number) or an unauthenticated one. Audit metadata
 * is kept apart, for the deployment's audit retention period.
 */
export function contentExpiry(directory: Directory, orgNumbers: string[], authenticated: boolean, createdAt: string): string {
  const days = Math.min(
    ...orgNumbers.map((orgNumber) => {
      const policy = directory.agency(orgNumber)?.retention;
      return policy ? (authenticated ? policy.authenticatedContentDays : policy.unauthenticatedContentDays) : 2;
    }),
  );
  return new Date(Date.parse(createdAt) + days * 86_400_000).toISOString();
}

/**
 * The content, if it is still within its retention: DynamoDB's TTL deletes
 * expired items within a day or two, and nobody may read them meanwhile.
 */
export function liveContent<T>(handoff: { contentExpiresAt: string }, content: T | undefined, now: Date): T | undefined {
  return content !== undefined && Date.parse(handoff.contentExpiresAt) > now.getTime() ? content : undefined;
}
