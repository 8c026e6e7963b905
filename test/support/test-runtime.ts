import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBrokerClient, type BrokerCalls as BrokerClient } from '@handoff-broker/client';
import type { DirectoryConfigInput } from '#contracts/directory';
import { startRuntime, type Runtime, type RuntimeOptions } from '#local/runtime';
import { contractCheckedFetch } from './contract-validator.ts';

export type TestRuntime = Runtime & {
  /** A typed client acting as the agency with this organisation number. */
  as(orgNumber: string, scopes?: string[]): BrokerClient;
  token(orgNumber: string, scopes?: string[]): Promise<string>;
  /** A typed client acting as a member of staff (an adviser or an operator) of an agency. */
  asStaff(orgNumber: string, adviserId: string): BrokerClient;
  /** Raw HTTP against the broker, for requests a typed client would never send. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** Answers to the clients and `fetch` above that did not fit the published contract; `stop` fails when there are any. */
  contractViolations: string[];
};

/** Tests assert the broker's exact answers (a 429, a 503), so their clients make one attempt; the client's retries have their own tests. */
const noRetries = { attempts: 1 };

/** Boots the real embedded runtime on a free port against a directory written for the test. */
export async function startTestRuntime(
  directory: DirectoryConfigInput,
  options: Partial<Pick<RuntimeOptions, 'environment' | 'sweepIntervalMs' | 'dataDir' | 'onEvent' | 'webhookSecrets'>> = {},
): Promise<TestRuntime> {
  const directoryFile = join(mkdtempSync(join(tmpdir(), 'handoff-directory-')), 'directory.json');
  writeFileSync(directoryFile, JSON.stringify(directory));
  const runtime = await startRuntime({
    port: 0,
    directoryFile,
    sweepIntervalMs: options.sweepIntervalMs ?? 250,
    environment: { WEBHOOK_ATTEMPTS: '3', WEBHOOK_BACKOFF_MS: '50', WEBHOOK_TIMEOUT_MS: '2000', ...options.environment },
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.onEvent ? { onEvent: options.onEvent } : {}),
    ...(options.webhookSecrets ? { webhookSecrets: options.webhookSecrets } : {}),
  });
  const token = (orgNumber: string, scopes?: string[]) => runtime.issuer.issueToken(orgNumber, scopes);
  const contractViolations: string[] = [];
  const checkedFetch = contractCheckedFetch(contractViolations);
  const stopRuntime = runtime.stop.bind(runtime);
  return Object.assign(runtime, {
    token,
    as: (orgNumber: string, scopes?: string[]) =>
      createBrokerClient({ baseUrl: runtime.url, token: () => token(orgNumber, scopes), fetch: checkedFetch, retry: noRetries }),
    asStaff: (orgNumber: string, adviserId: string) =>
      createBrokerClient({ baseUrl: runtime.url, token: () => runtime.issuer.issueStaffToken(orgNumber, adviserId), fetch: checkedFetch, retry: noRetries }),
    fetch: (path: string, init?: RequestInit) => checkedFetch(new URL(path, runtime.url), init),
    contractViolations,
    async stop() {
      await stopRuntime();
      // Every answer the test read went through the contract check: one that did not fit fails the file here.
      if (contractViolations.length) throw new Error(`answers that do not fit contracts/openapi.json:\n${[...new Set(contractViolations)].join('\n')}`);
    },
  });
}

/** Retries an assertion until it passes or the time is up; the last failure is what the test reports. */
export async function eventually<T>(check: () => Promise<T> | T, timeoutMs = 60_000, intervalMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }
}
