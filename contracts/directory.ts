import { z } from 'zod';
import { BotId, LanguageTag, LocalizedText, MunicipalityNumber, OrgNumber, Topic } from './common.ts';
import { AgencyContact } from './handoff.ts';
import { topicCodes, topicTaxonomy } from './topics.ts';

export const AgencyKind = z.enum(['state', 'municipality']).meta({ id: 'AgencyKind' });

export const BotConfig = z
  .strictObject({
    id: BotId,
    name: z.string().min(1).max(100),
    webhookUrl: z
      .url({ protocol: /^https?$/ })
      .optional()
      .describe('Where offers are pushed (Standard Webhooks). Without it the bot polls GET /v1/inbox.'),
    topics: z.array(Topic).describe('Topics the bot can take over.'),
    languages: z.array(LanguageTag).min(1),
  })
  .meta({ id: 'BotConfig' });

export const AgencyConfig = z
  .strictObject({
    orgNumber: OrgNumber,
    name: z.string().min(1).max(200),
    kind: AgencyKind,
    municipalityNumber: MunicipalityNumber.optional(),
    responsibleFor: z.array(Topic).describe('Topics this agency takes handoffs about.'),
    contact: AgencyContact,
    bots: z.array(BotConfig),
  })
  .superRefine((agency, ctx) => {
    if (agency.kind === 'municipality' && !agency.municipalityNumber) {
      ctx.addIssue({ code: 'custom', path: ['municipalityNumber'], message: 'a municipality needs its municipality number' });
    }
    const seen = new Set<string>();
    agency.bots.forEach((bot, index) => {
      if (seen.has(bot.id)) ctx.addIssue({ code: 'custom', path: ['bots', index, 'id'], message: `duplicate bot id ${bot.id}` });
      seen.add(bot.id);
    });
  })
  .meta({ id: 'AgencyConfig' });

/** The directory file: which agencies take part, their bots and what they handle. */
export const DirectoryConfig = z
  .strictObject({
    $schema: z.string().optional(),
    agencies: z.array(AgencyConfig).min(1),
  })
  .superRefine((directory, ctx) => {
    const orgNumbers = new Set<string>();
    const municipalities = new Set<string>();
    directory.agencies.forEach((agency, index) => {
      if (orgNumbers.has(agency.orgNumber)) {
        ctx.addIssue({ code: 'custom', path: ['agencies', index, 'orgNumber'], message: `duplicate organisation number ${agency.orgNumber}` });
      }
      orgNumbers.add(agency.orgNumber);
      if (agency.municipalityNumber) {
        if (municipalities.has(agency.municipalityNumber)) {
          ctx.addIssue({
            code: 'custom',
            path: ['agencies', index, 'municipalityNumber'],
            message: `two agencies claim municipality ${agency.municipalityNumber}`,
          });
        }
        municipalities.add(agency.municipalityNumber);
      }
    });
  })
  .meta({ id: 'DirectoryConfig' });
export type DirectoryConfig = z.infer<typeof DirectoryConfig>;
export type AgencyConfig = z.infer<typeof AgencyConfig>;
export type BotConfig = z.infer<typeof BotConfig>;

export const TopicEntry = z
  .strictObject({ code: Topic, scope: z.enum(['national', 'municipal']), label: LocalizedText })
  .meta({ id: 'TopicEntry' });

/** What partners may read of the directory: no webhook addresses. */
export const DirectoryView = z
  .strictObject({
    topics: z.array(TopicEntry),
    agencies: z.array(
      z.strictObject({
        orgNumber: OrgNumber,
        name: z.string(),
        kind: AgencyKind,
        municipalityNumber: MunicipalityNumber.optional(),
        responsibleFor: z.array(Topic),
        contact: AgencyContact,
        bots: z.array(
          z.strictObject({
            id: BotId,
            name: z.string(),
            topics: z.array(Topic),
            languages: z.array(LanguageTag),
            delivery: z.enum(['webhook', 'inbox']),
          }),
        ),
      }),
    ),
  })
  .meta({ id: 'Directory' });
export type DirectoryView = z.infer<typeof DirectoryView>;

export const topicEntries = (): z.infer<typeof TopicEntry>[] =>
  topicCodes.map((code) => ({
    code,
    scope: topicTaxonomy[code].scope,
    label: { nb: topicTaxonomy[code].nb, en: topicTaxonomy[code].en },
  }));
