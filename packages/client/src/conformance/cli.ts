import { parseArgs } from 'node:util';
import { formatReport, runConformance } from './runner.ts';
import { startStandInBroker } from './stand-in-broker.ts';

const usage = `Usage: WEBHOOK_SECRET=whsec_… handoff-conformance --webhook <url> --org <orgnr> [options]

Plays the handoff broker against your bot's webhook endpoint and prints a pass/fail report.
Your bot calls the broker back while it runs: point its broker URL at the stand-in broker
this command starts (http://localhost:<listen>) before you run it.

  --webhook <url>      your bot's webhook endpoint
  --secret <whsec_…>   your bot's signing secret (better: WEBHOOK_SECRET in the environment,
                       which stays out of the process list and npm's echo of the command)
  --org <orgnr>        your agency's organisation number (9 digits)
  --bot <botId>        your bot's id in the directory (default: partner-bot)
  --listen <port>      the stand-in broker's port (default: 4010)
  --deadline <s>       seconds your bot has to accept or decline an offer (default: 30)
  --json               print the report as JSON`;

/** The command line: exit code 0 when every check passed, 1 when one failed, 2 when it could not run. */
export async function runCli(argv: string[], print: (text: string) => void = console.log, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        webhook: { type: 'string' },
        secret: { type: 'string' },
        org: { type: 'string' },
        bot: { type: 'string', default: 'partner-bot' },
        listen: { type: 'string', default: '4010' },
        deadline: { type: 'string', default: '30' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    print(`${error instanceof Error ? error.message : String(error)}\n\n${usage}`);
    return 2;
  }
  if (values.help) {
    print(usage);
    return 0;
  }
  const webhook = String(values.webhook ?? '');
  const secret = String(values.secret ?? env.WEBHOOK_SECRET ?? '');
  const org = String(values.org ?? '');
  const problems = [
    !/^https?:\/\//.test(webhook) && '--webhook must be an http(s) URL',
    !/^whsec_[A-Za-z0-9+/=]+$/.test(secret) && 'the secret (WEBHOOK_SECRET or --secret) must be whsec_ followed by base64',
    !/^\d{9}$/.test(org) && '--org must be a 9-digit organisation number',
    !/^\d{1,5}$/.test(String(values.listen)) && '--listen must be a port number',
    !(Number(values.deadline) > 0) && '--deadline must be a positive number of seconds',
  ].filter(Boolean);
  if (problems.length) {
    print(`${problems.join('\n')}\n\n${usage}`);
    return 2;
  }
  let broker: Awaited<ReturnType<typeof startStandInBroker>>;
  try {
    broker = await startStandInBroker({ orgNumber: org, botId: String(values.bot) }, { port: Number(values.listen) });
  } catch (error) {
    const busy = (error as NodeJS.ErrnoException).code === 'EADDRINUSE';
    print(
      busy
        ? `Port ${values.listen} is in use: stop what listens there, or pick another with --listen (and point your bot at it).`
        : `The stand-in broker could not start: ${String(error)}`,
    );
    return 2;
  }
  try {
    if (!values.json) print(`Stand-in broker on ${broker.url}; playing the broker against ${webhook} …\n`);
    const report = await runConformance({
      orgNumber: org,
      botId: String(values.bot),
      webhookUrl: webhook,
      secret,
      broker,
      offerDeadlineMs: Number(values.deadline) * 1000,
    });
    print(values.json ? JSON.stringify(report, null, 2) : formatReport(report));
    return report.passed ? 0 : 1;
  } finally {
    await broker.stop();
  }
}
