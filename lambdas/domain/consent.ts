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
  return issues;
}

/** The categories of data that reach the receiving agency for this content. */
export function dataCategories(content: HandoffContent): DataCategory[] {
  return [
    'topic',
    'summary',
    ...(content.context.transcript?.length ? (['transcript'] as const) : []),
    ...(content.citizen?.nationalId ? (['identity'] as const) : []),
  ];
}
