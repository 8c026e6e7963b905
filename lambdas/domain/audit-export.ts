import type { AuditEntry, TransferSummary } from '#contracts/audit';

/** A spreadsheet runs a cell as a formula when its first visible character (in any width) is one of these. */
const formulaStart = /^[=+\-@\t\r]/;
const startsAsFormula = (raw: string) => formulaStart.test(raw) || formulaStart.test(raw.replace(/^[\p{Z}\s\p{Cc}\p{Cf}]+/u, '').normalize('NFKC'));

const csvField = (value: unknown) => {
  const raw = value === null || value === undefined ? '' : Array.isArray(value) ? value.join(' ') : String(value);
  // A cell a spreadsheet would run as a formula is written as text (partners choose some of these values).
  const text = startsAsFormula(raw) ? `'${raw}` : raw;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

const csvColumns: [string, (summary: TransferSummary) => unknown][] = [
  ['handoff_id', (summary) => summary.handoffId],
  ['created_at', (summary) => summary.createdAt],
  ['direction', (summary) => summary.direction],
  ['origin_org_number', (summary) => summary.origin.orgNumber],
  ['origin_agency', (summary) => summary.origin.agencyName],
  ['receiving_org_number', (summary) => summary.receiving?.orgNumber],
  ['receiving_agency', (summary) => summary.receiving?.agencyName],
  ['receiving', (summary) => summary.receiving && `${summary.receiving.kind}:${summary.receiving.name}`],
  ['topic', (summary) => summary.topic],
  ['reason', (summary) => summary.reason],
  ['language', (summary) => summary.language],
  ['priority', (summary) => summary.priority],
  ['status', (summary) => summary.status],
  ['status_reason', (summary) => summary.statusReason],
  ['accepted_at', (summary) => summary.acceptedAt],
  ['seconds_to_accept', (summary) => summary.secondsToAccept],
  ['closed_at', (summary) => summary.closedAt],
  ['data_shared', (summary) => summary.dataShared],
  ['consent_reference', (summary) => summary.consentReference],
  ['citizen_pseudonym', (summary) => summary.citizenPseudonym],
];

/** RFC 4180 CSV of transfers: metadata only, the citizen by pseudonym. */
export function transfersCsv(summaries: TransferSummary[]): string {
  const lines = [csvColumns.map(([name]) => name).join(','), ...summaries.map((summary) => csvColumns.map(([, value]) => csvField(value(summary))).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}

/**
 * Characters that could end a CEF line in some reader: every control
 * character and Unicode's line and paragraph separators. CEF has escapes for
 * CR and LF only (in extension values); the rest cannot appear in a line at all.
 */
const lineBreaking = /[\p{Cc}\u2028\u2029]/gu;

/** A header field (ArcSight CEF): `\` and `|` escaped; no line breaks are allowed there. */
const cefHeader = (text: string) => text.replaceAll('\\', '\\\\').replaceAll('|', '\\|').replace(lineBreaking, ' ');

/** An extension value (ArcSight CEF): `\`, `=`, CR and LF escaped; any other line-breaking character replaced. */
const cefValue = (text: string) =>
  text.replaceAll('\\', '\\\\').replaceAll('=', '\\=').replaceAll('\r', '\\r').replaceAll('\n', '\\n').replace(lineBreaking, '\uFFFD');

/** A transition that gives the receiving side the conversation is a Permit; one that takes it away or refuses it, a Deny. */
const denying = new Set(['declined', 'expired', 'fallback', 'cancelled']);

/** Who acted, as `suid`: the agency and the adviser, bot or system; the broker itself for its own moves. */
const suidOf = (entry: AuditEntry) =>
  entry.actor.role === 'broker'
    ? 'handoff-broker'
    : `${entry.actor.orgNumber}:${entry.actor.adviserId ?? entry.actor.botId ?? entry.actor.clientId ?? entry.actor.role}`;

/**
 * One audit entry in ArcSight CEF, the shape NAV's audit pipeline ingests:
 * `CEF:0|vendor|product|version|audit:access|name|severity|extensions`, with
 * `suid` the acting party, `duid` the citizen's pseudonym (never an identity
 * number), `sproc` the handoff, `end` the time and a Permit/Deny decision.
 */
export function cefLine(entry: AuditEntry, citizenPseudonym: string): string {
  const extensions: [string, string][] = [
    ['end', String(Date.parse(entry.at))],
    ['suid', suidOf(entry)],
    ['duid', citizenPseudonym],
    ['sproc', entry.handoffId],
    ['act', entry.to],
    ['request', `${entry.from ?? 'none'}->${entry.to}`],
    ['cs1Label', 'dataShared'],
    ['cs1', entry.dataShared.join(',') || 'none'],
    ['cs2Label', 'consentReference'],
    ['cs2', entry.consentReference ?? 'none'],
    ['cs3Label', 'topic'],
    ['cs3', entry.topic],
    ['cs4Label', 'auditHash'],
    ['cs4', entry.hash],
    ['flexString1Label', 'Decision'],
    ['flexString1', denying.has(entry.to) ? 'Deny' : 'Permit'],
  ];
  const header = ['CEF:0', 'handoff-broker', 'handoff-broker', '1.0', 'audit:access', cefHeader(`Handoff ${entry.to}`), 'INFO'].join('|');
  return `${header}|${extensions.map(([key, value]) => `${key}=${cefValue(value)}`).join(' ')}`;
}
