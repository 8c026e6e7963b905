import { DateTime } from 'luxon';
import { weekdays, type OpeningHours } from '#contracts/directory';
import { isPublicHoliday } from './public-holidays.ts';

const searchDays = 60;

const atClock = (day: DateTime, clock: string) => {
  const [hour, minute] = clock.split(':').map(Number) as [number, number];
  // 24:00 is midnight at the end of the day; luxon moves a time that DST skips forward.
  return hour === 24 ? day.plus({ days: 1 }).startOf('day') : day.set({ hour, minute, second: 0, millisecond: 0 });
};

/** The open intervals of one local date: its special hours, closed on a public holiday, else its weekday's hours. */
function intervalsOn(hours: OpeningHours, day: DateTime): { start: DateTime; end: DateTime }[] {
  const special = hours.specialDays.find((entry) => entry.date === day.toISODate());
  const intervals = special
    ? special.hours
    : hours.publicHolidays && isPublicHoliday(hours.publicHolidays, day)
      ? []
      : (hours.weekly[weekdays[day.weekday - 1]!] ?? []);
  return intervals
    .map((interval) => ({ start: atClock(day, interval.from), end: atClock(day, interval.to) }))
    .sort((a, b) => a.start.toMillis() - b.start.toMillis());
}

/** Every open interval that ends after `at`, earliest first, over the coming weeks. */
function* intervalsFrom(hours: OpeningHours, at: Date) {
  const now = DateTime.fromJSDate(at, { zone: hours.timeZone });
  for (let offset = -1; offset <= searchDays; offset += 1) {
    for (const interval of intervalsOn(hours, now.startOf('day').plus({ days: offset }))) {
      if (interval.end > now) yield interval;
    }
  }
}

export type OpeningState =
  | { open: true; closesAt: Date }
  | { open: false; nextOpening: Date | null };

/**
 * Whether a queue is open at an instant, by its hours in its own time zone
 * (DST included), its country's public holidays and its special days; and
 * when it closes, or when it opens next.
 */
export function openingState(hours: OpeningHours, at: Date): OpeningState {
  const intervals = intervalsFrom(hours, at);
  const first = intervals.next();
  if (first.done) return { open: false, nextOpening: null };
  if (first.value.start.toJSDate() > at) return { open: false, nextOpening: first.value.start.toJSDate() };
  // Open now: it closes at the end of this interval and of any that follow on without a gap (24/7, or 00:00 after 24:00).
  let closesAt = first.value.end;
  for (const next of intervals) {
    if (next.start > closesAt) break;
    if (next.end > closesAt) closesAt = next.end;
  }
  return { open: true, closesAt: closesAt.toJSDate() };
}

/** Formats an instant the way a citizen in that time zone reads it, in Norwegian and English. */
export function localTime(at: Date | string, timeZone = 'Europe/Oslo') {
  const format = (locale: string) =>
    new Intl.DateTimeFormat(locale, { timeZone, weekday: 'long', day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit' }).format(new Date(at));
  return { nb: format('nb-NO'), en: format('en-GB') };
}
