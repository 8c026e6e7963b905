export type RetryPolicy = {
  /** Attempts per call, the first included. */
  attempts: number;
  /** The first retry waits about this long; each later one twice as long, with up to 20 % jitter. */
  backoffMs: number;
  /** No wait is longer than this, whatever Retry-After asks. */
  maxDelayMs: number;
  sleep: (ms: number) => Promise<void>;
};

export const defaultRetryPolicy: RetryPolicy = {
  attempts: 3,
  backoffMs: 250,
  maxDelayMs: 10_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** Answers worth another attempt with the same Idempotency-Key: the broker did not act, or will answer a retry with what it did. */
export function shouldRetry(status: number, problemCode: string): boolean {
  if (status === 409) return problemCode === 'conflict';
  return status === 408 || status === 429 || status === 500 || status === 502 || status === 503 || status === 504;
}

/** How long to wait before the next attempt: what Retry-After asks (seconds or an HTTP date), else exponential backoff. */
export function retryDelayMs(policy: Pick<RetryPolicy, 'backoffMs' | 'maxDelayMs'>, attempt: number, retryAfter: string | null, now = Date.now()): number {
  let delay: number | undefined;
  if (retryAfter !== null && retryAfter.trim() !== '') {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds) && seconds >= 0) delay = seconds * 1000;
    else {
      const date = Date.parse(retryAfter);
      if (!Number.isNaN(date)) delay = Math.max(0, date - now);
    }
  }
  if (delay === undefined) {
    const base = policy.backoffMs * 2 ** (attempt - 1);
    delay = base + Math.floor(Math.random() * base * 0.2);
  }
  return Math.min(delay, policy.maxDelayMs);
}
