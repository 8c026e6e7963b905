import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { busDeliveries, eventBridgePublisher } from '#adapters/event-publisher';
import { busConfig } from './config.ts';
import { once } from './once.ts';

/**
 * The bus publisher. Of the broker's own events, only the stream's outbox relay
 * puts any on the bus; the dispatcher puts delivery events for agencies' own
 * buses, which announce nothing the table does not already hold.
 */
export const eventPublisher = /* @__PURE__ */ once(() => eventBridgePublisher({ client: new EventBridgeClient({}), busName: busConfig().busName }));

export const agencyBus = /* @__PURE__ */ once(() => busDeliveries(eventPublisher()));
