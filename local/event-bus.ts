import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FunctionId } from '#platform/functions';
import type { EventPattern } from '#contracts/events';
import type { RuleDeclaration } from '#platform/rules';
import { matchesPattern } from './event-pattern.ts';

export type BusEvent = {
  version: '0';
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: unknown;
};

/** Where a rule sends what it matched: a function, or another bus (a cross-account target in the cloud). */
export type BusTarget = FunctionId | { busArn: string };

export type BusDeadLetter = { rule: string; target: BusTarget; event: BusEvent; error: string };

/** A rule whose target is another bus: the agency-bus routes of the directory. */
export type ForwardRule = { id: string; pattern: EventPattern; busArn: string };

type PutEventsEntry = { Source?: string; DetailType?: string; Detail?: string; EventBusName?: string; Time?: number | string; Resources?: string[] };

/** EventBridge's limit on one entry; larger events are refused, as in the cloud. */
const maxEntryBytes = 256 * 1024;

export type LocalEventBusOptions = {
  busName: string;
  /** Which names and ARNs PutEvents may name; by default the bus's own name, or an ARN ending in it. */
  serves?: (eventBusName: string) => boolean;
  rules: Record<string, RuleDeclaration>;
  invoke: (target: FunctionId, event: BusEvent) => Promise<unknown>;
  forwards?: ForwardRule[];
  /** Puts a matched event on another bus, as EventBridge does for a rule whose target is a bus. */
  forward?: (busArn: string, event: BusEvent) => Promise<void>;
  /** Attempts per target before the event goes to the dead-letter list (the cloud's retry policy + DLQ). */
  attempts?: number;
  retryDelayMs?: number;
  onEvent?: (event: BusEvent, eventBusName: string) => void;
  onDeadLetter?: (letter: BusDeadLetter) => void;
  /**
   * Where deliveries not yet done are kept across a crash. EventBridge holds
   * an accepted event until its targets have it (retrying for up to a day);
   * an in-memory bus would lose them with the process, after the stream poller
   * had already moved past them. Absent: in memory only.
   */
  journalDir?: string | undefined;
};

type Delivery = { rule: string; target: BusTarget; event: BusEvent };

/**
 * A local EventBridge bus: serves the PutEvents API (AWS JSON 1.1) on
 * loopback for the real SDK client, keeps an archive, and delivers each event
 * to the targets of every rule whose pattern matches, with retries and a
 * dead-letter list.
 */
