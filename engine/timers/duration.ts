import { DAY_MS, JAVA_INT_MAX, checkEpochRange, daysInMonth, floorMod, offsetAt, utcMs, wallClockToEpoch } from './calendar.ts';
import { Problem, checkInput, withContext } from './errors.ts';

// ---------------------------------------------------------------------------
// Durations
// ---------------------------------------------------------------------------

/**
 * An ISO 8601 duration split like Zeebe's Interval: a calendar part applied to
 * the local date (month ends clamp: Jan 31 + P1M = Feb 28/29) and an exact part.
 */
export interface Duration {
  readonly years: number;
  readonly months: number;
  /** Includes weeks (P2W = 14 days), as java.time.Period does. */
  readonly days: number;
  /** Hours, minutes and seconds as exact milliseconds (sub-millisecond floored). */
  readonly millis: number;
}

export const DURATION_RE =
  /^([-+]?)P(?:([-+]?\d+)Y)?(?:([-+]?\d+)M)?(?:([-+]?\d+)W)?(?:([-+]?\d+)D)?(?:(T)(?:([-+]?\d+)H)?(?:([-+]?\d+)M)?(?:([-+]?\d+)(?:[.,](\d{0,9}))?S)?)?$/;

/** Parses a timeDuration such as `PT10M`, `P1DT2H`, `P2W`, `PT0.5S` or `-PT5S`. */
export function parseDuration(text: string): Duration {
  const input = checkInput('ISO 8601 duration', text);
  return withContext('ISO 8601 duration', text, () => parseDurationText(input));
}

export function parseDurationText(text: string): Duration {
  const match = DURATION_RE.exec(text);
  if (!match) throw new Problem(explainDurationSyntax(text));
  const [, sign, y, mo, w, d, t, h, mi, s, fraction] = match;
  if (t !== undefined && h === undefined && mi === undefined && s === undefined) {
    throw new Problem("'T' must be followed by at least one of nH, nM or nS");
  }
  if ([y, mo, w, d, h, mi, s].every((part) => part === undefined)) {
    throw new Problem("at least one component is required after 'P', e.g. 'PT10M' or 'P1D'");
  }
  const negate = sign === '-' ? -1 : 1;
  const weeks = periodComponent(w, 'weeks');
  const days = periodComponent(d, 'days');
  const totalDays = weeks * 7 + days;
  if (Math.abs(totalDays) > JAVA_INT_MAX) throw new Problem('weeks plus days is out of range');
  return {
    years: normalizeZero(negate * periodComponent(y, 'years')),
    months: normalizeZero(negate * periodComponent(mo, 'months')),
    days: normalizeZero(negate * totalDays),
    millis: normalizeZero(exactMillis(negate, h, mi, s, fraction)),
  };
}

/** Avoids -0 leaking out of negated zero components (it breaks deep equality). */
export function normalizeZero(value: number): number {
  return value === 0 ? 0 : value;
}

export function periodComponent(text: string | undefined, name: string): number {
  if (text === undefined) return 0;
  const value = Number(text);
  // java.time.Period stores int components; larger values fail to parse in Zeebe.
  if (!Number.isSafeInteger(value) || Math.abs(value) > JAVA_INT_MAX) {
    throw new Problem(`${name} component '${text}' is out of range`);
  }
  return value;
}

export function exactMillis(
  negate: number,
  hours: string | undefined,
  minutes: string | undefined,
  seconds: string | undefined,
  fraction: string | undefined,
): number {
  // BigInt nanoseconds keep fractional seconds exact before flooring to ms like
  // java.time.Duration#toMillis does.
  let nanos =
    bigComponent(hours, 'hours') * 3_600_000_000_000n +
    bigComponent(minutes, 'minutes') * 60_000_000_000n +
    bigComponent(seconds, 'seconds') * 1_000_000_000n;
  if (fraction) {
    const fractionNanos = BigInt(fraction.padEnd(9, '0'));
    nanos += seconds?.startsWith('-') ? -fractionNanos : fractionNanos;
  }
  nanos *= BigInt(negate);
  const millis = nanos >= 0n ? nanos / 1_000_000n : -((-nanos + 999_999n) / 1_000_000n);
  if (millis > BigInt(Number.MAX_SAFE_INTEGER) || millis < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new Problem('the time part is out of range');
  }
  return Number(millis);
}

export function bigComponent(text: string | undefined, name: string): bigint {
  if (text === undefined) return 0n;
  if (text.replace(/^[-+]/, '').length > 16) throw new Problem(`${name} component '${text}' is out of range`);
  return BigInt(text.startsWith('+') ? text.slice(1) : text);
}

export function explainDurationSyntax(text: string): string {
  if (!/^[-+]?P/i.test(text)) {
    return "a duration must start with 'P' (optionally preceded by '-' or '+'), e.g. 'PT10M' or 'P1D'";
  }
  if (/[a-z]/.test(text)) return 'designators must be upper case, e.g. PT10M rather than pt10m';
  if (/\d[.,]\d*[YMWDH]/.test(text)) return 'only the seconds component may have a fraction, e.g. PT0.5S';
  if (/^[-+]?P[\dYMWDTHS.,+-]*$/.test(text)) {
    return "components must appear once each in the order Y, M, W, D, then 'T' and H, M, S, e.g. P1Y2M3DT4H5M6S";
  }
  return 'expected the form PnYnMnWnDTnHnMnS, e.g. PT10M, P1DT2H or P2W';
}

export function hasCalendarPart(duration: Duration): boolean {
  return duration.years !== 0 || duration.months !== 0 || duration.days !== 0;
}

/**
 * Adds a duration to an instant. The calendar part moves the wall-clock date in
 * `timeZone` (default UTC) and clamps to the month's last day; the exact part is
 * then added as elapsed time, matching ZonedDateTime.plus(Period).plus(Duration).
 */
export function addDuration(epochMs: number, duration: Duration, timeZone = 'Z'): number {
  checkEpochRange(epochMs);
  const moved = hasCalendarPart(duration) ? addCalendarPart(epochMs, duration, timeZone) : epochMs;
  return checkEpochRange(moved + duration.millis);
}

export function addCalendarPart(epochMs: number, duration: Duration, timeZone: string): number {
  const offset = withContext('time zone', timeZone, () => offsetAt(timeZone, epochMs));
  const wallClock = epochMs + offset;
  const timeOfDay = floorMod(wallClock, DAY_MS);
  const date = new Date(wallClock - timeOfDay);
  const totalMonths =
    date.getUTCFullYear() * 12 + date.getUTCMonth() + duration.years * 12 + duration.months;
  const year = Math.floor(totalMonths / 12);
  const month = totalMonths - year * 12 + 1;
  const day = Math.min(date.getUTCDate(), daysInMonth(year, month));
  const movedWallClock = utcMs(year, month, day) + duration.days * DAY_MS + timeOfDay;
  return wallClockToEpoch(timeZone, checkEpochRange(movedWallClock), offset);
}

export function isPositive(duration: Duration): boolean {
  const parts = [duration.years, duration.months, duration.days, duration.millis];
  return parts.some((part) => part > 0) && parts.every((part) => part >= 0);
}
