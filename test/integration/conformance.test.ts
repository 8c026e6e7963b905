import { execFile } from 'node:child_process';
import { generateKeyPair, SignJWT } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { runConformance, startStandInBroker, type ConformanceReport } from '@handoff-broker/client/conformance';
import { freePort } from '#local/free-port';
import { startMunicipalBot } from '../../examples/municipal-bot.ts';
import { startWelfareBot } from '../../examples/welfare-bot.ts';
import { startCarelessBot, startForgetfulBot } from '../support/careless-bot.ts';

/**
 * The conformance runner plays the broker against real webhook endpoints
 * over real HTTP: the two example bots pass it, and a bot that skips the
 * signature check and acts on every redelivery fails it, on the checks it
 * gets wrong and no others.
 */
const nav = { orgNumber: '889640782', botId: 'frida' };
const oslo = { orgNumber: '958935420', botId: 'kommune-kari' };
const secret = `whsec_${Buffer.from('conformance-test-secret-0123456789').toString('base64')}`;
const binary = new URL('../../packages/client/bin/conformance.mjs', import.meta.url).pathname;

const { privateKey } = await generateKeyPair('ES256');
/** A Maskinporten-shaped token naming the organisation, as a partner's bot would hold. */
const tokenFor = (orgNumber: string) => () =>
  new SignJWT({ consumer: { authority: 'iso6523-actorid-upis', ID: `0192:${orgNumber}` }, scope: 'handoffs:write handoffs:read' })
    .setProtectedHeader({ alg: 'ES256' })
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(privateKey);

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const failed = (report: ConformanceReport) => report.checks.filter((check) => !check.passed).map((check) => check.name);

function runBinary(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [binary, ...args], { timeout: 120_000, env: { ...process.env, ...env } }, (error, stdout) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout });
    });
  });
}

