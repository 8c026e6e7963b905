import middy from '@middy/core';
import type { EventBridgeEvent } from 'aws-lambda';
import type * as z from 'zod';
import { busEvents, type BusEventName } from '#contracts/events';
import { logged } from './logger.ts';

type DetailOf<N extends BusEventName> = z.infer<(typeof busEvents)[N]['schema']>;
type Mains = { [N in BusEventName]?: (detail: DetailOf<N>) => Promise<unknown> };

/**
 * A handler for catalogue events: matches source and detail-type to one of the
 * given mains, parses the detail against the contract, then calls it.
 * Anything thrown goes back to the bus target's retry policy and, at the end,
 * to its dead-letter queue.
 */
export function busEventHandler(mains: Mains) {
  return logged(
    middy<EventBridgeEvent<string, unknown>, unknown>().handler(async (event) => {
      const name = (Object.keys(mains) as BusEventName[]).find(
        (candidate) => busEvents[candidate].source === event.source && busEvents[candidate].detailType === event['detail-type'],
      );
      if (!name) throw new Error(`no handler here for ${event.source}/${event['detail-type']}`);
      const main = mains[name] as (detail: unknown) => Promise<unknown>;
      return main(busEvents[name].schema.parse(event.detail));
    }),
  );
}
