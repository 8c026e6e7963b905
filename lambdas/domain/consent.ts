import { redactNationalIds } from '#contracts/identifiers';
import type { Consent, Summary } from '#contracts/handoff';
import type { DataCategory } from '#contracts/events';
import type { ContextPart } from '#contracts/directory';
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
  return consent.shareIdentity ? { content, redacted: 0 } : redactContent(content);
}

/** The summary and transcript with every identity number taken out, and how many were. */
function redactContent(content: HandoffContent): { content: HandoffContent; redacted: number } {
  const summary = redactNationalIds(content.context.summary.text);
  let redacted = summary.redacted;
  const transcript = content.context.transcript?.map((message) => {
    const screened = redactNationalIds(message.text);
    redacted += screened.redacted;
    return { ...message, text: screened.text };
  });
  const context = { ...content.context, summary: { ...content.context.summary, text: summary.text }, ...(transcript ? { transcript } : {}) };
  return { content: { ...content, context }, redacted };
}

const allParts: readonly ContextPart[] = ['transcript', 'identity', 'attributes'];

/**
 * The categories of data that reach the receiving side for this content. A
 * callback's contact details go to a human queue only; a bot never sees them.
 */
export function dataCategories(content: HandoffContent, recipient: 'bot' | 'queue', accepts: readonly ContextPart[] = allParts): DataCategory[] {
  const given = forReceiver(content, accepts);
  return [
    'topic',
    'summary',
    ...(given.context.transcript?.length ? (['transcript'] as const) : []),
    ...(given.citizen?.nationalId ? (['identity'] as const) : []),
    ...(recipient === 'queue' && given.citizen?.contact ? (['contact'] as const) : []),
  ];
}

/**
 * The content as a receiver is given it: without the parts it does not take
 * (the summary always crosses). One that does not take identity gets no
 * identity number in the free text either, whatever the citizen consented to.
 */
export function forReceiver(content: HandoffContent, accepts: readonly ContextPart[]): HandoffContent {
  const screened = accepts.includes('identity') ? content : redactContent(content).content;
  const { transcript, attributes, ...context } = screened.context;
  const { nationalId, ...citizen } = content.citizen ?? {};
  return {
    ...content,
    context: {
      ...context,
      ...(transcript && accepts.includes('transcript') ? { transcript } : {}),
      ...(attributes && accepts.includes('attributes') ? { attributes } : {}),
    },
    ...(content.citizen ? { citizen: { ...citizen, ...(nationalId && accepts.includes('identity') ? { nationalId } : {}) } } : {}),
  };
}
