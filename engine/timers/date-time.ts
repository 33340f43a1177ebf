import { SECOND_MS, checkEpochRange, daysInMonth, parseOffset, utcMs, wallClockToEpoch, zoneFormatter } from './calendar.ts';
import { Problem, checkInput, withContext } from './errors.ts';

// ---------------------------------------------------------------------------
// Date-times
// ---------------------------------------------------------------------------

/** An instant plus the zone it was written in; the zone drives later calendar arithmetic. */
export interface ZonedDateTime {
  readonly epochMs: number;
  /** 'Z', a fixed offset such as '+02:00', or an IANA region such as 'Europe/Berlin'. */
  readonly timeZone: string;
}

export const DATE_TIME_RE =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?([Zz]|[+-]\d{2}:\d{2}(?::\d{2})?)?(?:\[([^\]]+)\]|@(\S+))?$/;

export const DATE_TIME_EXAMPLES =
  "expected an ISO 8601 date-time such as '2019-10-01T12:00:00Z', '2019-10-01T12:00:00+02:00' or '2019-10-01T12:00:00[Europe/Berlin]'";

/** Parses a timeDate to epoch milliseconds. */
export function parseDate(text: string): number {
  return parseZonedDateTime(text).epochMs;
}

/**
 * Parses a timeDate keeping its zone. With both an offset and a region, the
 * offset fixes the instant (as java.time does) and the region is kept for
 * arithmetic. Without any zone the time is read as UTC.
 */
export function parseZonedDateTime(text: string): ZonedDateTime {
  const input = checkInput('ISO 8601 date-time', text);
  return withContext('ISO 8601 date-time', text, () => parseDateTimeText(input));
}

export function parseDateTimeText(text: string): ZonedDateTime {
  const match = DATE_TIME_RE.exec(text);
  if (!match) throw new Problem(DATE_TIME_EXAMPLES);
  const [, y, mo, d, h, mi, s = '0', fraction = '', offsetText, bracketZone, atZone] = match;
  const wallClock = wallClockFromFields(
    Number(y),
    Number(mo),
    Number(d),
    Number(h),
    Number(mi),
    Number(s),
    Number(fraction.slice(0, 3).padEnd(3, '0')),
  );
  const region = bracketZone ?? atZone;
  if (region !== undefined) zoneFormatter(region);
  const offset = offsetText === undefined ? undefined : parseOffset(offsetText);
  if (offset !== undefined) {
    return { epochMs: checkEpochRange(wallClock - offset), timeZone: region ?? formatOffset(offset) };
  }
  if (region !== undefined) return { epochMs: checkEpochRange(wallClockToEpoch(region, wallClock)), timeZone: region };
  return { epochMs: wallClock, timeZone: 'Z' };
}

export function wallClockFromFields(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  ms: number,
): number {
  if (month < 1 || month > 12) throw new Problem(`month ${month} is out of range 1-12`);
  const monthLength = daysInMonth(year, month);
  if (day < 1 || day > monthLength) {
    throw new Problem(`day ${day} does not exist in ${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`);
  }
  if (hour > 23) throw new Problem(`hour ${hour} is out of range 0-23`);
  if (minute > 59) throw new Problem(`minute ${minute} is out of range 0-59`);
  if (second > 59) throw new Problem(`second ${second} is out of range 0-59`);
  return utcMs(year, month, day, hour, minute, second, ms);
}

export function formatOffset(offsetMs: number): string {
  if (offsetMs === 0) return 'Z';
  const sign = offsetMs < 0 ? '-' : '+';
  const total = Math.abs(offsetMs) / SECOND_MS;
  const pad = (value: number): string => String(value).padStart(2, '0');
  const seconds = total % 60;
  const base = `${sign}${pad(Math.floor(total / 3600))}:${pad(Math.floor(total / 60) % 60)}`;
  return seconds === 0 ? base : `${base}:${pad(seconds)}`;
}
