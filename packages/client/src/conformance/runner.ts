import { randomUUID } from 'node:crypto';
import { signWebhook, type WebhookPayload } from '../webhooks.ts';
import { type BotUnderTest, handoffFor, messagePayload, moved, offeredPayload, statusChangedPayload } from './scenario-data.ts';
import type { RecordedCall, StandInBroker } from './stand-in-broker.ts';

export type ConformanceOptions = BotUnderTest & {
  /** The bot's webhook endpoint, as registered in the directory. */
  webhookUrl: string;
  /** The bot's signing secret, `whsec_…`. */
  secret: string;
  /** The stand-in broker the bot calls back (its broker URL must point there). */
  broker: StandInBroker;
  /** How long the bot has to accept or decline an offer (the offer's respondBy). */
  offerDeadlineMs?: number;
  /** How long an endpoint may take to answer one delivery, as the broker waits (10 s). */
  deliveryTimeoutMs?: number;
  /** How long the runner waits at the end for late calls (a bot acting on a refused delivery, a second accept). */
  settleMs?: number;
};

export type CheckResult = { name: string; passed: boolean; detail: string };
export type ConformanceReport = { passed: boolean; checks: CheckResult[] };

type Delivery = { status: number | null; error: string | null };

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const isSuccess = (delivery: Delivery) => delivery.status !== null && delivery.status >= 200 && delivery.status < 300;
const isRefusal = (delivery: Delivery) => delivery.status !== null && delivery.status >= 400 && delivery.status < 500;
const described = (delivery: Delivery) => (delivery.status === null ? `no answer (${delivery.error})` : `HTTP ${delivery.status}`);

/**
 * Plays the broker against a partner's webhook endpoint, the way the broker
 * delivers (Standard Webhooks, signed per attempt, the same webhook-id on a
 * retry), and checks what a bot must do to take part safely:
 *
 * 1. refuse a delivery with a bad signature, with no signature, or with a
 *    timestamp outside the window either way (4xx), and never act on one;
 * 2. answer an offer with 2xx within the delivery timeout, then accept or
 *    decline it before its respondBy;
 * 3. treat a redelivery (same webhook-id), right away and after it acted, as
 *    the same delivery: 2xx, and no call repeated under a new Idempotency-Key;
 * 4. take a cancel (status change) of an offer it holds, status changes and
 *    messages about handoffs it started, and a status change it cannot place,
 *    each with 2xx, and do nothing more with a cancelled handoff;
 * 5. call the API correctly: a bearer token for its own organisation, an
 *    Idempotency-Key on every POST, bodies the contract takes.
 */
