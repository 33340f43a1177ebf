import { Problem } from './errors.ts';

// ---------------------------------------------------------------------------
// Calendar helpers (UTC, proleptic Gregorian)
// ---------------------------------------------------------------------------

export const SECOND_MS = 1_000;
export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
/** ECMAScript's Date range; anything beyond cannot be represented as an instant. */
export const MAX_EPOCH_MS = 8.64e15;
export const JAVA_INT_MAX = 2_147_483_647;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Like Date.UTC, but without Date.UTC's remapping of years 0-99 to 1900-1999. */
export function utcMs(year: number, month: number, day: number, hour = 0, minute = 0, second = 0, ms = 0): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, ms);
  return date.getTime();
}

export function floorMod(value: number, divisor: number): number {
  return ((value % divisor) + divisor) % divisor;
}

export function checkEpochRange(epochMs: number): number {
  if (!Number.isFinite(epochMs) || Math.abs(epochMs) > MAX_EPOCH_MS) {
    throw new RangeError(`Instant ${epochMs} is outside the representable range of ±${MAX_EPOCH_MS} ms`);
  }
  return epochMs;
}

// ---------------------------------------------------------------------------
// Time zones: 'Z', fixed offsets ('+02:00') or IANA regions ('Europe/Berlin')
// ---------------------------------------------------------------------------

export const OFFSET_RE = /^([+-])(\d{2}):(\d{2})(?::(\d{2}))?$/;
export const MAX_OFFSET_MS = 18 * HOUR_MS; // java.time.ZoneOffset's limit

export function parseOffset(text: string): number | undefined {
  if (text === 'Z' || text === 'z') return 0;
  const match = OFFSET_RE.exec(text);
  if (!match) return undefined;
  const [, sign, hh, mm, ss = '0'] = match;
  const hours = Number(hh);
  const minutes = Number(mm);
  const seconds = Number(ss);
  if (minutes > 59 || seconds > 59) throw new Problem(`offset '${text}' has minutes or seconds above 59`);
  const offset = hours * HOUR_MS + minutes * MINUTE_MS + seconds * SECOND_MS;
  if (offset > MAX_OFFSET_MS) throw new Problem(`offset '${text}' is beyond ±18:00`);
  return sign === '-' ? -offset : offset;
}

export const zoneFormatters = new Map<string, Intl.DateTimeFormat>();

export function zoneFormatter(zone: string): Intl.DateTimeFormat {
  let formatter = zoneFormatters.get(zone);
  if (!formatter) {
    try {
      formatter = new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      throw new Problem(`unknown time zone '${zone}'`);
    }
    zoneFormatters.set(zone, formatter);
  }
  return formatter;
}

export function regionOffsetMs(zone: string, epochMs: number): number {
  const fields = new Map<string, number>();
  for (const part of zoneFormatter(zone).formatToParts(new Date(epochMs))) {
    if (part.type !== 'literal') fields.set(part.type, Number(part.value));
  }
  const field = (name: string): number => fields.get(name) ?? 0;
  const wallClock = utcMs(field('year'), field('month'), field('day'), field('hour'), field('minute'), field('second'));
  // The formatter has no milliseconds, so compare against the whole second.
  return wallClock - (epochMs - floorMod(epochMs, SECOND_MS));
}

/** Offset from UTC in effect in `zone` at `epochMs`. */
export function offsetAt(zone: string, epochMs: number): number {
  return parseOffset(zone) ?? regionOffsetMs(zone, epochMs);
}

/**
 * Resolves a wall-clock time (encoded as if it were UTC) in `zone` to an instant,
 * the way java.time.ZonedDateTime.ofLocal does: in a DST gap the time moves
 * forward by the gap's length; in an overlap the preferred offset wins if valid,
 * otherwise the earlier offset (the one in force before the transition).
 */
export function wallClockToEpoch(zone: string, wallClockMs: number, preferredOffset?: number): number {
  const fixed = parseOffset(zone);
  if (fixed !== undefined) return wallClockMs - fixed;
  const before = regionOffsetMs(zone, wallClockMs - DAY_MS);
  const after = regionOffsetMs(zone, wallClockMs + DAY_MS);
  const valid = [...new Set([before, after])].filter(
    (offset) => regionOffsetMs(zone, wallClockMs - offset) === offset,
  );
  if (valid.length === 0) return wallClockMs - before;
  if (preferredOffset !== undefined && valid.includes(preferredOffset)) return wallClockMs - preferredOffset;
  return wallClockMs - valid[0];
}
