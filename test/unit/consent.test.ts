import { describe, expect, it } from 'vitest';
import { findNationalIds, nationalIdRedaction, redactNationalIds } from '#contracts/identifiers';
import { DirectoryConfig } from '#contracts/directory';
import { consentIssues, dataCategories, forReceiver, screenContent } from '#domain/consent';
import { Directory } from '#domain/directory';
import { handoffDetail } from '#domain/handoff-views';
import { openHandoff } from '#domain/use-cases/open-handoff';
import { domainWorld, partner } from '../support/domain-world.ts';
import { spellings } from '../support/identity-numbers.ts';
import { org, syntheticDNumber, syntheticNationalId, testDirectory, unemploymentQuestion } from '../support/fixtures.ts';

const { context } = unemploymentQuestion();

describe('consent and data minimisation', () => {
  it('lets the transcript and a personal summary cross only with consent to share the conversation', () => {
    const issues = consentIssues(
      { shareTranscript: false, shareIdentity: false },
      { context: { ...context, summary: { text: 'Kari Nordmann, 34, lost her job', containsPersonalData: true } } },
    );
    expect(issues.map((issue) => issue.path.join('.'))).toEqual(['context.transcript', 'context.summary.containsPersonalData']);
    expect(consentIssues({ shareTranscript: true, shareIdentity: false }, { context })).toEqual([]);
  });

  it('lets a national identity number cross only with identity consent', () => {
    const content = { context, citizen: { nationalId: syntheticNationalId } };
    expect(consentIssues({ shareTranscript: true, shareIdentity: false }, content).map((issue) => issue.path.join('.'))).toEqual(['citizen.nationalId']);
    expect(consentIssues({ shareTranscript: true, shareIdentity: true }, content)).toEqual([]);
  });

  it('names the categories of data that reach the receiving agency', () => {
    const { transcript: _transcript, ...withoutTranscript } = context;
    expect(dataCategories({ context: withoutTranscript }, 'bot')).toEqual(['topic', 'summary']);
    expect(dataCategories({ context, citizen: { nationalId: syntheticNationalId } }, 'bot')).toEqual(['topic', 'summary', 'transcript', 'identity']);
    const contact = { channel: 'sms' as const, phone: '+47 912 34 567' };
    expect(dataCategories({ context, citizen: { contact } }, 'queue')).toEqual(['topic', 'summary', 'transcript', 'contact']);
    expect(dataCategories({ context, citizen: { contact } }, 'bot')).not.toContain('contact');
  });

  it('takes identity numbers out of the summary and transcript when the citizen has not consented to share their identity, instead of refusing', () => {
    const spaced = `${syntheticNationalId.slice(0, 6)} ${syntheticNationalId.slice(6)}`;
    const content = {
      context: {
        summary: { text: `Citizen ${syntheticNationalId} asks about benefits`, containsPersonalData: true },
        transcript: [
          { from: 'citizen' as const, text: `my number is ${spaced}`, at: '2026-11-24T09:00:00Z' },
          { from: 'bot' as const, text: 'order 12345678901 shipped', at: '2026-11-24T09:00:01Z' },
        ],
      },
    };
    expect(consentIssues({ shareTranscript: true, shareIdentity: false }, content)).toEqual([]);
    const screened = screenContent({ shareTranscript: true, shareIdentity: false }, content);
    expect(screened.redacted).toBe(2);
    expect(screened.content.context.summary.text).toBe(`Citizen ${nationalIdRedaction} asks about benefits`);
    expect(screened.content.context.transcript!.map((message) => message.text)).toEqual([`my number is ${nationalIdRedaction}`, 'order 12345678901 shipped']);
    expect(screenContent({ shareTranscript: true, shareIdentity: true }, content)).toEqual({ content, redacted: 0 });
  });
});

describe('identity numbers in free text', () => {
  const id = syntheticNationalId;
  const dNumber = syntheticDNumber;
  it.each(Object.entries(spellings))('finds a fødselsnummer and a D-number written with %s', (_name, spell) => {
    for (const digits of [id, dNumber]) {
      expect(findNationalIds(`nr: ${spell(digits)}, takk`)).toEqual([digits]);
      expect(redactNationalIds(`nr: ${spell(digits)}, takk`).text).toBe(`nr: ${nationalIdRedaction}, takk`);
    }
  });
  it('never makes a text longer, and covers overlapping numbers with one marker', () => {
    const text = `${id}${dNumber} og ${id.slice(0, 6)} ${id.slice(6)}`;
    const redacted = redactNationalIds(text);
    expect(redacted.text.length).toBeLessThanOrEqual(text.length);
    expect(findNationalIds(redacted.text)).toEqual([]);
    expect(nationalIdRedaction.length).toBeLessThan(11);
  });

  it('leaves numbers alone that are not identity numbers: wrong check digits, phone and order numbers, longer digit runs', () => {
    expect(findNationalIds('order 12345678901 and phone 91234567')).toEqual([]);
    expect(findNationalIds(`account 9${id}`)).toEqual([]);
    expect(findNationalIds('+47 912 34 567')).toEqual([]);
  });
  it('finds a number right after another one written with a separator', () => {
    expect(findNationalIds(`tlf 91234567, ${id}`)).toEqual([id]);
  });
});

