import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { org, testDirectory, unemploymentQuestion } from '../support/fixtures.ts';
import { patientPartner } from '../support/patient-partner.ts';
import { eventually, startTestRuntime, type TestRuntime } from '../support/test-runtime.ts';

/** The share of table calls that fail (throttled, or a transaction cancelled by a conflict), injected in the store adapter. */
const faultRate = 0.1;
const lifecycles = 12;

describe('a store that throttles and cancels transactions at random', () => {
  let broker: TestRuntime;
  let partner: ReturnType<typeof patientPartner>;

  beforeAll(async () => {
    broker = await startTestRuntime(testDirectory({}), { environment: { STORE_FAULT_RATE: String(faultRate), OFFER_TIMEOUT_SECONDS: '300' } });
    partner = patientPartner(broker);
  });

  afterAll(async () => {
    await broker?.stop();
  });

  it('loses nothing: every handoff a partner was told about is stored, ends where its parties took it, and is audited with a valid chain', async () => {
    const [oslo, nav] = [await broker.token(org.oslo), await broker.token(org.nav)];
    const ids: string[] = [];
    // Half go to NAV's bot, which polls here (no webhook) and takes them through its inbox; half are cancelled by the origin.
    await Promise.all(
      Array.from({ length: lifecycles }, async (_, index) => {
        const created = await partner.post('/v1/handoffs', oslo, unemploymentQuestion());
        expect(created.status, JSON.stringify(created.body)).toBe(201);
        const id = created.body.id as string;
        ids[index] = id;
        await eventually(async () => expect((await partner.get(`/v1/handoffs/${id}`, oslo)).body.status).toBe('offered'));
        if (index % 2 === 0) {
          expect((await partner.post(`/v1/handoffs/${id}/accept`, nav, {})).status).toBe(200);
          expect((await partner.post(`/v1/handoffs/${id}/complete`, nav, { resolution: 'resolved' })).status).toBe(200);
        } else {
          expect((await partner.post(`/v1/handoffs/${id}/cancel`, oslo, { reason: 'citizen_left' })).status).toBe(200);
        }
      }),
    );
    await broker.settle();

    const operator = await broker.issuer.issueStaffToken(org.nav, 'nav-ops');
    for (const [index, id] of ids.entries()) {
      const handoff = (await partner.get(`/v1/handoffs/${id}`, oslo)).body;
      expect(handoff.status).toBe(index % 2 === 0 ? 'completed' : 'cancelled');
      const verification = (await partner.get(`/v1/audit/transfers/${id}/verify`, operator)).body;
      expect(verification.valid, id).toBe(true);
    }
    // The audit projection has every transfer, in its final state.
    await eventually(async () => {
      const search = (await partner.get('/v1/audit/transfers?limit=200', operator)).body as { items: { handoffId: string; status: string }[] };
      const seen = new Map(search.items.map((item) => [item.handoffId, item.status]));
      for (const [index, id] of ids.entries()) expect(seen.get(id), id).toBe(index % 2 === 0 ? 'completed' : 'cancelled');
    });
    console.log(
      `store faults at ${faultRate * 100}% of table calls: ${lifecycles} lifecycles, partner answers ${JSON.stringify(partner.statuses)}, bus dead letters ${broker.bus.deadLetters.length}`,
    );
    expect(Object.keys(partner.statuses).filter((status) => Number(status) >= 500 && Number(status) !== 503)).toEqual([]);
    expect(broker.bus.deadLetters).toEqual([]);
  });
});
