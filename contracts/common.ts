import * as z from 'zod';
import { isLanguageTag, isValidNationalId, isValidOrgNumber } from './identifiers.ts';
import { topicCodes } from './topics.ts';

export const OrgNumber = /* @__PURE__ */ z
  .string()
  .regex(/^\d{9}$/, 'an organisation number has nine digits')
  .refine(isValidOrgNumber, 'the check digit of this organisation number does not match (mod 11)')
  .meta({ id: 'OrgNumber', description: 'Norwegian organisation number (9 digits).', examples: ['889640782'] });

export const MunicipalityNumber = /* @__PURE__ */ z
  .string()
  .regex(/^\d{4}$/, 'a municipality number has four digits')
  .meta({ id: 'MunicipalityNumber', description: 'Kommunenummer (4 digits).', examples: ['0301'] });

export const NationalId = /* @__PURE__ */ z.string().refine(isValidNationalId, 'not a valid national identity number (fødselsnummer or D-number)').meta({
  id: 'NationalId',
  description: 'Fødselsnummer or D-number (11 digits, two mod-11 check digits). Crosses only with identity consent.',
});

export const LanguageTag = /* @__PURE__ */ z
  .string()
  .min(2)
  .max(35)
  .refine(isLanguageTag, 'not a BCP 47 language tag')
  .meta({ id: 'LanguageTag', description: 'BCP 47 language tag.', examples: ['nb', 'ro', 'en-GB'] });

export const Topic = /* @__PURE__ */ z.enum(topicCodes).meta({ id: 'Topic', description: 'A topic from the shared taxonomy.' });

export const BotId = /* @__PURE__ */ z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lower-case letters, digits and hyphens')
  .meta({ id: 'BotId', description: "A bot's id, unique within its agency.", examples: ['frida'] });

export const QueueId = /* @__PURE__ */ z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lower-case letters, digits and hyphens')
  .meta({ id: 'QueueId', description: "A human queue's id, unique within its agency.", examples: ['work'] });

export const AdviserId = /* @__PURE__ */ z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,62}$/, 'lower-case letters, digits, dots, hyphens and underscores')
  .meta({ id: 'AdviserId', description: "An adviser's id at their agency (a staff identifier, not a national identity number).", examples: ['nav-ana'] });

export const HandoffId = /* @__PURE__ */ z.uuid().meta({ id: 'HandoffId', description: 'Handoff id (UUID), assigned by the broker.' });

export const Timestamp = /* @__PURE__ */ z.iso.datetime({ offset: true }).meta({ id: 'Timestamp', description: 'RFC 3339 date-time.' });

export const LocalizedText = /* @__PURE__ */ z
  .strictObject({ nb: z.string(), en: z.string() })
  .meta({ id: 'LocalizedText', description: 'The same text in Norwegian Bokmål and English.' });

export const EventBusArn = /* @__PURE__ */ z
  .string()
  .regex(
    /^arn:aws[a-z-]*:events:[a-z]{2}(-[a-z]+)+-\d:\d{12}:event-bus\/[A-Za-z0-9._/-]{1,256}$/,
    'an EventBridge event bus ARN: arn:aws:events:<region>:<account>:event-bus/<name>',
  )
  .meta({
    id: 'EventBusArn',
    description: 'An EventBridge event bus, usually in the agency’s own account.',
    examples: ['arn:aws:events:eu-north-1:111122223333:event-bus/nav-handoffs'],
  });

/** Any absolute URI (tag:, urn:, https: …): OFP speaker ids need not resolve. */
export const SpeakerUri = /* @__PURE__ */ z
  .string()
  .max(2048)
  .regex(/^[a-zA-Z][a-zA-Z0-9+.-]*:\S+$/, 'a URI (scheme:rest), e.g. tag:nav.no,2026:frida')
  .meta({ id: 'OpenFloorSpeakerUri', description: 'A speaker’s persistent identity on the floor: any URI, usually a tag: URI.' });

export const DataCategory = /* @__PURE__ */ z
  .enum(['topic', 'summary', 'transcript', 'identity', 'contact'])
  .meta({ id: 'DataCategory', description: 'contact: the citizen’s phone or e-mail, given to a human queue for a callback.' });
export type DataCategory = z.infer<typeof DataCategory>;
