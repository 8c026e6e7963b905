/**
 * Verifies a transfer's audit log with the broker's own chain rules, on this
 * machine: fetched from the audit API, or from a timeline saved earlier.
 *
 *   npm run audit:verify -- <handoffId> --url http://localhost:3000 --token <operator token>
 *   npm run audit:verify -- --file timeline.json
 *
 * Exit code 0: the chain is whole and unaltered; 1: it is not (the first bad
 * entry is named); 2: it could not be checked.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { TransferTimeline } from '../contracts/audit.ts';
import { verifyChain } from '../lambdas/domain/audit-chain.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { url: { type: 'string' }, token: { type: 'string' }, file: { type: 'string' } },
});

async function timelineFrom(): Promise<unknown> {
  if (values.file) return JSON.parse(readFileSync(values.file, 'utf8'));
  const [handoffId] = positionals;
  if (!handoffId || !values.url || !values.token) throw new Error('give a handoff id with --url and --token, or --file');
  const response = await fetch(new URL(`/v1/audit/transfers/${encodeURIComponent(handoffId)}`, values.url), {
    headers: { authorization: `Bearer ${values.token}` },
  });
  if (!response.ok) throw new Error(`the broker answered ${response.status}: ${await response.text()}`);
  return response.json();
}

try {
  const timeline = TransferTimeline.parse(await timelineFrom());
  const result = verifyChain(timeline.entries, timeline.verification.head);
  if (result.valid) {
    console.log(`valid: handoff ${timeline.transfer.handoffId}, ${result.entries} entries, head ${timeline.verification.head}`);
    process.exit(0);
  }
  console.log(
    `BROKEN: handoff ${timeline.transfer.handoffId}: entry ${result.broken!.seq} (position ${result.broken!.position}) ${result.broken!.problem}: ${result.broken!.detail}`,
  );
  process.exit(1);
} catch (error) {
  console.error(`cannot verify: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(2);
}
