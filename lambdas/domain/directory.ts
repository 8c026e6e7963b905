import { topicEntries, type AgencyConfig, type BotConfig, type DirectoryConfig, type DirectoryView } from '#contracts/directory';
import type { TopicCode } from '#contracts/topics';
import type { BotRef } from './handoff.ts';

/** The validated directory with the look-ups routing and access checks need. */
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

  bot(ref: BotRef): BotConfig | undefined {
    return this.agency(ref.orgNumber)?.bots.find((bot) => bot.id === ref.botId);
  }

  municipality(municipalityNumber: string): AgencyConfig | undefined {
    return this.agencies.find((agency) => agency.kind === 'municipality' && agency.municipalityNumber === municipalityNumber);
  }

  /** Agencies (other than municipalities) that take handoffs about a national topic. */
  responsibleFor(topic: TopicCode): AgencyConfig[] {
    return this.agencies.filter((agency) => agency.kind !== 'municipality' && agency.responsibleFor.includes(topic));
  }

  agencyName(orgNumber: string): string {
    return this.agency(orgNumber)?.name ?? orgNumber;
  }

  /** What partners may read: no webhook addresses. */
  view(): DirectoryView {
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
          delivery: bot.webhookUrl ? ('webhook' as const) : ('inbox' as const),
        })),
      })),
    };
  }
}
