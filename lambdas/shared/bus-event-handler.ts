import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { EventBridgeEvent } from 'aws-lambda';
import type { z } from 'zod';
import { busEvents, type BusEventName } from '#contracts/events';
import { logger } from './logger.ts';

type DetailOf<N extends BusEventName> = z.infer<(typeof busEvents)[N]['schema']>;

/**
 * A handler for one catalogue event: checks source and detail-type, parses the
 * detail against the contract, then calls main. Anything thrown goes back to
 * the bus target's retry policy and, at the end, to its dead-letter queue.
 */
export function busEventHandler<N extends BusEventName, R>(name: N, main: (detail: DetailOf<N>) => Promise<R>) {
  const spec = busEvents[name];
  return middy<EventBridgeEvent<string, unknown>, R>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .handler(async (event) => {
      if (event.source !== spec.source || event['detail-type'] !== spec.detailType) {
        throw new Error(`expected ${spec.source}/${spec.detailType}, got ${event.source}/${event['detail-type']}`);
      }
      return main(spec.schema.parse(event.detail) as DetailOf<N>);
    });
}
