/**
 * When a daily briefing is due, in the subscriber's time zone. A slot is one local date; its instant is the
 * subscription's local time on that date. A time that does not exist (the spring-forward gap) moves forward by the
 * gap, and a time that occurs twice (fall-back) takes the first occurrence — so every local date has exactly one
 * slot, and a 02:30 subscription posts once on both DST days. (This is the "compatible" rule of Temporal.)
 */

export interface Slot {
  /** Local date, YYYY-MM-DD: the identity of the slot. */
  date: string;
  /** When it is due. */
  at: Date;
}

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

/** True when the name is an IANA time zone this runtime knows. */
export function isTimeZone(name: string): boolean {
  try {
    formatterFor(name);
    return true;
  } catch {
    return false;
  }
}

interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

function localParts(instant: number, timeZone: string): LocalParts {
  const parts = Object.fromEntries(
    formatterFor(timeZone)
      .formatToParts(new Date(instant))
      .map((p) => [p.type, p.value]),
  );
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
  };
}

/** Local time minus UTC, in milliseconds, at an instant. */
function offsetAt(instant: number, timeZone: string): number {
  const p = localParts(instant, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute);
  return asUtc - Math.floor(instant / 60_000) * 60_000;
}

const hourMs = 3_600_000;

/** The instant a local date and time happen in a zone (gap → moved forward, overlap → first). */
export function zonedInstant(date: string, time: string, timeZone: string): Date {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  const naive = Date.UTC(year, month - 1, day, hour, minute);
  const offsets = [...new Set([offsetAt(naive - 12 * hourMs, timeZone), offsetAt(naive + 12 * hourMs, timeZone)])];
  const matches = offsets
    .map((offset) => naive - offset)
    .filter((candidate) => {
      const p = localParts(candidate, timeZone);
      return p.year === year && p.month === month && p.day === day && p.hour === hour && p.minute === minute;
    })
    .sort((a, b) => a - b);
  const first = matches[0];
  if (first !== undefined) return new Date(first);
  // In the gap: read the wall time with the offset in force before the jump, which lands after it.
  return new Date(naive - offsetAt(naive - 12 * hourMs, timeZone));
}

/** The local date (YYYY-MM-DD) of an instant in a zone. */
export function localDate(instant: Date, timeZone: string): string {
  const p = localParts(instant.getTime(), timeZone);
  return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

/** The calendar date `days` after `date`. */
export function addDays(date: string, days: number): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

export function slotOn(date: string, time: string, timeZone: string): Slot {
  return { date, at: zonedInstant(date, time, timeZone) };
}

/** The most recent slot due at or before `now`. */
export function latestDueSlot(now: Date, time: string, timeZone: string): Slot {
  const today = slotOn(localDate(now, timeZone), time, timeZone);
  return today.at.getTime() <= now.getTime() ? today : slotOn(addDays(today.date, -1), time, timeZone);
}

/** The first slot due after `now`. */
export function nextSlot(now: Date, time: string, timeZone: string): Slot {
  const today = slotOn(localDate(now, timeZone), time, timeZone);
  return today.at.getTime() > now.getTime() ? today : slotOn(addDays(today.date, 1), time, timeZone);
}
