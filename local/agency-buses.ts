import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type { AgencyBusRoute } from '#platform/rules';
import { startLocalEventBus, type BusEvent } from './event-bus.ts';

/**
 * The agencies' own buses, for a laptop: one more local EventBridge that
 * serves PutEvents for every bus ARN the directory names, as the agencies'
 * accounts would. The broker's bus forwards to it over the SDK, as a rule
 * with a cross-account target does, and it keeps what each bus received.
 */
export async function startAgencyBuses(routes: AgencyBusRoute[]) {
  const received = new Map<string, BusEvent[]>(routes.map((route) => [route.busArn, []]));
  const listeners = new Set<(busArn: string, event: BusEvent) => void>();
  const bus = await startLocalEventBus({
    busName: 'agency-accounts',
    serves: (name) => received.has(name),
    rules: {},
    invoke: async () => undefined,
    onEvent: (event, busArn) => {
      received.get(busArn)!.push(event);
      for (const listener of listeners) listener(busArn, event);
    },
  });
  const client = new EventBridgeClient({ endpoint: bus.endpoint, region: 'eu-north-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });

  return {
    endpoint: bus.endpoint,
    /** What one agency bus has received so far, oldest first. */
    received: (busArn: string): readonly BusEvent[] => received.get(busArn) ?? [],
    /** Calls `listener` with every event any agency bus receives from now on; returns the unsubscribe. */
    listen(listener: (busArn: string, event: BusEvent) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async forward(busArn: string, event: BusEvent) {
      const result = await client.send(
        new PutEventsCommand({
          Entries: [
            {
              EventBusName: busArn,
              Source: event.source,
              DetailType: event['detail-type'],
              Detail: JSON.stringify(event.detail),
              Time: new Date(event.time),
              Resources: event.resources,
            },
          ],
        }),
      );
      const failure = result.Entries?.find((entry) => entry.ErrorCode);
      if (failure) throw new Error(`${busArn} did not take the event: ${failure.ErrorCode} ${failure.ErrorMessage ?? ''}`);
    },
    async stop() {
      client.destroy();
      await bus.stop();
    },
  };
}

export type AgencyBuses = Awaited<ReturnType<typeof startAgencyBuses>>;
