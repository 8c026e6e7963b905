import type { Insights } from '#contracts/audit';
import { weekdays } from '#contracts/topics';
import { handoffStatuses, type HandoffReason, type HandoffStatus } from '#contracts/handoff';
import { isTerminal } from './handoff-lifecycle.ts';
import { topicTaxonomy, type TopicCode } from '#contracts/topics';
import type { Directory } from './directory.ts';
import type { TransitionRecord } from './handoff.ts';
import { openingState } from './opening-hours.ts';
import { localParts } from './zoned-time.ts';

const outcomes = ['accepted', 'declined', 'expired', 'fallback', 'returned', 'cancelled', 'completed'] as const;
/** The states a transfer ends in, the lifecycle's terminal ones: each transfer counts in one, once. */
const endings = handoffStatuses.filter(isTerminal) as (keyof Insights['endings'])[];
const assignments = new Set<HandoffStatus>(['routed', 'queued', 'callback_scheduled']);
const reassignedFrom = new Set<HandoffStatus | null>(['requested', 'declined', 'expired']);

/** Adds counters into others, name by name. */
const addCounters = (into: Record<string, number>, counters: Record<string, number>) => {
  for (const [name, value] of Object.entries(counters)) into[name] = (into[name] ?? 0) + value;
};

/** Counters one event adds to one agency's day (Oslo date). */
export type InsightIncrement = { orgNumber: string; day: string; counters: Record<string, number> };

/** One agency's day of counters, as the projection keeps it. */
export type InsightDay = { day: string; counters: Record<string, number> };

/**
 * Upper bounds, in seconds, of the time-to-accept buckets. Fixed, so a day's
 * counters stay the same size however many accepts it sees (a list of samples
 * grew, and with it the cost of every write). A percentile is reported as the
 * bound of its bucket: at most 50 % above the true figure, usually far less.
 */
export const acceptBuckets = [
  1, 2, 3, 5, 7, 10, 15, 20, 30, 45, 60, 90, 120, 180, 240, 300, 450, 600, 900, 1200, 1800, 2700, 3600, 5400, 7200, 10_800, 14_400, 21_600, 43_200, 86_400,
  172_800, 604_800,
] as const;
/** The counter an accept after this many seconds adds to. */
export const acceptCounter = (seconds: number) => `accept_le_${acceptBuckets.find((bound) => seconds <= bound) ?? acceptBuckets.at(-1)}`;

const osloTime = (at: string | number) => localParts(at, 'Europe/Oslo');
export const osloDay = (at: string | number) => osloTime(at).date;

/**
 * What one transition adds to the insights of the agencies it concerns: a new
 * transfer for the origin when it is requested, and for the receiving agency
 * each time one is assigned (hour, weekday, outside office hours, topic,
 * reason, the flow between the two); an outcome for both; the time to accept.
 */
export function insightIncrements(entry: TransitionRecord, createdAt: string, directory: Directory): InsightIncrement[] {
  const byOrg = new Map<string, InsightIncrement>();
  const day = osloDay(entry.at);
  const add = (orgNumber: string, counters: Record<string, number>) => {
    const increment = byOrg.get(orgNumber) ?? { orgNumber, day, counters: {} };
    addCounters(increment.counters, counters);
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
  if ((endings as readonly string[]).includes(entry.to)) {
    for (const orgNumber of new Set([origin, ...(assignee ? [assignee] : [])])) add(orgNumber, { [`ending_${entry.to}`]: 1 });
  }
  if ((outcomes as readonly string[]).includes(entry.to)) {
    const accepted = entry.to === 'accepted' ? { [acceptCounter(Math.max(0, Math.round((Date.parse(entry.at) - Date.parse(createdAt)) / 1000)))]: 1 } : {};
    for (const orgNumber of new Set([origin, ...(assignee ? [assignee] : [])])) add(orgNumber, { [`outcome_${entry.to}`]: 1, ...accepted });
  }
  return [...byOrg.values()];
}

/** What some transitions of one handoff add to the insights, added up per agency and day. */
export function handoffInsightIncrements(timeline: TransitionRecord[], createdAt: string, directory: Directory): InsightIncrement[] {
  const merged = new Map<string, InsightIncrement>();
  for (const increment of timeline.flatMap((entry) => insightIncrements(entry, createdAt, directory))) {
    const key = `${increment.orgNumber}#${increment.day}`;
    const into = merged.get(key) ?? { orgNumber: increment.orgNumber, day: increment.day, counters: {} };
    addCounters(into.counters, increment.counters);
    merged.set(key, into);
  }
  return [...merged.values()].filter((increment) => Object.keys(increment.counters).length);
}

/** The bound of the bucket that holds the q-th share of the accepts, or null without any. */
function bucketPercentile(counts: number[], q: number): number | null {
  const total = counts.reduce((sum, count) => sum + count, 0);
  if (!total) return null;
  const rank = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  for (const [index, count] of counts.entries()) {
    seen += count;
    if (seen >= rank) return acceptBuckets[index]!;
  }
  return acceptBuckets.at(-1)!;
}

/** Adds up an agency's days into the insights of a period. */
export function insightsOf(orgNumber: string, from: string, to: string, days: InsightDay[], directory: Directory): Insights {
  const total: Record<string, number> = {};
  for (const day of days) {
    addCounters(total, day.counters);
  }
  const count = (name: string) => total[name] ?? 0;
  const acceptCounts = acceptBuckets.map((bound) => count(`accept_le_${bound}`));
  const withPrefix = (prefix: string) =>
    Object.entries(total)
      .filter(([name]) => name.startsWith(prefix))
      .map(([name, value]) => [name.slice(prefix.length), value] as const)
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
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
    endings: Object.fromEntries(endings.map((ending) => [ending, count(`ending_${ending}`)])) as Insights['endings'],
    timeToAccept: {
      samples: acceptCounts.reduce((sum, value) => sum + value, 0),
      p50Seconds: bucketPercentile(acceptCounts, 0.5),
      p95Seconds: bucketPercentile(acceptCounts, 0.95),
    },
    topTopics: withPrefix('topic_')
      .slice(0, 5)
      .map(([topic, value]) => ({
        topic: topic as TopicCode,
        label: { nb: topicTaxonomy[topic as TopicCode].nb, en: topicTaxonomy[topic as TopicCode].en },
        count: value,
      })),
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
