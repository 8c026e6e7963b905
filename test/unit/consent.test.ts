import { describe, expect, it } from 'vitest';
import { findNationalIds, nationalIdRedaction, redactNationalIds } from '#contracts/identifiers';
import { consentIssues, dataCategories, screenContent } from '#domain/consent';
import { syntheticDNumber, syntheticNationalId, unemploymentQuestion } from '../support/fixtures.ts';

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
    expect(consentIssues({ shareTranscript: true, shareIdentity: false }, content).map((issue) => issue.path.join('.'))).toEqual([
      'citizen.nationalId',
    ]);
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
  const fullWidth = (digits: string) => [...digits].map((digit) => String.fromCharCode(0xff10 + Number(digit))).join('');
  const spellings: Record<string, (digits: string) => string> = {
    plain: (digits) => digits,
    hyphen: (digits) => `${digits.slice(0, 6)}-${digits.slice(6)}`,
    dot: (digits) => `${digits.slice(0, 6)}.${digits.slice(6)}`,
    'no-break space': (digits) => `${digits.slice(0, 6)}\u00a0${digits.slice(6)}`,
    'two spaces': (digits) => `${digits.slice(0, 6)}  ${digits.slice(6)}`,
    groups: (digits) => `${digits.slice(0, 6)} ${digits.slice(6, 9)} ${digits.slice(9)}`,
    'date dots': (digits) => `${digits.slice(0, 2)}.${digits.slice(2, 4)}.${digits.slice(4, 6)} ${digits.slice(6)}`,
    'en dash': (digits) => `${digits.slice(0, 6)}–${digits.slice(6)}`,
    slash: (digits) => `${digits.slice(0, 6)}/${digits.slice(6)}`,
    'full-width digits': fullWidth,
    'zero-width spaces': (digits) => [...digits].join('\u200b'),
    'thin spaces in pairs': (digits) => digits.replace(/(\d\d)(?=\d)/g, '$1\u2009'),
    'Arabic-Indic digits': (digits) => [...digits].map((digit) => String.fromCharCode(0x660 + Number(digit))).join(''),
  };
  it.each(Object.entries(spellings))('finds a fødselsnummer and a D-number written with %s', (_name, spell) => {
    for (const digits of [id, dNumber]) {
      expect(findNationalIds(`nr: ${spell(digits)}, takk`)).toEqual([digits]);
      expect(redactNationalIds(`nr: ${spell(digits)}, takk`).text).toBe(`nr: ${nationalIdRedaction}, takk`);
    }
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
