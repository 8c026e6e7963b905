import { TransactionCanceledException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';

/**
 * Chaos for the fault suite: makes a share of the table's calls fail the way
 * DynamoDB fails under load, before the request is sent (so nothing is half
 * written), inside the SDK's retry loop: throttling, and transactions cancelled by a conflicting one. The
 * broker must lose nothing: the SDK, the handlers and the bus retry, and a
 * caller who runs out of retries gets a retryable 503. Only the embedded
 * runtime's fault suite sets the rate; a deployment never does.
 */
export function injectStoreFaults(client: DynamoDBClient, rate: number, random: () => number = Math.random): void {
  if (!(rate > 0)) return;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (random() < rate) {
        if (context.commandName === 'TransactWriteItemsCommand') {
          throw new TransactionCanceledException({
            message: 'Transaction cancelled, please refer cancellation reasons for specific reasons [TransactionConflict] (injected fault)',
            $metadata: { httpStatusCode: 400 },
            CancellationReasons: [{ Code: 'TransactionConflict' }],
          });
        }
        throw Object.assign(new Error('Rate of requests exceeds the allowed throughput (injected fault)'), {
          name: 'ThrottlingException',
          $fault: 'client',
          $metadata: { httpStatusCode: 400 },
          $retryable: { throttling: true },
        });
      }
      return next(args);
    },
    // Inside the SDK's retry loop, where a real throttle is met: the SDK retries it as it would a real one.
    { step: 'deserialize', priority: 'high', name: 'injectStoreFaults' },
  );
}
