import type { ContextPart, AdviserConfig, AgencyConfig, BotConfig, DirectoryConfig, DirectoryView, QueueConfig } from '#contracts/directory';
import { topicEntries, type TopicCode } from '#contracts/topics';
import type { AssigneeRef, BotRef, QueueKey } from './handoff.ts';

type AgencyView = DirectoryView['agencies'][number];
/** The directory view without what changes with the clock: each queue's availability and the agency's humans. */
export type StaticDirectoryView = Omit<DirectoryView, 'agencies'> & {
  agencies: (Omit<AgencyView, 'queues' | 'humans'> & { queues: Omit<AgencyView['queues'][number], 'availability'>[] })[];
};

/** The validated directory with the look-ups routing, access checks and the desk need. */
export class Directory {
  readonly #agencies: Map<string, AgencyConfig>;

  constructor(readonly config: DirectoryConfig) {
    this.#agencies = new Map(config.agencies.map((agency) => [agency.orgNumber, agency]));
  }

  get agencies(): AgencyConfig[] {
    return this.config.agencies;
  }

  agency(orgNumber: string): AgencyConfig | undefined {
    return this.#agencies.get(orgNumber);
  }

  bot(ref: Pick<BotRef, 'orgNumber' | 'botId'>): BotConfig | undefined {
    return this.agency(ref.orgNumber)?.bots.find((bot) => bot.id === ref.botId);
  }

  queue(ref: QueueKey): QueueConfig | undefined {
    return this.agency(ref.orgNumber)?.queues.find((queue) => queue.id === ref.queueId);
  }

  adviser(orgNumber: string, adviserId: string): AdviserConfig | undefined {
    return this.agency(orgNumber)?.advisers.find((adviser) => adviser.id === adviserId);
  }

  /** What a member of an agency's staff may be, by the directory: an adviser, an operator, both, or neither. */
  staffRolesOf(orgNumber: string, personId: string): ('adviser' | 'operator')[] {
    const agency = this.agency(orgNumber);
    return [
      ...(agency?.advisers.some((adviser) => adviser.id === personId) ? (['adviser'] as const) : []),
      ...(agency?.operators.some((operator) => operator.id === personId) ? (['operator'] as const) : []),
    ];
  }

  /** The advisers rostered on a queue: on duty whenever the queue is open. */
  advisersOn(ref: QueueKey): AdviserConfig[] {
    return this.agency(ref.orgNumber)?.advisers.filter((adviser) => adviser.queues.includes(ref.queueId)) ?? [];
  }

  municipality(municipalityNumber: string): AgencyConfig | undefined {
    return this.agencies.find((agency) => agency.kind === 'municipality' && agency.municipalityNumber === municipalityNumber);
  }

  /** Agencies (other than municipalities) that take handoffs about a national topic. */
  responsibleFor(topic: TopicCode): AgencyConfig[] {
    return this.agencies.filter((agency) => agency.kind !== 'municipality' && agency.responsibleFor.includes(topic));
  }

  /** What a bot or queue takes besides the summary (everything, unless its entry says otherwise; nothing for one the directory no longer lists). */
  accepts(ref: AssigneeRef): ContextPart[] {
    return (ref.kind === 'bot' ? this.bot(ref) : this.queue(ref))?.accepts ?? [];
  }

  agencyName(orgNumber: string): string {
    return this.agency(orgNumber)?.name ?? orgNumber;
  }

  /**
   * What partners may read (no webhook addresses, no adviser roster) that does not change with the clock;
   * `directoryAt` (use-cases/read-directory.ts) adds each queue's availability.
   */
  view(): StaticDirectoryView {
    return {
      topics: topicEntries(),
      agencies: this.agencies.map((agency) => ({
        orgNumber: agency.orgNumber,
        name: agency.name,
        kind: agency.kind,
        ...(agency.municipalityNumber ? { municipalityNumber: agency.municipalityNumber } : {}),
        responsibleFor: agency.responsibleFor,
        contact: agency.contact,
        bots: agency.bots.map((bot) => ({
          id: bot.id,
          name: bot.name,
          topics: bot.topics,
          languages: bot.languages,
          delivery: bot.webhookUrl
            ? ('webhook' as const)
            : bot.eventBusArn
              ? ('eventBus' as const)
              : bot.openFloor
                ? ('openFloor' as const)
                : ('inbox' as const),
        })),
        queues: agency.queues.map((queue) => ({
          id: queue.id,
          name: queue.name,
          topics: queue.skills.topics,
          languages: queue.skills.languages,
          openingHours: queue.openingHours,
        })),
      })),
    };
  }
}