describe('the conformance runner', () => {
  it('passes the example welfare bot on every check', async () => {
    const broker = await startStandInBroker(nav);
    const bot = await startWelfareBot({ port: 0, brokerUrl: broker.url, secret, token: tokenFor(nav.orgNumber), say: () => undefined });
    cleanups.push(broker.stop, bot.stop);
    const report = await runConformance({ ...nav, webhookUrl: bot.webhookUrl, secret, broker });
    expect(failed(report)).toEqual([]);
    expect(report.checks.length).toBeGreaterThanOrEqual(10);
    // It accepted the real offer and greeted the citizen, and the stand-in answered each call as the broker would.
    expect(broker.calls.map((call) => `${call.operationId} ${call.status}`)).toEqual(
      expect.arrayContaining(['acceptHandoff 200', 'postMessage 201', 'acceptHandoff 409']),
    );
  });

  it('passes the example municipal bot, which declines an offer outside its topics', async () => {
    const broker = await startStandInBroker(oslo);
    const bot = await startMunicipalBot({ port: 0, brokerUrl: broker.url, secret, token: tokenFor(oslo.orgNumber), tellCitizen: () => undefined });
    cleanups.push(broker.stop, bot.stop);
    const report = await runConformance({ ...oslo, webhookUrl: bot.webhookUrl, secret, broker });
    expect(failed(report)).toEqual([]);
    expect(broker.calls.some((call) => call.operationId === 'declineHandoff' && call.status === 200)).toBe(true);
  });

  it('fails a bot that trusts unsigned, forged and stale deliveries and acts again on a redelivery', async () => {
    const broker = await startStandInBroker(nav);
    const bot = await startCarelessBot({ brokerUrl: broker.url, token: tokenFor(nav.orgNumber) });
    cleanups.push(broker.stop, bot.stop);
    const report = await runConformance({ ...nav, webhookUrl: bot.webhookUrl, secret, broker });
    expect(report.passed).toBe(false);
    expect(failed(report).sort()).toEqual(
      [
        'refuses a bad signature',
        'refuses a delivery without a signature',
        'refuses a stale timestamp (10 minutes old, correctly signed)',
        'refuses a timestamp from the future (10 minutes ahead, correctly signed)',
        'acts once on a redelivered offer (the same webhook-id, right away and after it acted): 2xx, and no call repeated under a new Idempotency-Key',
      ].sort(),
    );
  });

  it('fails a bot that verifies deliveries but acts again on a redelivered offer', async () => {
    const broker = await startStandInBroker(nav);
    const bot = await startForgetfulBot({ brokerUrl: broker.url, secret, token: tokenFor(nav.orgNumber) });
    cleanups.push(broker.stop, bot.stop);
    const report = await runConformance({ ...nav, webhookUrl: bot.webhookUrl, secret, broker, settleMs: 500 });
    expect(failed(report)).toEqual([
      'acts once on a redelivered offer (the same webhook-id, right away and after it acted): 2xx, and no call repeated under a new Idempotency-Key',
    ]);
    expect(report.checks.find((check) => check.name.startsWith('acts once'))?.detail).toContain('repeated under new keys: postMessage');
  });

  it('fails a bot that calls with a bearer token that is not a JWT', async () => {
    const broker = await startStandInBroker(nav);
    const bot = await startWelfareBot({ port: 0, brokerUrl: broker.url, secret, token: async () => 'undefined', say: () => undefined });
    cleanups.push(broker.stop, bot.stop);
    const report = await runConformance({ ...nav, webhookUrl: bot.webhookUrl, secret, broker, settleMs: 500 });
    expect(report.checks.find((check) => check.name.startsWith('calls the API'))?.detail).toContain('not a JWT');
  });

  it('fails a bot that calls with another agency’s token', async () => {
    const broker = await startStandInBroker(nav);
    const bot = await startWelfareBot({ port: 0, brokerUrl: broker.url, secret, token: tokenFor(oslo.orgNumber), say: () => undefined });
    cleanups.push(broker.stop, bot.stop);
    const report = await runConformance({ ...nav, webhookUrl: bot.webhookUrl, secret, broker, settleMs: 500 });
    expect(failed(report)).toContain('calls the API correctly (its own bearer token, an Idempotency-Key on every POST, bodies the contract takes)');
    expect(report.checks.find((check) => check.name.startsWith('calls the API'))?.detail).toContain(`names organisation ${oslo.orgNumber}`);
  });

  it('runs from the command line (as `npm run conformance` and `npx handoff-conformance` do): exit 0 and PASS for a good bot, exit 1 and FAIL for a careless one', async () => {
    const goodPort = await freePort();
    const good = await startWelfareBot({ port: 0, brokerUrl: `http://localhost:${goodPort}`, secret, token: tokenFor(nav.orgNumber), say: () => undefined });
    const carelessPort = await freePort();
    const careless = await startCarelessBot({ brokerUrl: `http://localhost:${carelessPort}`, token: tokenFor(nav.orgNumber) });
    cleanups.push(good.stop, careless.stop);
    const common = ['--org', nav.orgNumber, '--bot', nav.botId];
    const [passing, failing] = await Promise.all([
      runBinary(['--webhook', good.webhookUrl, '--listen', String(goodPort), ...common], { WEBHOOK_SECRET: secret }),
      runBinary(['--webhook', careless.webhookUrl, '--listen', String(carelessPort), '--secret', secret, ...common]),
    ]);
    expect(passing.stdout).toContain('PASS: all');
    expect(passing.code).toBe(0);
    expect(failing.stdout).toMatch(/✘ refuses a bad signature/);
    expect(failing.stdout).toMatch(/FAIL: 5 of \d+ checks failed/);
    expect(failing.code).toBe(1);
    const usage = await runBinary(['--webhook', 'not-a-url']);
    expect(usage.code).toBe(2);
    expect(usage.stdout).toContain('--webhook must be an http(s) URL');
    // The port the stand-in broker wants is taken (here by the good bot's webhook): a sentence and exit 2, not a stack trace.
    const busy = await runBinary(['--webhook', good.webhookUrl, '--listen', new URL(good.webhookUrl).port, ...common], { WEBHOOK_SECRET: secret });
    expect(busy.code).toBe(2);
    expect(busy.stdout).toContain('is in use');
  });
});
