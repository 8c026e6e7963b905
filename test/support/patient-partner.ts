import { randomUUID } from 'node:crypto';
import type { TestRuntime } from './test-runtime.ts';

export type Answer = { status: number; contentType: string; body: Record<string, unknown> };

/**
 * A careful partner's HTTP client: a POST keeps its Idempotency-Key across
 * retries, and a retryable answer (503, or 409 `conflict`) is retried after
 * a pause. Every answer is counted, so a suite can report what it met.
 */
export function patientPartner(runtime: TestRuntime, statuses: Record<number, number> = {}) {
  const count = (status: number) => (statuses[status] = (statuses[status] ?? 0) + 1);
  async function once(method: 'GET' | 'POST', path: string, token: string, body: unknown, key: string): Promise<Answer> {
    const response = await runtime.fetch(path, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(method === 'POST' ? { 'content-type': 'application/json', 'idempotency-key': key } : {}) },
      ...(method === 'POST' ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    count(response.status);
    const contentType = response.headers.get('content-type') ?? '';
    return { status: response.status, contentType, body: text && contentType.includes('json') ? (JSON.parse(text) as Record<string, unknown>) : { text } };
  }
  async function call(method: 'GET' | 'POST', path: string, token: string, body?: unknown): Promise<Answer> {
    const key = randomUUID();
    for (let attempt = 1; ; attempt += 1) {
      const answer = await once(method, path, token, body, key);
      const retryable = answer.status === 503 || (answer.status === 409 && answer.body.code === 'conflict');
      if (!retryable || attempt === 10) return answer;
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    }
  }
  return {
    statuses,
    get: (path: string, token: string) => call('GET', path, token),
    post: (path: string, token: string, body: unknown) => call('POST', path, token, body),
  };
}