export async function runConformance(options: ConformanceOptions): Promise<ConformanceReport> {
  const bot: BotUnderTest = { orgNumber: options.orgNumber, botId: options.botId };
  const deadlineMs = options.offerDeadlineMs ?? 30_000;
  const timeoutMs = options.deliveryTimeoutMs ?? 10_000;
  const { broker } = options;
  const checks: CheckResult[] = [];
  const check = (name: string, passed: boolean, detail: string) => checks.push({ name, passed, detail });

  async function deliver(payload: WebhookPayload, sign: { id?: string; secret?: string; ageSeconds?: number; unsigned?: boolean } = {}): Promise<Delivery> {
    const body = JSON.stringify(payload);
    const headers = sign.unsigned
      ? { 'content-type': 'application/json' }
      : signWebhook(sign.secret ?? options.secret, sign.id ?? `msg_${randomUUID()}`, Math.floor(Date.now() / 1000) - (sign.ageSeconds ?? 0), body);
    try {
      const response = await fetch(options.webhookUrl, { method: 'POST', headers, body, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
      await response.arrayBuffer();
      return { status: response.status, error: null };
    } catch (error) {
      return { status: null, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
    }
  }
  const callsFor = (handoffId: string): RecordedCall[] => broker.calls.filter((call) => call.handoffId === handoffId);
  /** Waits until the bot has made no call about this handoff for a while (or a few seconds have passed). */
  async function quiet(handoffId: string, forMs = 500, atMostMs = 5_000) {
    const until = Date.now() + atMostMs;
    while (Date.now() < until) {
      const last = callsFor(handoffId).at(-1)?.at ?? 0;
      if (Date.now() - last >= forMs) return;
      await pause(50);
    }
  }
  const decisions = (handoffId: string) => callsFor(handoffId).filter((call) => call.operationId === 'acceptHandoff' || call.operationId === 'declineHandoff');

  // 1. Deliveries a bot must refuse: each an offer it would otherwise act on.
  const refused: { name: string; handoffId: string; delivery: Delivery }[] = [];
  for (const [name, sign] of [
    ['refuses a bad signature', { secret: `whsec_${Buffer.from(randomUUID()).toString('base64')}` }],
    ['refuses a delivery without a signature', { unsigned: true }],
    ['refuses a stale timestamp (10 minutes old, correctly signed)', { ageSeconds: 600 }],
    ['refuses a timestamp from the future (10 minutes ahead, correctly signed)', { ageSeconds: -600 }],
  ] as const) {
    const respondBy = Date.now() + deadlineMs;
    const handoff = handoffFor(bot, 'receiver', 'offered', { respondBy });
    broker.put(handoff);
    refused.push({ name, handoffId: handoff.id, delivery: await deliver(offeredPayload(handoff, respondBy), sign) });
  }

  // 2 and 3. A real offer, delivered, then delivered again as a retry would be.
  const respondBy = Date.now() + deadlineMs;
  const offer = handoffFor(bot, 'receiver', 'offered', { respondBy });
  broker.put(offer);
  const offerPayload = offeredPayload(offer, respondBy);
  const offerId = `msg_${randomUUID()}`;
  const started = Date.now();
  const first = await deliver(offerPayload, { id: offerId });
  const answeredInMs = Date.now() - started;
  const retry = await deliver(offerPayload, { id: offerId });
  check('answers an offer with 2xx within the delivery timeout', isSuccess(first), `${described(first)} after ${answeredInMs} ms`);
  check('answers a redelivery (the same webhook-id) with 2xx', isSuccess(retry), described(retry));
  while (Date.now() < respondBy && decisions(offer.id).length === 0) await pause(50);
  const decision = decisions(offer.id)[0];
  check(
    'accepts or declines the offer before its respondBy',
    decision !== undefined && decision.at <= respondBy && decision.status < 300,
    decision ? `${decision.operationId} after ${decision.at - started} ms, answered ${decision.status}` : `no accept or decline within ${deadlineMs} ms`,
  );
  // Once the bot has acted, the broker's last retry of the same delivery arrives: it must change nothing.
  await quiet(offer.id);
  const lateRetry = await deliver(offerPayload, { id: offerId });

  // 4. A cancel of an offer the bot holds; news about handoffs the bot started; a change it cannot place.
  const cancelRespondBy = Date.now() + deadlineMs;
  const cancelled = handoffFor(bot, 'receiver', 'offered', { respondBy: cancelRespondBy });
  const afterCancel = moved(cancelled, 'cancelled', 'citizen_left');
  // The citizen leaves while the offer is on its way: the broker answers a late accept with 409, and the cancel follows.
  broker.put(afterCancel);
  const cancelledOffer = await deliver(offeredPayload(cancelled, cancelRespondBy));
  const cancel = await deliver(statusChangedPayload(afterCancel, 'offered'));
  check(
    'answers the cancel of an offer it holds with 2xx',
    isSuccess(cancelledOffer) && isSuccess(cancel),
    `offer ${described(cancelledOffer)}, cancel ${described(cancel)}`,
  );

  const own = handoffFor(bot, 'origin', 'accepted', { version: 4 });
  broker.put(own);
  const ownAccepted = await deliver(statusChangedPayload(own, 'offered'));
  const ownMessage = await deliver(messagePayload(own, 'Hei! Dette er mottakeren. Jeg tar det herfra.'));
  const ownCompleted = await deliver(statusChangedPayload(moved(own, 'completed', 'resolved'), 'accepted'));
  check(
    'answers status changes and messages about a handoff it started with 2xx',
    [ownAccepted, ownMessage, ownCompleted].every(isSuccess),
    `accepted ${described(ownAccepted)}, message ${described(ownMessage)}, completed ${described(ownCompleted)}`,
  );
  const stranger = handoffFor(bot, 'origin', 'completed', { version: 6 });
  const unknown = await deliver(statusChangedPayload(stranger, 'accepted'));
  check('answers a status change about a handoff it does not know with 2xx (never 5xx)', isSuccess(unknown), described(unknown));

  // Late calls: a bot acting on a refused delivery, or deciding twice, does so now at the latest.
  await pause(options.settleMs ?? 2_000);

  // The refusals are reported first, in the order they were sent.
  checks.unshift(
    ...refused.map(({ name, handoffId, delivery }) => {
      const acted = callsFor(handoffId);
      const detail = acted.length
        ? `${described(delivery)}, and then it called ${acted.map((call) => call.operationId ?? call.path).join(', ')}`
        : described(delivery);
      return { name, passed: isRefusal(delivery) && acted.length === 0, detail };
    }),
  );
  // Acting again on a redelivery shows as the same call (operation and body) sent under a new Idempotency-Key.
  const actions = new Map<string, Set<string | null>>();
  for (const call of callsFor(offer.id).filter((candidate) => candidate.method === 'POST')) {
    const action = `${call.operationId} ${call.body}`;
    actions.set(action, (actions.get(action) ?? new Set()).add(call.idempotencyKey));
  }
  const repeated = [...actions].filter(([, keys]) => keys.size > 1).map(([action]) => action.split(' ')[0]);
  const decisionKeys = new Set(decisions(offer.id).map((call) => call.idempotencyKey));
  check(
    'acts once on a redelivered offer (the same webhook-id, right away and after it acted): 2xx, and no call repeated under a new Idempotency-Key',
    isSuccess(lateRetry) && decisionKeys.size === 1 && repeated.length === 0,
    !isSuccess(lateRetry)
      ? `the late redelivery got ${described(lateRetry)}`
      : decisionKeys.size === 0
        ? 'no decision at all'
        : repeated.length
          ? `repeated under new keys: ${[...new Set(repeated)].join(', ')}`
          : `${callsFor(offer.id).length} call(s) about the offer, none repeated`,
  );
  const afterCancelCalls = callsFor(cancelled.id).filter(
    (call) => call.operationId !== 'getHandoff' && call.operationId !== 'acceptHandoff' && call.operationId !== 'declineHandoff',
  );
  check(
    'does nothing more with a cancelled handoff (its accept answered 409)',
    afterCancelCalls.length === 0,
    afterCancelCalls.length
      ? `called ${afterCancelCalls.map((call) => call.operationId ?? call.path).join(', ')} for it`
      : 'no call for it but a decision, which the broker refused',
  );
  const faults = broker.calls.flatMap((call) => call.faults.map((fault) => `${call.method} ${call.path}: ${fault}`));
  check(
    'calls the API correctly (its own bearer token, an Idempotency-Key on every POST, bodies the contract takes)',
    broker.calls.length > 0 && faults.length === 0,
    faults.length ? [...new Set(faults)].join(' | ') : `${broker.calls.length} call(s), all well-formed`,
  );

  return { passed: checks.every((result) => result.passed), checks };
}

/** The report as a person reads it: one line per check, then the verdict. */
export function formatReport(report: ConformanceReport): string {
  const lines = report.checks.map((result) => `${result.passed ? '✔' : '✘'} ${result.name}\n    ${result.detail}`);
  const failed = report.checks.filter((result) => !result.passed).length;
  lines.push(report.passed ? `PASS: all ${report.checks.length} checks passed` : `FAIL: ${failed} of ${report.checks.length} checks failed`);
  return lines.join('\n');
}
