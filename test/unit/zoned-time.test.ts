import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { addDays, instantAt, localParts, weekdayOf } from '#domain/zoned-time';

// Zones with and without daylight saving time, on both sides of UTC, one with a half-hour offset.
const zones = ['Europe/Oslo', 'UTC', 'America/New_York', 'Asia/Kolkata', 'Australia/Sydney'];
const instants = fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2099, 11, 31) });

describe('zoned time from Intl, checked against a date library', () => {
  it('reads a clock in a zone as luxon does', () => {
    fc.assert(
      fc.property(instants, fc.constantFrom(...zones), (instant, zone) => {
        const expected = DateTime.fromMillis(instant, { zone });
        const parts = localParts(instant, zone);
        expect(parts).toMatchObject({ date: expected.toISODate(), hour: expected.hour, minute: expected.minute, weekday: expected.weekday });
      }),
      { numRuns: 500 },
    );
  });

  it('turns a wall-clock time into the instant luxon gives, across daylight-saving changes', () => {
    // The hours around Oslo's spring-forward (02:00 → 03:00) and fall-back (03:00 → 02:00) in 2026.
    for (const [date, hour, minute, expected] of [
      ['2026-03-29', 2, 30, '2026-03-29T01:30:00.000Z'], // skipped: moves forward to 03:30 CEST
      ['2026-03-29', 3, 0, '2026-03-29T01:00:00.000Z'],
      ['2026-10-25', 2, 30, '2026-10-25T00:30:00.000Z'], // shown twice: the earlier
      ['2026-10-25', 3, 0, '2026-10-25T02:00:00.000Z'],
    ] as const) {
      expect(instantAt(date, hour, minute, 'Europe/Oslo').toISOString(), `${date} ${hour}:${minute}`).toBe(expected);
    }
    fc.assert(
      fc.property(instants, fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), fc.constantFrom(...zones), (instant, hour, minute, zone) => {
        const date = new Date(instant).toISOString().slice(0, 10);
        const expected = DateTime.fromISO(date, { zone }).set({ hour, minute });
        expect(instantAt(date, hour, minute, zone).getTime()).toBe(expected.toMillis());
      }),
      { numRuns: 500 },
    );
  });

  it('counts calendar days and weekdays', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(weekdayOf('2026-11-30')).toBe(1);
    expect(weekdayOf('2026-11-29')).toBe(7);
  });
});
