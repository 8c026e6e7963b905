import { DateTime } from 'luxon';
import type { Insights } from '#contracts/audit';
import { weekdays } from '#contracts/directory';
import type { HandoffReason, HandoffStatus } from '#contracts/handoff';
import { topicTaxonomy, type TopicCode } from '#contracts/topics';
import type { Directory } from './directory.ts';
import type { TransitionRecord } from './handoff.ts';
import { openingState } from './opening-hours.ts';

const outcomes = ['accepted', 'declined', 'expired', 'fallback', 'returned', 'cancelled', 'completed'] as const;
const assignments = new Set<HandoffStatus>(['routed', 'queued', 'callback_scheduled']);
const reassignedFrom = new Set<HandoffStatus | null>(['requested', 'declined', 'expired']);

/** Counters one event adds to one agency's day (Oslo date), and the time-to-accept samples it brings. */
export type InsightIncrement = { orgNumber: string; day: string; counters: Record<string, number>; acceptSeconds: number[] };

/** One agency's day of counters, as the projection keeps it. */
export type InsightDay = { day: string; counters: Record<string, number>; acceptSeconds: number[] };

const osloTime = (at: string) => DateTime.fromISO(at, { zone: 'Europe/Oslo' });
export const osloDay = (at: string) => osloTime(at).toISODate()!;

/**
 * What one transition adds to the insights of the agencies it concerns: a new
 * transfer for the origin when it is requested, and for the receiving agency
 * each time one is assigned (hour, weekday, outside office hours, topic,
 * reason, the flow between the two); an outcome for both; the time to accept.
 */
export function insightIncrements(entry: TransitionRecord, createdAt: string, directory: Directory): InsightIncrement[] {
  const byOrg = new Map<string, InsightIncrement>();
  const day = osloDay(entry.at);
  const add = (orgNumber: string, counters: Record<string, number>, acceptSeconds: number[] = []) => {
    const increment = byOrg.get(orgNumber) ?? { orgNumber, day, counters: {}, acceptSeconds: [] };
    for (const [name, value] of Object.entries(counters)) increment.counters[name] = (increment.counters[name] ?? 0) + value;
    increment.acceptSeconds.push(...acceptSeconds);
    byOrg.set(orgNumber, increment);
  };
  const volume = (orgNumber: string, direction: 'in' | 'out') => {
    const local = osloTime(entry.at);
    const officeHours = directory.agency(orgNumber)?.officeHours;
    const outside = officeHours ? !openingState(officeHours, new Date(entry.at)).open : false;
    add(orgNumber, {
      total: 1,
      [direction]: 1,
      [`hour_${String(local.hour).padStart(2, '0')}`]: 1,
      [`weekday_${weekdays[local.weekday - 1]}`]: 1,
      ...(outside ? { outside: 1 } : {}),
      [`topic_${entry.topic}`]: 1,
      [`reason_${entry.reason}`]: 1,
    });
  };
  const origin = entry.originOrgNumber;
  const assignee = entry.assignee?.orgNumber;
  if (entry.to === 'requested') volume(origin, 'out');
  if (assignments.has(entry.to) && reassignedFrom.has(entry.from) && assignee) {
    if (assignee !== origin) volume(assignee, 'in');
    for (const orgNumber of new Set([origin, assignee])) add(orgNumber, { [`flow_${origin}_${assignee}`]: 1 });
  }
  if ((outcomes as readonly string[]).includes(entry.to)) {
    const seconds = entry.to === 'accepted' ? [Math.max(0, Math.round((Date.parse(entry.at) - Date.parse(createdAt)) / 1000))] : [];
    for (const orgNumber of new Set([origin, ...(assignee ? [assignee] : [])])) add(orgNumber, { [`outcome_${entry.to}`]: 1 }, seconds);
  }
  return [...byOrg.values()];
}

const percentile = (sorted: number[], q: number) => (sorted.length ? sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)]! : null);

/** Adds up an agency's days into the insights of a period. */
export function insightsOf(orgNumber: string, from: string, to: string, days: InsightDay[], directory: Directory): Insights {
  const total: Record<string, number> = {};
  const samples: number[] = [];
  for (const day of days) {
    for (const [name, value] of Object.entries(day.counters)) total[name] = (total[name] ?? 0) + value;
    samples.push(...day.acceptSeconds);
  }
  const count = (name: string) => total[name] ?? 0;
  const withPrefix = (prefix: string) =>
    Object.entries(total)
      .filter(([name]) => name.startsWith(prefix))
      .map(([name, value]) => [name.slice(prefix.length), value] as const)
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const sorted = samples.sort((a, b) => a - b);
  const transfers = count('total');
  return {
    orgNumber,
    from,
    to,
    transfers: {
      total: transfers,
      incoming: count('in'),
      outgoing: count('out'),
      outsideOfficeHours: count('outside'),
      shareOutsideOfficeHours: transfers ? count('outside') / transfers : 0,
    },
    byHour: Array.from({ length: 24 }, (_, hour) => count(`hour_${String(hour).padStart(2, '0')}`)),
    byWeekday: Object.fromEntries(weekdays.map((weekday) => [weekday, count(`weekday_${weekday}`)])) as Insights['byWeekday'],
    outcomes: Object.fromEntries(outcomes.map((outcome) => [outcome, count(`outcome_${outcome}`)])) as Insights['outcomes'],
    timeToAccept: { samples: sorted.length, p50Seconds: percentile(sorted, 0.5), p95Seconds: percentile(sorted, 0.95) },
    topTopics: withPrefix('topic_')
      .slice(0, 5)
      .map(([topic, value]) => ({ topic: topic as TopicCode, label: { nb: topicTaxonomy[topic as TopicCode].nb, en: topicTaxonomy[topic as TopicCode].en }, count: value })),
    topReasons: withPrefix('reason_')
      .slice(0, 5)
      .map(([reason, value]) => ({ reason: reason as HandoffReason, count: value })),
    flows: withPrefix('flow_').map(([pair, value]) => {
      const [fromOrg, toOrg] = pair.split('_') as [string, string];
      return {
        from: { orgNumber: fromOrg, agencyName: directory.agencyName(fromOrg) },
        to: { orgNumber: toOrg, agencyName: directory.agencyName(toOrg) },
        count: value,
      };
    }),
  };
}
