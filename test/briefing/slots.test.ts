import { describe, expect, test } from 'vitest';
import { addDays, isTimeZone, latestDueSlot, localDate, nextSlot, zonedInstant } from '../../src/briefing/slots.ts';

describe('zonedInstant', () => {
  test.each([
    ['2026-06-01', '09:00', 'Asia/Tokyo', '2026-06-01T00:00:00.000Z'],
    ['2026-06-01', '09:00', 'UTC', '2026-06-01T09:00:00.000Z'],
    ['2026-01-15', '02:30', 'America/New_York', '2026-01-15T07:30:00.000Z'],
    // Spring forward: 02:30 does not exist on 2026-03-08 in New York; it moves forward by the hour (03:30 EDT).
    ['2026-03-08', '02:30', 'America/New_York', '2026-03-08T07:30:00.000Z'],
    // Fall back: 01:30 happens twice on 2026-11-01; the first (EDT) is taken.
    ['2026-11-01', '01:30', 'America/New_York', '2026-11-01T05:30:00.000Z'],
    // Europe: 2026-03-29 02:30 does not exist in Berlin; 2026-10-25 02:30 happens twice.
    ['2026-03-29', '02:30', 'Europe/Berlin', '2026-03-29T01:30:00.000Z'],
    ['2026-10-25', '02:30', 'Europe/Berlin', '2026-10-25T00:30:00.000Z'],
    // A half-hour zone.
    ['2026-06-01', '09:00', 'Asia/Kolkata', '2026-06-01T03:30:00.000Z'],
  ])('GIVEN %s %s in %s THEN it is %s', (date, time, zone, iso) => {
    expect(zonedInstant(date, time, zone).toISOString()).toBe(iso);
  });
});

describe('slots across a DST change', () => {
  test('GIVEN a 02:30 New York subscription THEN each local date around both transitions has exactly one slot', () => {
    for (const start of ['2026-03-06', '2026-10-30']) {
      const dates = Array.from({ length: 5 }, (_, i) => addDays(start, i));
      const instants = dates.map((d) => zonedInstant(d, '02:30', 'America/New_York').getTime());
      expect(new Set(instants).size).toBe(5);
      expect(instants.map((t) => localDate(new Date(t), 'America/New_York'))).toEqual(dates);
    }
  });

  test('GIVEN now just before and after a slot THEN latest and next slots are the expected dates', () => {
    const zone = 'Asia/Tokyo';
    expect(latestDueSlot(new Date('2026-06-01T00:00:00Z'), '09:00', zone).date).toBe('2026-06-01');
    expect(latestDueSlot(new Date('2026-05-31T23:59:59Z'), '09:00', zone).date).toBe('2026-05-31');
    expect(nextSlot(new Date('2026-06-01T00:00:00Z'), '09:00', zone).date).toBe('2026-06-02');
    expect(nextSlot(new Date('2026-05-31T23:59:59Z'), '09:00', zone).date).toBe('2026-06-01');
  });
});

describe('isTimeZone', () => {
  test('GIVEN IANA names and nonsense THEN only real zones pass', () => {
    expect([isTimeZone('Asia/Tokyo'), isTimeZone('UTC'), isTimeZone('Mars/Olympus'), isTimeZone('')]).toEqual([
      true,
      true,
      false,
      false,
    ]);
  });
});
