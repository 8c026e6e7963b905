import { randomUUID } from 'node:crypto';
import type { CreateHandoffRequest } from '#contracts/handoff';
import { buildingPermitQuestion, org } from './fixtures.ts';
import { eventually, type TestRuntime } from './test-runtime.ts';

/** What one trial saw: the statuses answered, whether the invariant held, and why not. */
export type TrialResult = { held: boolean; statuses: Record<number, number>; problem: string | null };

function histogram(statuses: number[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const status of statuses) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
}

type Json = Record<string, unknown>;

async function post(runtime: TestRuntime, token: string, path: string, body: unknown, idempotencyKey: string = randomUUID()) {
  const response = await runtime.fetch(path, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', body: text ? (JSON.parse(text) as Json) : {} };
}

async function read(runtime: TestRuntime, token: string, path: string): Promise<Json> {
  const response = await runtime.fetch(path, { headers: { authorization: `Bearer ${token}` } });
  return (await response.json()) as Json;
}

/** An offer waiting in Trondheim's inbox (its bot polls), so the trial decides who answers it. */
async function freshOffer(runtime: TestRuntime, navToken: string, trondheimToken: string, request: CreateHandoffRequest = buildingPermitQuestion('5001')) {
  const created = await post(runtime, navToken, '/v1/handoffs', request);
  if (created.status !== 201) throw new Error(`create answered ${created.status}: ${JSON.stringify(created.body)}`);
  const id = created.body.id as string;
  await eventually(async () => {
    const handoff = await read(runtime, trondheimToken, `/v1/handoffs/${id}`);
    if (handoff.status !== 'offered') throw new Error(`still ${String(handoff.status)}`);
  });
  return id;
}

/** Every refusal in a race must be a problem a partner can act on: 409 (lost the race) or 503 (retry), never a bare 500. */
const badAnswers = (answers: { status: number; contentType: string }[]) =>
  answers.filter((answer) => answer.status >= 500 && !(answer.status === 503 && answer.contentType.startsWith('application/problem+json')));

/** N concurrent accepts of one fresh offer: exactly one wins, every other is told it lost (409). */
export async function concurrentAccepts(runtime: TestRuntime, contenders = 100): Promise<TrialResult> {
  const [nav, trondheim] = await Promise.all([runtime.token(org.nav), runtime.token(org.trondheim)]);
  const id = await freshOffer(runtime, nav, trondheim);
  const answers = await Promise.all(Array.from({ length: contenders }, () => post(runtime, trondheim, `/v1/handoffs/${id}/accept`, {})));
  const statuses = histogram(answers.map((answer) => answer.status));
  const won = answers.filter((answer) => answer.status === 200).length;
  const lost = answers.filter((answer) => answer.status === 409).length;
  const final = await read(runtime, trondheim, `/v1/handoffs/${id}`);
  const problem =
    won !== 1
      ? `${won} accepts won`
      : lost !== contenders - 1
        ? `${contenders - 1 - lost} losers were not told 409 (${JSON.stringify(statuses)})`
        : final.status !== 'accepted'
          ? `ended ${String(final.status)}`
          : null;
  return { held: problem === null, statuses, problem };
}

/**
 * Accepts, declines (by the target) and cancels (by the origin) of one offer,
 * all at once: at most one of accept or decline wins, nothing answers 5xx,
 * and the stored state is where the winners' answers say it is, with an audit
 * chain that verifies.
 */
export async function mixedActions(runtime: TestRuntime, each = 10): Promise<TrialResult> {
  const [nav, trondheim] = await Promise.all([runtime.token(org.nav), runtime.token(org.trondheim)]);
  const id = await freshOffer(runtime, nav, trondheim);
  const attempts = [
    ...Array.from({ length: each }, () => ({ kind: 'accept', run: () => post(runtime, trondheim, `/v1/handoffs/${id}/accept`, {}) })),
    ...Array.from({ length: each }, () => ({ kind: 'decline', run: () => post(runtime, trondheim, `/v1/handoffs/${id}/decline`, { reason: 'no_capacity' }) })),
    ...Array.from({ length: each }, () => ({ kind: 'cancel', run: () => post(runtime, nav, `/v1/handoffs/${id}/cancel`, { reason: 'citizen_left' }) })),
  ].sort(() => Math.random() - 0.5);
  const answers = await Promise.all(attempts.map(async (attempt) => ({ kind: attempt.kind, ...(await attempt.run()) })));
  const statuses = histogram(answers.map((answer) => answer.status));
  const winners = answers.filter((answer) => answer.status === 200);
  const fail = (problem: string): TrialResult => ({ held: false, statuses, problem });
  if (badAnswers(answers).length) return fail(`answered ${JSON.stringify(statuses)}`);
  if (answers.some((answer) => answer.status !== 200 && answer.status !== 409)) return fail(`unexpected statuses ${JSON.stringify(statuses)}`);
  const targetWins = winners.filter((answer) => answer.kind !== 'cancel');
  if (targetWins.length > 1) return fail(`${targetWins.length} of accept/decline won`);
  if (winners.filter((answer) => answer.kind === 'cancel').length > 1) return fail('two cancels won');
  await runtime.settle();
  const final = await read(runtime, nav, `/v1/handoffs/${id}`);
  const latest = winners.reduce<Json | undefined>(
    (last, answer) => (!last || (answer.body.version as number) > (last.version as number) ? answer.body : last),
    undefined,
  );
  // A decline is followed by the router's own move (reroute or fallback); otherwise the last winner's answer is the stored state.
  const settledAfterDecline = latest?.status === 'declined' && ['fallback', 'routed', 'offered', 'cancelled'].includes(final.status as string);
  if (latest && final.status !== latest.status && !settledAfterDecline)
    return fail(`stored ${String(final.status)}, last winner said ${String(latest.status)}`);
  const operator = await runtime.issuer.issueStaffToken(org.nav, 'nav-ops');
  const verification = await read(runtime, operator, `/v1/audit/transfers/${id}/verify`);
  if (verification.valid !== true) return fail(`audit chain does not verify: ${JSON.stringify(verification.broken)}`);
  return { held: true, statuses, problem: null };
}

/** A burst of identical creates under one Idempotency-Key makes one handoff, and every answer names it. */
export async function identicalCreates(runtime: TestRuntime, burst = 20): Promise<TrialResult> {
  const nav = await runtime.token(org.nav);
  const key = `race-${randomUUID()}`;
  const request = buildingPermitQuestion('5001');
  const answers = await Promise.all(Array.from({ length: burst }, () => post(runtime, nav, '/v1/handoffs', request, key)));
  const statuses = histogram(answers.map((answer) => answer.status));
  const ids = new Set(answers.filter((answer) => answer.status === 201).map((answer) => answer.body.id as string));
  const fail = (problem: string): TrialResult => ({ held: false, statuses, problem });
  if (badAnswers(answers).length) return fail(`answered ${JSON.stringify(statuses)}`);
  if (answers.some((answer) => answer.status !== 201 && answer.status !== 409 && answer.status !== 503))
    return fail(`unexpected statuses ${JSON.stringify(statuses)}`);
  if (ids.size !== 1) return fail(`${ids.size} handoffs made`);
  // A retry after a 409 or 503 gets the one handoff, as the contract promises.
  const retry = await post(runtime, nav, '/v1/handoffs', request, key);
  if (retry.status !== 201 || retry.body.id !== [...ids][0]) return fail(`a retry answered ${retry.status} ${String(retry.body.id)}`);
  return { held: true, statuses, problem: null };
}

export const raceTrials = { concurrentAccepts, mixedActions, identicalCreates } as const;