describe('what a receiver takes', () => {
  const content = { context: { ...context, attributes: { municipalityNumber: '0301' } }, citizen: { nationalId: syntheticNationalId } };

  it('gives a receiver only the parts its directory entry takes, and always the summary', () => {
    const given = forReceiver(content, ['attributes']);
    expect(given.context.summary).toEqual(content.context.summary);
    expect(given.context.transcript).toBeUndefined();
    expect(given.context.attributes).toEqual({ municipalityNumber: '0301' });
    expect(given.citizen?.nationalId).toBeUndefined();
    expect(forReceiver(content, ['transcript', 'identity', 'attributes'])).toEqual(content);
  });

  it('takes identity numbers out of the free text for a receiver that does not take identity, whatever the consent', () => {
    const withNumber = {
      context: {
        summary: { text: `Citizen ${syntheticNationalId}`, containsPersonalData: true },
        transcript: [{ from: 'citizen' as const, text: syntheticNationalId, at: '2026-11-24T08:00:00Z' }],
      },
    };
    const given = forReceiver(withNumber, ['transcript']);
    expect(given.context.summary.text).toBe(`Citizen ${nationalIdRedaction}`);
    expect(given.context.transcript![0]!.text).toBe(nationalIdRedaction);
    expect(forReceiver(withNumber, ['transcript', 'identity'])).toEqual(withNumber);
  });

  it('counts only what crossed in the categories the audit and the origin’s receipt name', () => {
    expect(dataCategories(content, 'bot', [])).toEqual(['topic', 'summary']);
    expect(dataCategories(content, 'bot', ['identity'])).toEqual(['topic', 'summary', 'identity']);
    expect(dataCategories(content, 'bot')).toEqual(['topic', 'summary', 'transcript', 'identity']);
  });

  it('opens a handoff to a bot that takes only the summary: the receipt says so, and the bot is given nothing else', async () => {
    const config = testDirectory({});
    const nav = config.agencies.find((agency) => agency.orgNumber === org.nav)!;
    nav.bots = nav.bots.map((bot) => (bot.id === 'frida' ? { ...bot, accepts: [] } : bot));
    const { deps } = domainWorld();
    const world = { ...deps, directory: new Directory(DirectoryConfig.parse(config)) };
    const view = await openHandoff(world, partner(org.oslo), unemploymentQuestion());
    expect(view.sharing).toEqual({ categories: ['topic', 'summary'], identityNumbersRemoved: 0 });
    const stored = (await world.store.get(view.id))!;
    const given = handoffDetail(stored, await world.store.getContent(view.id), world.directory, { orgNumber: org.nav, adviser: false });
    expect(given.context?.transcript).toBeUndefined();
    const origin = handoffDetail(stored, await world.store.getContent(view.id), world.directory, { orgNumber: org.oslo, adviser: false });
    expect(origin.context?.transcript).toHaveLength(3);
  });

  it('filters for an adviser also when the agency hands a conversation to its own queue', async () => {
    const config = testDirectory({});
    const nav = config.agencies.find((agency) => agency.orgNumber === org.nav)!;
    nav.queues = nav.queues!.map((queue) => ({ ...queue, accepts: [] }));
    const { deps } = domainWorld();
    const world = { ...deps, directory: new Directory(DirectoryConfig.parse(config)) };
    const view = await openHandoff(
      world,
      partner(org.nav),
      unemploymentQuestion({ origin: { botId: 'frida', conversationId: 'own-queue' }, target: { kind: 'queue', orgNumber: org.nav, queueId: 'work' } }),
    );
    expect(view.sharing.categories).toEqual(['topic', 'summary']);
    const stored = (await world.store.get(view.id))!;
    const content = await world.store.getContent(view.id);
    expect(handoffDetail(stored, content, world.directory, { orgNumber: org.nav, adviser: true }).context?.transcript).toBeUndefined();
    expect(handoffDetail(stored, content, world.directory, { orgNumber: org.nav, adviser: false }).context?.transcript).toHaveLength(3);
  });
});
