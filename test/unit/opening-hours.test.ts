import Holidays from 'date-holidays';
import { describe, expect, it } from 'vitest';
import { OpeningHours } from '#contracts/directory';
import { localTime, openingState } from '#domain/opening-hours';
import { norwegianPublicHolidays } from '#domain/public-holidays';
import { estimateWait } from '#domain/wait-estimate';

const weekdays = (from: string, to: string) => Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((day) => [day, [{ from, to }]]));
const office = OpeningHours.parse({ weekly: weekdays('09:00', '15:00') });
const state = (hours: typeof office, at: string) => openingState(hours, new Date(at));
const next = (hours: typeof office, at: string) => {
  const found = state(hours, at);
  return found.open ? 'open' : found.nextOpening?.toISOString();
};

describe('opening hours in Europe/Oslo', () => {
  it('is open on a weekday between 09:00 and 15:00 local time, and says when it closes', () => {
    expect(state(office, '2026-11-24T09:00:00Z')).toEqual({ open: true, closesAt: new Date('2026-11-24T14:00:00Z') });
    expect(next(office, '2026-11-24T14:00:00Z')).toBe('2026-11-25T08:00:00.000Z');
    expect(next(office, '2026-11-28T12:00:00Z')).toBe('2026-11-30T08:00:00.000Z');
  });

  it('stays closed on Norwegian public holidays: from Christmas Day to the Monday after', () => {
    expect(next(office, '2026-12-25T10:00:00Z')).toBe('2026-12-28T08:00:00.000Z');
  });

  it('knows the same Norwegian public holidays as the date-holidays library, year by year', () => {
    const reference = new Holidays('NO');
    for (let year = 1990; year <= 2100; year += 1) {
      // A set: two holidays can fall on one date (Ascension Day was 17 May in 2007).
      const expected = new Set(
        reference
          .getHolidays(year)
          .filter((holiday) => holiday.type === 'public')
          .map((holiday) => holiday.date.slice(0, 10)),
      );
      expect([...norwegianPublicHolidays(year)].sort(), String(year)).toEqual([...expected].sort());
    }
  });

  it('skips Easter and lands on the right hour after the change to summer time', () => {
    // Wednesday 1 April after closing: Maundy Thursday, Good Friday, the weekend and Easter Monday are closed;
    // Tuesday 7 April opens at 09:00 CEST, which is 07:00 UTC (not 08:00 as in winter).
    expect(next(office, '2026-04-01T14:30:00Z')).toBe('2026-04-07T07:00:00.000Z');
  });

  it('follows the clock change in both directions', () => {
    expect(next(office, '2026-03-27T15:00:00Z')).toBe('2026-03-30T07:00:00.000Z');
    expect(next(office, '2026-10-23T14:00:00Z')).toBe('2026-10-26T08:00:00.000Z');
  });

  it('honours special days, and moves an opening that falls in the skipped spring hour', () => {
    const christmasEve = OpeningHours.parse({
      weekly: weekdays('09:00', '15:00'),
      specialDays: [{ date: '2026-12-24', hours: [{ from: '09:00', to: '12:00' }] }],
    });
    expect(state(christmasEve, '2026-12-24T09:00:00Z')).toEqual({ open: true, closesAt: new Date('2026-12-24T11:00:00Z') });
    const earlyBird = OpeningHours.parse({ weekly: {}, publicHolidays: null, specialDays: [{ date: '2026-03-29', hours: [{ from: '02:30', to: '04:00' }] }] });
    expect(next(earlyBird, '2026-03-29T00:00:00Z')).toBe('2026-03-29T01:30:00.000Z');
  });

  it('treats back-to-back intervals as one opening, and a queue with no hours as closed for good', () => {
    const allDay = OpeningHours.parse({
      weekly: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((day) => [day, [{ from: '00:00', to: '24:00' }]])),
      publicHolidays: null,
    });
    const open = state(allDay, '2026-11-24T23:59:00Z');
    expect(open.open && open.closesAt.getTime() - Date.parse('2026-11-24T23:59:00Z')).toBeGreaterThan(30 * 86_400_000);
    expect(state(OpeningHours.parse({ weekly: {} }), '2026-11-24T10:00:00Z')).toEqual({ open: false, nextOpening: null });
  });

  it('formats a time as a citizen in Oslo reads it', () => {
    expect(localTime('2026-12-28T08:00:00Z')).toEqual({ nb: expect.stringContaining('09:00'), en: expect.stringContaining('09:00') });
    expect(localTime('2026-12-28T08:00:00Z').nb).toContain('mandag');
  });
});

describe('the wait estimate', () => {
  const now = new Date('2026-11-24T10:00:00Z');
  const minutesAgo = (minutes: number) => new Date(now.getTime() - minutes * 60_000).toISOString();

  it('uses the configured handling time shared by the advisers on duty until the queue has a pace', () => {
    expect(estimateWait({ position: 3, recentAccepts: [minutesAgo(5)], now, handlingMinutes: 6, advisersOnDuty: 2 })).toEqual({
      seconds: 540,
      basis: 'handling_time',
    });
  });

  it('uses the median gap between recent accepts once there are enough of them', () => {
    const recentAccepts = [minutesAgo(30), minutesAgo(20), minutesAgo(14), minutesAgo(10)];
    expect(estimateWait({ position: 2, recentAccepts, now, handlingMinutes: 6, advisersOnDuty: 2 })).toEqual({ seconds: 720, basis: 'recent_accepts' });
  });

  it('ignores accepts older than three hours', () => {
    const recentAccepts = [minutesAgo(300), minutesAgo(250), minutesAgo(200), minutesAgo(1)];
    expect(estimateWait({ position: 1, recentAccepts, now, handlingMinutes: 10, advisersOnDuty: 1 }).basis).toBe('handling_time');
  });
});
