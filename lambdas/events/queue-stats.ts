import { recordQueueAccept } from '#domain/use-cases/record-queue-accept';
import { busEventHandler } from '#shared/bus-event-handler';
import { queuePace } from '#shared/dependencies';

const store = queuePace();

/** Keeps each human queue's recent accepts, which its wait estimate reads. */
export const handler = busEventHandler({
  handoffTransitioned: (transition) => recordQueueAccept(store, transition),
});
