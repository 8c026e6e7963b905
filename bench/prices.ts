/**
 * List prices the benchmark turns usage into money with. Recorded on the date
 * below for US East (N. Virginia), on-demand, no free tier; Stockholm
 * (eu-north-1) lists within a few per cent of these. Check the providers'
 * pages before quoting a figure from this table as a budget.
 */
export const prices = {
  recorded: '2026-11-30',
  region: 'us-east-1',
  currency: 'USD',
  /** DynamoDB on-demand (Standard table class), per request unit. */
  dynamoWriteUnit: 0.625 / 1e6,
  dynamoReadUnit: 0.125 / 1e6,
  /** Lambda on Arm (Graviton): per request, and per GB-second of billed duration. */
  lambdaRequest: 0.2 / 1e6,
  lambdaGbSecond: 0.0000133334,
  /** EventBridge custom events put on a bus (64 KB chunks; ours are far smaller). */
  busEvent: 1.0 / 1e6,
  /** API Gateway HTTP API, per request (first 300 million a month). */
  httpApiRequest: 1.0 / 1e6,
  /** DynamoDB Streams reads by a Lambda trigger are free. */
  streamRead: 0,
} as const;

export type Usage = {
  writeUnits: number;
  readUnits: number;
  busEvents: number;
  apiRequests: number;
  /** Per function: invocations and the memory it is configured with. */
  invocations: { count: number; memoryMb: number; meanMs: number }[];
};

/** What a given usage costs at the recorded prices, by part. */
export function costOf(usage: Usage) {
  const dynamo = usage.writeUnits * prices.dynamoWriteUnit + usage.readUnits * prices.dynamoReadUnit;
  const lambda = usage.invocations.reduce(
    (total, fn) => total + fn.count * (prices.lambdaRequest + (Math.ceil(fn.meanMs) / 1000) * (fn.memoryMb / 1024) * prices.lambdaGbSecond),
    0,
  );
  const bus = usage.busEvents * prices.busEvent;
  const api = usage.apiRequests * prices.httpApiRequest;
  return { dynamo, lambda, bus, api, total: dynamo + lambda + bus + api };
}
