import { org, unemploymentQuestion } from '../test/support/fixtures.ts';
import type { TestRuntime } from '../test/support/test-runtime.ts';

/** What one handoff's lifecycle used: its id and the Idempotency-Keys it sent (the storage floor renames both). */
export type LifecycleRun = { handoffId: string; idempotencyKeys: string[] };

/**
 * Drives handoffs through the broker over HTTP as partner bots would: Kommune-Kari
 * creates, Frida receives the offer by webhook, accepts and completes.
 */
export async function lifecycleDriver(runtime: TestRuntime) {
  const originToken = await runtime.token(org.oslo);
  const receiverToken = await runtime.token(org.nav);
  const offeredAt = new Map<string, number>();
  const waiting = new Map<string, () => void>();

  /** Call from the partner bot's webhook endpoint. */
  const offerReceived = (handoffId: string) => {
    offeredAt.set(handoffId, performance.now());
    waiting.get(handoffId)?.();
  };
  const offer = (handoffId: string) => (offeredAt.has(handoffId) ? Promise.resolve() : new Promise<void>((resolve) => waiting.set(handoffId, resolve)));

  async function post(path: string, token: string, body: unknown, idempotencyKey: string) {
    const response = await fetch(`${runtime.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
      body: JSON.stringify(body),
    });
    const answer = (await response.json()) as { id: string };
    if (response.status >= 300) throw new Error(`POST ${path} answered ${response.status}: ${JSON.stringify(answer)}`);
    return answer;
  }

  /** Creates a handoff; answers its id, when the request started and how long it took. */
  async function create(idempotencyKey = crypto.randomUUID()) {
    const startedAt = performance.now();
    const { id } = await post('/v1/handoffs', originToken, unemploymentQuestion(), idempotencyKey);
    return { id, startedAt, ms: performance.now() - startedAt };
  }

  /** create → offered (webhook received) → accept → complete. */
  async function lifecycle(): Promise<LifecycleRun> {
    const keys = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()] as const;
    const { id } = await create(keys[0]);
    await offer(id);
    waiting.delete(id);
    await post(`/v1/handoffs/${id}/accept`, receiverToken, {}, keys[1]);
    await post(`/v1/handoffs/${id}/complete`, receiverToken, { resolution: 'resolved' }, keys[2]);
    return { handoffId: id, idempotencyKeys: [...keys] };
  }

  return { create, lifecycle, offerReceived, offeredAt };
}

/** Runs `count` tasks with at most `concurrency` at a time; answers their results and the seconds it took. */
export async function runPool<T>(count: number, concurrency: number, task: () => Promise<T>): Promise<{ results: T[]; seconds: number }> {
  const results: T[] = [];
  let started = 0;
  const begin = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (started < count) {
        started += 1;
        results.push(await task());
      }
    }),
  );
  return { results, seconds: (performance.now() - begin) / 1000 };
}

/** Starts a task at a steady rate (open loop: a slow answer does not slow the arrivals) for `seconds`. */
export async function atRate<T>(perSecond: number, seconds: number, task: () => Promise<T>): Promise<T[]> {
  const total = Math.round(perSecond * seconds);
  const begin = performance.now();
  const running: Promise<T>[] = [];
  for (let index = 0; index < total; index += 1) {
    const due = begin + (index * 1000) / perSecond;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    running.push(task());
  }
  return Promise.all(running);
}

export const percentile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
};

export const latency = (values: number[]) => ({
  count: values.length,
  p50: Math.round(percentile(values, 0.5) * 10) / 10,
  p95: Math.round(percentile(values, 0.95) * 10) / 10,
  p99: Math.round(percentile(values, 0.99) * 10) / 10,
});
