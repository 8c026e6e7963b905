import type { OpeningHours } from '#contracts/directory';
import { weekdays } from '#contracts/topics';
import { isPublicHoliday } from './public-holidays.ts';
import { addDays, instantAt, localParts, weekdayOf, type LocalDate } from './zoned-time.ts';

const searchDays = 60;

/** The instant a clock reading on a local date means; 24:00 is midnight at the end of the day. */
const atClock = (day: LocalDate, clock: string, timeZone: string): number => {
  const [hour, minute] = clock.split(':').map(Number) as [number, number];
  return (hour === 24 ? instantAt(addDays(day, 1), 0, 0, timeZone) : instantAt(day, hour, minute, timeZone)).getTime();
};

/** The open intervals of one local date: its special hours, closed on a public holiday, else its weekday's hours. */
function intervalsOn(hours: OpeningHours, day: LocalDate): { start: number; end: number }[] {
  const special = hours.specialDays.find((entry) => entry.date === day);
  const intervals = special
    ? special.hours
    : hours.publicHolidays && isPublicHoliday(hours.publicHolidays, day)
      ? []
      : (hours.weekly[weekdays[weekdayOf(day) - 1]!] ?? []);
  return intervals
    .map((interval) => ({ start: atClock(day, interval.from, hours.timeZone), end: atClock(day, interval.to, hours.timeZone) }))
    .sort((a, b) => a.start - b.start);
}

/** Every open interval that ends after `at`, earliest first, over the coming weeks. */
function* intervalsFrom(hours: OpeningHours, at: Date) {
  const today = localParts(at, hours.timeZone).date;
  for (let offset = -1; offset <= searchDays; offset += 1) {
    for (const interval of intervalsOn(hours, addDays(today, offset))) {
      if (interval.end > at.getTime()) yield interval;
    }
  }
}

export type OpeningState = { open: true; closesAt: Date } | { open: false; nextOpening: Date | null };

/**
 * Whether a queue is open at an instant, by its hours in its own time zone
 * (DST included), its country's public holidays and its special days; and
 * when it closes, or when it opens next.
 */
export function openingState(hours: OpeningHours, at: Date): OpeningState {
  const intervals = intervalsFrom(hours, at);
  const first = intervals.next();
  if (first.done) return { open: false, nextOpening: null };
  if (first.value.start > at.getTime()) return { open: false, nextOpening: new Date(first.value.start) };
  // Open now: it closes at the end of this interval and of any that follow on without a gap (24/7, or 00:00 after 24:00).
  let closesAt = first.value.end;
  for (const next of intervals) {
    if (next.start > closesAt) break;
    if (next.end > closesAt) closesAt = next.end;
  }
  return { open: true, closesAt: new Date(closesAt) };
}

/** Formats an instant the way a citizen in that time zone reads it, in Norwegian and English. */
export function localTime(at: Date | string, timeZone = 'Europe/Oslo') {
  const format = (locale: string) =>
    new Intl.DateTimeFormat(locale, { timeZone, weekday: 'long', day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit' }).format(new Date(at));
  return { nb: format('nb-NO'), en: format('en-GB') };
}
