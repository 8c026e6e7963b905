import { randomUUID } from 'node:crypto';
import type { Schemas } from '../client.ts';
import { platformStatesTable } from '../generated/platform-states.ts';
import { contractErrors } from './contract.ts';

type HandoffDetail = Schemas['HandoffDetail'];
type Status = Schemas['HandoffStatus'];

/** The bot under test, as the runner's directory would list it. */
export type BotUnderTest = { orgNumber: string; botId: string };

/** A made-up agency on the other side of every handoff the runner plays. */
const counterpart = { orgNumber: '910000001', agencyName: 'Conformance kommune', botId: 'conformance-bot' } as const;

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * A handoff as the broker would show it to the bot under test: offered to
 * it (it receives), or started by it (it is the origin), with a consented
 * summary and transcript, typed by the contract and checked against it.
 */
export function handoffFor(
  bot: BotUnderTest,
  role: 'receiver' | 'origin',
  status: Status,
  options: { id?: string; respondBy?: number | null; version?: number } = {},
): HandoffDetail {
  const now = Date.now();
  const self = { orgNumber: bot.orgNumber, agencyName: 'The agency under test', botId: bot.botId };
  const origin = role === 'receiver' ? counterpart : self;
  const assignee = role === 'receiver' ? self : counterpart;
  const handoff: HandoffDetail = {
    id: options.id ?? randomUUID(),
    status,
    statusReason: status === 'cancelled' ? 'citizen_left' : status === 'completed' ? 'resolved' : null,
    version: options.version ?? 3,
    createdAt: iso(now - 2_000),
    updatedAt: iso(now),
    origin: { orgNumber: origin.orgNumber, agencyName: origin.agencyName, botId: origin.botId, conversationId: `conformance-${randomUUID().slice(0, 8)}` },
    target: { kind: 'topic' },
    assignee: { kind: 'bot', orgNumber: assignee.orgNumber, agencyName: assignee.agencyName, botId: assignee.botId, botName: assignee.botId },
    reason: 'out_of_scope',
    topic: 'unemployment-benefit',
    language: 'nb',
    consent: { shareTranscript: true, shareIdentity: false, reference: 'conformance-consent' },
    respondBy: options.respondBy === undefined || options.respondBy === null ? null : iso(options.respondBy),
    priority: 'normal',
    flags: [],
    queue: null,
    callback: null,
    sharing: { categories: ['topic', 'summary', 'transcript'], identityNumbersRemoved: 0 },
    citizenGuidance: {
      handledBy: { kind: 'bot', agencyName: assignee.agencyName, name: assignee.botId },
      humanAvailableNow: false,
      estimatedWaitSeconds: null,
      nextOpening: null,
      interpreterNeeded: false,
      options: ['wait', 'stay_with_bot'],
      contact: null,
      crisis: null,
      message: { nb: 'Du blir sendt videre.', en: 'You are being passed on.' },
    },
    platformStates: platformStatesTable.bot[status],
    context: {
      summary: { text: 'A conformance run: the citizen asks how to apply for unemployment benefit.', containsPersonalData: false },
      transcript: [{ from: 'citizen', text: 'Hvordan søker jeg dagpenger?', at: iso(now - 60_000) }],
    },
  };
  return checked('HandoffDetail', handoff);
}

export function offeredPayload(handoff: HandoffDetail, respondBy: number): Schemas['HandoffOfferedWebhook'] {
  return checked('HandoffOfferedWebhook', { type: 'handoff.offered', timestamp: iso(Date.now()), data: { handoff, respondBy: iso(respondBy) } });
}

export function statusChangedPayload(handoff: HandoffDetail, from: Status | null): Schemas['HandoffStatusChangedWebhook'] {
  const transition = { seq: handoff.version, from, to: handoff.status, at: handoff.updatedAt, statusReason: handoff.statusReason };
  return checked('HandoffStatusChangedWebhook', { type: 'handoff.status_changed', timestamp: iso(Date.now()), data: { transition, handoff } });
}

export function messagePayload(handoff: HandoffDetail, text: string): Schemas['HandoffMessageWebhook'] {
  const at = new Date();
  const message: Schemas['Message'] = {
    id: `${at.toISOString()}~${randomUUID().slice(0, 8)}`,
    handoffId: handoff.id,
    from: 'bot',
    orgNumber: counterpart.orgNumber,
    adviserName: null,
    text,
    at: at.toISOString(),
  };
  return checked('HandoffMessageWebhook', { type: 'handoff.message', timestamp: iso(Date.now()), data: { message } });
}

/** The same handoff after a move, as the broker would answer the call that made it. */
export function moved(handoff: HandoffDetail, status: Status, statusReason: Schemas['StatusReason'] | null): HandoffDetail {
  return checked('HandoffDetail', {
    ...handoff,
    status,
    statusReason,
    version: handoff.version + 1,
    updatedAt: iso(Date.now()),
    respondBy: null,
    platformStates: platformStatesTable.bot[status],
  });
}

/** The runner's own output must fit the contract: a payload that does not is the runner's bug, never the bot's. */
function checked<T>(schemaName: string, value: T): T {
  const errors = contractErrors(schemaName, value);
  if (errors.length) throw new Error(`conformance runner bug: its ${schemaName} does not fit the contract: ${errors.join('; ')}`);
  return value;
}
