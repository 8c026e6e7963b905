import { DirectoryConfig } from '#contracts/directory';
import { busEvents } from '#contracts/events';
import { memoryHandoffStore, type MemoryHandoffStore } from '#adapters/memory-handoff-store';
import { Directory } from '#domain/directory';
import type { Caller, TransitionRecord } from '#domain/handoff';
import { type AgencyBusEvent, agencyBusEvents } from '#contracts/agency-bus';
import type { AgencyBus, DeliveryOutcome, WebhookDelivery, WebhookSender } from '#domain/ports';
import { matchesPattern } from '#local/event-pattern';
import { functions, type FunctionId } from '#platform/functions';
import { rules } from '#platform/rules';
import { transitionSortKeyPrefix } from '#platform/tables';
import { keyedPseudonymizer } from '#domain/pseudonym';
import { testDirectory, type WebhookUrls } from './fixtures.ts';

/** A clock the test moves by hand. */
class ManualClock {
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
  const store = memoryHandoffStore();
  const directory = new Directory(DirectoryConfig.parse(testDirectory(options.webhooks ?? {}, clock.now())));
  let counter = 0;
  const deps = {
    store,
    clock,
    directory,
    newId: () => `00000000-0000-4000-8000-${String(++counter).padStart(12, '0')}`,
    settings: { offerTimeoutSeconds: 120, acceptedTimeoutSeconds: 3600 },
    pseudonymize: keyedPseudonymizer(async () => 'a-test-key-of-at-least-thirty-two-chars'),
    agencyBus: new RecordingAgencyBus(),
  };
  return { deps, store, clock, directory };
}

/** What a recorded push was: the webhook's type, or `openFloor` for an Open Floor envelope. */
export const pushTypeOf = (delivery: WebhookDelivery) => ('type' in delivery.payload ? delivery.payload.type : 'openFloor');

/** A webhook sender twin that records what it was asked to deliver and answers as told. */
export class RecordingSender implements WebhookSender {
  readonly deliveries: WebhookDelivery[] = [];
  constructor(private readonly outcome: DeliveryOutcome = { delivered: true, attempts: 1, status: 204 }) {}
  async deliver(delivery: WebhookDelivery) {
    this.deliveries.push(delivery);
    return this.outcome;
  }
}

/** An agency-bus twin: checks each event against the contract's schema for its type, and keeps it. */
export class RecordingAgencyBus implements AgencyBus {
  readonly events: AgencyBusEvent[] = [];
  async put(event: AgencyBusEvent) {
    agencyBusEvents[event.type].parse(event);
    this.events.push(event);
  }
}

/**
 * Plays the stream and the bus for the use cases: hands each transition the
 * store has not yet announced to the functions that read the stream's
 * transitions, and to those the declared rules wake for it, in order, so a
 * test sees what the deployed triggers would do. Functions the test leaves out stay asleep.
 */
export function busPump(store: MemoryHandoffStore, wakers: Partial<Record<FunctionId, (transition: TransitionRecord) => Promise<unknown>>>) {
  let announced = 0;
  const streamReaders = (Object.keys(wakers) as FunctionId[]).filter((id) => {
    const trigger = functions[id].trigger;
    return trigger.kind === 'stream' && trigger.sortKeyPrefixes.includes(transitionSortKeyPrefix);
  });
  return async () => {
    for (; announced < store.table.transitions.length; announced += 1) {
      const transition = store.table.transitions[announced]!;
      const event = { source: busEvents.handoffTransitioned.source, 'detail-type': busEvents.handoffTransitioned.detailType, detail: transition };
      for (const id of streamReaders) await wakers[id]!(transition);
      for (const rule of Object.values(rules)) {
        const wake = wakers[rule.target];
        if (wake && matchesPattern(rule.pattern, event)) await wake(transition);
      }
    }
  };
}
