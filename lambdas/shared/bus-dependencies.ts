import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { eventBridgePublisher } from '#adapters/event-publisher';
import { busConfig } from './config.ts';
import { once } from './once.ts';

/** The bus publisher: only the stream's outbox relay puts events on the bus. */
export const eventPublisher = /* @__PURE__ */ once(() => eventBridgePublisher({ client: new EventBridgeClient({}), busName: busConfig().busName }));
