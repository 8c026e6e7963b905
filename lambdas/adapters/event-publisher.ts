import { agencyBusSource } from '#contracts/agency-bus';
import { PutEventsCommand, type EventBridgeClient, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import type { AgencyBus } from '#domain/ports';

export type BusEntry = { source: string; detailType: string; detail: unknown; time?: Date };

/** Index of every entry the bus did not take, with its error code. */
export type PublishResult = { failed: { index: number; errorCode: string }[] };

export type EventPublisher = (entries: BusEntry[]) => Promise<PublishResult>;

/** Puts events on the broker's bus, ten to a request (the PutEvents limit). */
export function eventBridgePublisher(options: { client: EventBridgeClient; busName: string }): EventPublisher {
  return async (entries) => {
    const failed: PublishResult['failed'] = [];
    for (let start = 0; start < entries.length; start += 10) {
      const batch: PutEventsRequestEntry[] = entries.slice(start, start + 10).map((entry) => ({
        EventBusName: options.busName,
        Source: entry.source,
        DetailType: entry.detailType,
        Detail: JSON.stringify(entry.detail),
        ...(entry.time ? { Time: entry.time } : {}),
      }));
      const result = await options.client.send(new PutEventsCommand({ Entries: batch }));
      (result.Entries ?? []).forEach((outcome, offset) => {
        if (outcome.ErrorCode) failed.push({ index: start + offset, errorCode: outcome.ErrorCode });
      });
    }
    return { failed };
  };
}

/** Delivery events for agencies' own buses, put on the broker's bus under their own source (their rules forward them). */
export function busDeliveries(publish: EventPublisher): AgencyBus {
  return {
    async put(event) {
      const { failed } = await publish([{ source: agencyBusSource, detailType: event.type, detail: event }]);
      if (failed.length) throw new Error(`the bus did not take the ${event.type} event for ${event.recipient.orgNumber}: ${failed[0]!.errorCode}`);
    },
  };
}
