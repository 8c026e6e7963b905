import { describe, expect, it } from 'vitest';
import { findNationalIds } from '#contracts/identifiers';
import { consentIssues, dataCategories } from '#domain/consent';
import { syntheticNationalId, unemploymentQuestion } from '../support/fixtures.ts';

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

  it('finds an identity number typed into the summary or the transcript when the citizen has not consented to share it', () => {
    const spaced = `${syntheticNationalId.slice(0, 6)} ${syntheticNationalId.slice(6)}`;
    const issues = consentIssues(
      { shareTranscript: true, shareIdentity: false },
      {
        context: {
          summary: { text: `Citizen ${syntheticNationalId} asks about benefits`, containsPersonalData: true },
          transcript: [{ from: 'citizen', text: `my number is ${spaced}`, at: '2026-11-24T09:00:00Z' }, { from: 'bot', text: 'order 12345678901 shipped', at: '2026-11-24T09:00:01Z' }],
        },
      },
    );
    expect(issues.map((issue) => issue.path.join('.'))).toEqual(['context.summary.text', 'context.transcript.0.text']);
    expect(findNationalIds('order 12345678901 and phone 91234567')).toEqual([]);
    for (const separator of ['-', '.']) {
      expect(findNationalIds(`ref ${syntheticNationalId.slice(0, 6)}${separator}${syntheticNationalId.slice(6)}`)).toEqual([syntheticNationalId]);
    }
    expect(consentIssues({ shareTranscript: true, shareIdentity: true }, { context: { summary: { text: syntheticNationalId, containsPersonalData: true } } })).toEqual([]);
  });
});
