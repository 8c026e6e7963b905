import { addDays, type LocalDate } from './zoned-time.ts';

/**
 * Norway's public holidays: five fixed dates and seven that move with Easter
 * (Maundy Thursday to Whit Monday). Computed here rather than taken from a
 * holiday library, whose every-country data would more than double the size
 * of each handler that checks opening hours.
 */
const norway = {
  fixed: ['01-01', '05-01', '05-17', '12-25', '12-26'],
  daysFromEaster: [-3, -2, 0, 1, 39, 49, 50],
};

/** Easter Sunday of a Gregorian year (the anonymous Gregorian computus). */
export function easterSunday(year: number): LocalDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

const byYear = new Map<number, Set<string>>();

/** The public holidays of a year as ISO dates. */
export function norwegianPublicHolidays(year: number): Set<string> {
  let dates = byYear.get(year);
  if (!dates) {
    const easter = easterSunday(year);
    dates = new Set([...norway.fixed.map((date) => `${year}-${date}`), ...norway.daysFromEaster.map((days) => addDays(easter, days))]);
    byYear.set(year, dates);
  }
  return dates;
}

/** Is this local date (its calendar date, whatever its zone) a public holiday in the country? */
export const isPublicHoliday = (country: 'NO', day: LocalDate): boolean => country === 'NO' && norwegianPublicHolidays(Number(day.slice(0, 4))).has(day);
