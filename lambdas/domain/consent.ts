import { findNationalIds } from '#contracts/identifiers';
import type { Consent } from '#contracts/handoff';
import type { DataCategory } from '#contracts/events';
import type { FieldIssue } from './errors.ts';
import type { HandoffContent } from './handoff.ts';

/**
 * Data minimisation at the door: the broker refuses content the citizen has
 * not agreed to share, so everything it holds may go to the receiving agency.
 */
export function consentIssues(consent: Consent, content: HandoffContent): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (!consent.shareTranscript && content.context.transcript !== undefined) {
    issues.push({ path: ['context', 'transcript'], message: 'the citizen has not consented to share the transcript (consent.shareTranscript is false)' });
  }
  if (!consent.shareTranscript && content.context.summary.containsPersonalData) {
    issues.push({
      path: ['context', 'summary', 'containsPersonalData'],
      message: 'without consent to share the conversation, only a summary free of personal data may cross',
    });
  }
  if (!consent.shareIdentity && content.citizen?.nationalId !== undefined) {
    issues.push({ path: ['citizen', 'nationalId'], message: 'the citizen has not consented to share their identity (consent.shareIdentity is false)' });
  }
  if (!consent.shareIdentity) {
    // An identity number typed into the conversation is still an identity number.
    const texts: [(string | number)[], string][] = [
      [['context', 'summary', 'text'], content.context.summary.text],
      ...(content.context.transcript ?? []).map((message, index): [(string | number)[], string] => [['context', 'transcript', index, 'text'], message.text]),
    ];
    for (const [path, text] of texts) {
      if (findNationalIds(text).length) issues.push({ path, message: 'contains a national identity number, but the citizen has not consented to share their identity' });
    }
  }
  return issues;
}

/**
 * The categories of data that reach the receiving side for this content. A
 * callback's contact details go to a human queue only; a bot never sees them.
 */
export function dataCategories(content: HandoffContent, recipient: 'bot' | 'queue'): DataCategory[] {
  return [
    'topic',
    'summary',
    ...(content.context.transcript?.length ? (['transcript'] as const) : []),
    ...(content.citizen?.nationalId ? (['identity'] as const) : []),
    ...(recipient === 'queue' && content.citizen?.contact ? (['contact'] as const) : []),
  ];
}
