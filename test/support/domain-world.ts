import { DirectoryConfig } from '#contracts/directory';
import { MemoryHandoffStore } from '#adapters/memory-handoff-store';
import { Directory } from '#domain/directory';
import type { Caller } from '#domain/handoff';
import { keyedPseudonymizer } from '#domain/pseudonym';
import { testDirectory, type WebhookUrls } from './fixtures.ts';

/** A clock the test moves by hand. */
export class ManualClock {
  constructor(private current: Date) {}
  now = () => new Date(this.current);
  advance(seconds: number) {
    this.current = new Date(this.current.getTime() + seconds * 1000);
  }
  set(at: string) {
    this.current = new Date(at);
  }
}

export const partner = (orgNumber: string): Caller => ({ orgNumber, clientId: `client-${orgNumber}`, supplierOrgNumber: null, adviserId: null, scopes: [] });
export const adviser = (orgNumber: string, adviserId: string): Caller => ({ orgNumber, clientId: null, supplierOrgNumber: null, adviserId, scopes: ['desk'] });
export const operator = (orgNumber: string): Caller => ({ orgNumber, clientId: null, supplierOrgNumber: null, adviserId: null, scopes: ['audit:read'] });

/**
 * The use cases' dependencies with the in-memory store twin, a manual clock
 * (Tuesday 24 November 2026, 10:00 in Oslo, unless told otherwise) and the test directory.
 */
export function domainWorld(options: { start?: string; webhooks?: WebhookUrls } = {}) {
  const clock = new ManualClock(new Date(options.start ?? '2026-11-24T09:00:00.000Z'));
  const store = new MemoryHandoffStore();
  const directory = new Directory(DirectoryConfig.parse(testDirectory(options.webhooks ?? {}, clock.now())));
  let counter = 0;
  const deps = {
    store,
    clock,
    directory,
    newId: () => `00000000-0000-4000-8000-${String(++counter).padStart(12, '0')}`,
    settings: { offerTimeoutSeconds: 120, acceptedTimeoutSeconds: 3600 },
    pseudonymize: keyedPseudonymizer(async () => 'a-test-key-of-at-least-thirty-two-chars'),
  };
  return { deps, store, clock, directory };
}
