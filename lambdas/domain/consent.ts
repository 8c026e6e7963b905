import { redactNationalIds } from '#contracts/identifiers';
import type { Consent, Summary } from '#contracts/handoff';
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

/** Free text as it may cross: without identity consent, identity numbers in it are taken out. */
export function screenText(consent: Pick<Consent, 'shareIdentity'>, text: string): { text: string; redacted: number } {
  return consent.shareIdentity ? { text, redacted: 0 } : redactNationalIds(text);
}

export function screenSummary(consent: Pick<Consent, 'shareIdentity'>, summary: Summary): { summary: Summary; redacted: number } {
  const screened = screenText(consent, summary.text);
  return { summary: { ...summary, text: screened.text }, redacted: screened.redacted };
}

/**
 * The content as it may be held and passed on. An identity number the citizen
 * typed into the conversation (or the bot quoted in its summary) without
 * identity consent is replaced by a marker rather than refusing the handoff:
 * the citizen must never be stuck because of what they typed. The count goes
 * back to the origin in its receipt.
 */
export function screenContent(consent: Consent, content: HandoffContent): { content: HandoffContent; redacted: number } {
  const summary = screenSummary(consent, content.context.summary);
  let redacted = summary.redacted;
  const transcript = content.context.transcript?.map((message) => {
    const screened = screenText(consent, message.text);
    redacted += screened.redacted;
    return { ...message, text: screened.text };
  });
  const context = { ...content.context, summary: summary.summary, ...(transcript ? { transcript } : {}) };
  return { content: { ...content, context }, redacted };
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
