/**
 * Wall-clock time in a named time zone, from the platform's own Intl data:
 * the few conversions opening hours and insights need, without a date library
 * in every function's bundle. A local date is an ISO calendar date
 * (`2026-03-29`); an instant is a `Date`.
 */
export type LocalDate = string;

const dayMs = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

export type LocalParts = { date: LocalDate; year: number; month: number; day: number; hour: number; minute: number; second: number; weekday: number };

/** What a clock in the zone shows at an instant; `weekday` is 1 for Monday to 7 for Sunday. */
export function localParts(at: Date | string | number, timeZone: string): LocalParts {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(at))) if (part.type !== 'literal') parts[part.type] = Number(part.value);
  const { year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0 } = parts;
  const date = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return { date, year, month, day, hour, minute, second, weekday: weekdayOf(date) };
}

/** Milliseconds the zone's clock is ahead of UTC at an instant. */
function offsetAt(instant: number, timeZone: string): number {
  const local = localParts(instant, timeZone);
  const asUtc = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second);
  return asUtc - (instant - (((instant % 1000) + 1000) % 1000));
}

const utcOf = (date: LocalDate) => {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return Date.UTC(year, month - 1, day);
};

/** The calendar date `days` after (or before) a date. */
export const addDays = (date: LocalDate, days: number): LocalDate => new Date(utcOf(date) + days * dayMs).toISOString().slice(0, 10);

/** 1 for Monday to 7 for Sunday. */
export const weekdayOf = (date: LocalDate): number => ((new Date(utcOf(date)).getUTCDay() + 6) % 7) + 1;

/**
 * The instant a clock in the zone shows `hour:minute` on a date. A time the
 * clock skips (spring forward) moves forward by the gap, as a clock set by hand
 * would; a time it shows twice (fall back) is the earlier of the two.
 */
export function instantAt(date: LocalDate, hour: number, minute: number, timeZone: string): Date {
  const wall = utcOf(date) + (hour * 60 + minute) * 60_000;
  const before = offsetAt(wall - dayMs, timeZone);
  const after = offsetAt(wall + dayMs, timeZone);
  if (before === after) return new Date(wall - before);
  const candidates = [wall - before, wall - after].filter((instant) => offsetAt(instant, timeZone) === wall - instant);
  // Both: shown twice, take the earlier. Neither: skipped, read with the offset from before the change.
  return new Date(candidates.length ? Math.min(...candidates) : wall - before);
}