export async function startLocalEventBus(options: LocalEventBusOptions) {
  const attempts = options.attempts ?? 3;
  const retryDelayMs = options.retryDelayMs ?? 200;
  const archive: BusEvent[] = [];
  const deadLetters: BusDeadLetter[] = [];
  const pending = new Set<Promise<void>>();

  if (options.journalDir) mkdirSync(options.journalDir, { recursive: true });
  const journalPath = (delivery: Delivery) => join(options.journalDir!, `${delivery.event.id}.${delivery.rule}.json`);
  /** Written before PutEvents answers, removed once the target has the event (or it was dead-lettered). */
  const journal = (delivery: Delivery) => {
    if (options.journalDir) writeFileSync(journalPath(delivery), JSON.stringify(delivery));
  };
  const settle = (delivery: Delivery) => {
    if (options.journalDir) rmSync(journalPath(delivery), { force: true });
  };

  function schedule(delivery: Delivery) {
    const running = deliver(delivery.rule, delivery.target, delivery.event)
      .then(() => settle(delivery))
      .finally(() => pending.delete(running));
    pending.add(running);
  }

  async function deliver(rule: string, target: BusTarget, event: BusEvent) {
    let lastError = '';
    for (let attempt = 1; attempt <= attempts; attempt += 1) {
      try {
        if (typeof target === 'string') await options.invoke(target, event);
        else if (options.forward) await options.forward(target.busArn, event);
        else throw new Error(`no way to reach bus ${target.busArn}`);
        return;
      } catch (error) {
        lastError = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        if (attempt < attempts) await new Promise((resolve) => setTimeout(resolve, retryDelayMs * 2 ** (attempt - 1)));
      }
    }
    const letter = { rule, target, event, error: lastError };
    deadLetters.push(letter);
    options.onDeadLetter?.(letter);
  }

  function accept(entry: PutEventsEntry): { EventId: string } | { ErrorCode: string; ErrorMessage: string } {
    const eventBusName = entry.EventBusName ?? 'default';
    const serves = options.serves ?? ((name: string) => name === options.busName || name.endsWith(`:event-bus/${options.busName}`));
    if (!serves(eventBusName)) {
      return { ErrorCode: 'ResourceNotFoundException', ErrorMessage: `Event bus ${entry.EventBusName} does not exist.` };
    }
    if (!entry.Source || !entry.DetailType || !entry.Detail) {
      return { ErrorCode: 'InvalidArgument', ErrorMessage: 'Source, DetailType and Detail are required.' };
    }
    const size = Buffer.byteLength(entry.Source) + Buffer.byteLength(entry.DetailType) + Buffer.byteLength(entry.Detail);
    if (size > maxEntryBytes) return { ErrorCode: 'EntryTooLarge', ErrorMessage: `Entry of ${size} bytes exceeds 256 KB.` };
    let detail: unknown;
    try {
      detail = JSON.parse(entry.Detail);
    } catch {
      return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is not valid JSON.' };
    }
    const time = entry.Time === undefined ? new Date() : new Date(typeof entry.Time === 'number' ? entry.Time * 1000 : entry.Time);
    const event: BusEvent = {
      version: '0',
      id: randomUUID(),
      'detail-type': entry.DetailType,
      source: entry.Source,
      account: '000000000000',
      time: time.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      region: 'eu-north-1',
      resources: entry.Resources ?? [],
      detail,
    };
    archive.push(event);
    options.onEvent?.(event, eventBusName);
    const deliveries = [
      ...Object.entries(options.rules)
        .filter(([, rule]) => matchesPattern(rule.pattern, event))
        .map(([name, rule]): Delivery => ({ rule: name, target: rule.target, event })),
      ...(options.forwards ?? [])
        .filter((rule) => matchesPattern(rule.pattern, event))
        .map((rule): Delivery => ({ rule: rule.id, target: { busArn: rule.busArn }, event })),
    ];
    deliveries.forEach(journal);
    deliveries.forEach(schedule);
    return { EventId: event.id };
  }

  async function handle(request: IncomingMessage, response: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const target = request.headers['x-amz-target'];
    const reply = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
      response.end(JSON.stringify(body));
    };
    if (request.method !== 'POST' || target !== 'AWSEvents.PutEvents') {
      return reply(400, { __type: 'UnknownOperationException', message: `the local bus serves PutEvents only, not ${target}` });
    }
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { Entries?: PutEventsEntry[] };
    const entries = (body.Entries ?? []).map(accept);
    reply(200, { Entries: entries, FailedEntryCount: entries.filter((entry) => 'ErrorCode' in entry).length });
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      response.writeHead(500, { 'content-type': 'application/x-amz-json-1.1' });
      response.end(JSON.stringify({ __type: 'InternalException', message: String(error) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    archive,
    deadLetters,
    /**
     * Hands the deliveries a previous run accepted but did not finish to their
     * targets (at least once, as in the cloud). Called once the functions can run.
     */
    resumeJournal() {
      if (!options.journalDir) return;
      for (const file of readdirSync(options.journalDir)
        .filter((name) => name.endsWith('.json'))
        .sort()) {
        try {
          schedule(JSON.parse(readFileSync(join(options.journalDir, file), 'utf8')) as Delivery);
        } catch {
          // A file cut short by the crash itself was never acknowledged to the stream poller, which delivers its event again.
          rmSync(join(options.journalDir, file), { force: true });
        }
      }
    },
    /** Resolves when every delivery under way has finished (tests use it to wait for quiet). */
    async drain() {
      while (pending.size) await Promise.allSettled([...pending]);
    },
    get busy() {
      return pending.size > 0;
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type LocalEventBus = Awaited<ReturnType<typeof startLocalEventBus>>;
