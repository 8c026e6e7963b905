/**
 * Lists the webhooks to your agency's bots that the broker gave up on, and
 * sends them again.
 *
 *   npm run dead-letters -- --url http://localhost:3000 --token <operator token>              # list
 *   npm run dead-letters -- --url … --token … --redrive                                       # send all again
 *   npm run dead-letters -- --url … --token … --redrive <messageId> [<messageId> …]           # send these again
 *
 * Exit code 0: nothing left undelivered (or only listed); 1: some failed again; 2: the broker could not be asked.
 */
import { parseArgs } from 'node:util';
import { DeadLetterPage, maxRedrivePerRequest, RedriveResult } from '../contracts/operations.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { url: { type: 'string' }, token: { type: 'string' }, redrive: { type: 'boolean', default: false } },
});

async function call(path: string, init: RequestInit = {}): Promise<unknown> {
  const response = await fetch(new URL(path, values.url), {
    ...init,
    headers: { authorization: `Bearer ${values.token}`, 'content-type': 'application/json', ...init.headers },
  });
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${path}: the broker answered ${response.status}: ${await response.text()}`);
  return response.json();
}

const redrive = async (messageIds?: string[]) =>
  RedriveResult.parse(await call('/v1/ops/dead-letters/redrive', { method: 'POST', body: JSON.stringify(messageIds ? { messageIds } : {}) }));

try {
  if (!values.url || !values.token) throw new Error('give --url and --token (an operator’s token)');
  const { items } = DeadLetterPage.parse(await call('/v1/ops/dead-letters?limit=100'));
  console.log(`${items.length} undelivered webhook(s)`);
  for (const letter of items)
    console.log(
      `  ${letter.at}  ${letter.kind.padEnd(7)} ${letter.bot.orgNumber}/${letter.bot.botId}  ${letter.messageId}  (${letter.attempts} attempts: ${letter.lastError})`,
    );
  if (!values.redrive) process.exit(0);

  let failed = 0;
  const wanted = positionals.length ? positionals : undefined;
  // A few per request, until none are left or a round makes no progress (everything it tried failed again).
  for (let round = 0; ; round += 1) {
    const batch = wanted ? wanted.slice(round * maxRedrivePerRequest, (round + 1) * maxRedrivePerRequest) : undefined;
    if (wanted && !batch!.length) break;
    const result = await redrive(batch);
    if (!result.items.length) break;
    for (const item of result.items) console.log(`  ${item.outcome.padEnd(9)} ${item.messageId}`);
    failed += result.items.filter((item) => item.outcome === 'failed').length;
    if (!wanted && (result.remaining === 0 || result.items.every((item) => item.outcome === 'failed'))) break;
  }
  console.log(failed ? `${failed} failed again and are listed again` : 'every webhook sent again or no longer needed');
  process.exit(failed ? 1 : 0);
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(2);
}
