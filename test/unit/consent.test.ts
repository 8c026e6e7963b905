import { describe, expect, it } from 'vitest';
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
    expect(dataCategories({ context: withoutTranscript })).toEqual(['topic', 'summary']);
    expect(dataCategories({ context, citizen: { nationalId: syntheticNationalId } })).toEqual(['topic', 'summary', 'transcript', 'identity']);
  });
});
