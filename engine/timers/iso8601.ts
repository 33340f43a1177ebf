/**
 * Timer-definition arithmetic for BPMN timer events, following Zeebe's semantics.
 *
 * Pure functions only: no clock, no I/O. Callers pass "now" explicitly so the
 * engine stays deterministic and testable.
 *
 * Zeebe behaviour mirrored here (io.camunda.zeebe.model.bpmn.util.time.* and the
 * engine's CronTimer / TimerTriggerProcessor):
 * - timeDuration: `[+-]PnYnMnWnDTnHnMnS`. The date part (Y/M/W/D) is calendar
 *   arithmetic (java.time.Period), the time part is exact (java.time.Duration).
 *   Zero or negative durations are legal and simply make the timer due at once.
 * - timeDate: ISO 8601 date-time with `Z`, an offset and/or a `[Region/City]` id.
 * - timeCycle: text starting with `R` is an ISO 8601 repeating interval
 *   `R[n]/[start/]duration`; anything else is a Spring 5.3 style cron expression.
 *   `R/...` repeats forever, represented as -1 like Zeebe's RepeatingInterval.INFINITE.
 * - Scheduling: duration and date timers have 1 repetition; a timer with
 *   repetitions r is rescheduled after firing iff r === -1 or r > 1, with r - 1.
 *   So `R3/PT10M` fires 3 times and `R0`/`R1` both fire once.
 *
 * Deliberate deviations (all reject or accept strictly more sensible input):
 * - Calendar arithmetic without an explicit zone is done in UTC (Zeebe uses the
 *   JVM default zone, which is UTC in its official images). Cron is evaluated in UTC.
 * - Surrounding whitespace is trimmed (BPMN XML text content often has it).
 * - A date-time without zone is read as UTC and a bare `[Region/City]` zone is
 *   accepted, as docs.camunda.io documents; `@Region/City` (FEEL's string form
 *   of a zoned date-time) is accepted too.
 * - Cycles whose interval is zero or negative are rejected (Zeebe would fire them
 *   in a tight loop), as are repetition counts with a sign (`R-1` means infinite in
 *   Zeebe by accident of Integer.parseInt) and cron expressions that can never
 *   match (Zeebe would fire those once, immediately).
 */

// ---------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------

/** Raised for any timer text that cannot be used; `reason` omits the input echo. */
export class TimerDefinitionError extends Error {
  override readonly name = 'TimerDefinitionError';
  readonly text: string;
  readonly reason: string;

  constructor(what: string, text: string, reason: string) {
    super(`Invalid ${what} '${text}': ${reason}`);
    this.text = text;
    this.reason = reason;
  }
}

/** Internal: thrown by helpers that do not know which public entry point they serve. */
class Problem extends Error {}

function withContext<T>(what: string, text: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof Problem) throw new TimerDefinitionError(what, text, error.message);
    throw error;
  }
}

function checkInput(what: string, text: unknown): string {
  if (typeof text !== 'string') {
    throw new TimerDefinitionError(what, String(text), `expected a string but got ${typeof text}`);
  }
  const trimmed = text.trim();
  if (trimmed === '') throw new TimerDefinitionError(what, text, 'the text is empty');
  if (trimmed.startsWith('=')) {
    throw new TimerDefinitionError(
      what,
      text,
      'this is a FEEL expression; evaluate it first and pass the resulting string',
    );
  }
  return trimmed;
}

// ---------------------------------------------------------------------------
// Calendar helpers (UTC, proleptic Gregorian)
// ---------------------------------------------------------------------------

const SECOND_MS = 1_000;
const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** ECMAScript's Date range; anything beyond cannot be represented as an instant. */
const MAX_EPOCH_MS = 8.64e15;
const JAVA_INT_MAX = 2_147_483_647;

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Like Date.UTC, but without Date.UTC's remapping of years 0-99 to 1900-1999. */
function utcMs(year: number, month: number, day: number, hour = 0, minute = 0, second = 0, ms = 0): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, ms);
  return date.getTime();
}

function floorMod(value: number, divisor: number): number {
  return ((value % divisor) + divisor) % divisor;
}

function checkEpochRange(epochMs: number): number {
  if (!Number.isFinite(epochMs) || Math.abs(epochMs) > MAX_EPOCH_MS) {
    throw new RangeError(`Instant ${epochMs} is outside the representable range of ±${MAX_EPOCH_MS} ms`);
  }
  return epochMs;
}

// ---------------------------------------------------------------------------
// Time zones: 'Z', fixed offsets ('+02:00') or IANA regions ('Europe/Berlin')
// ---------------------------------------------------------------------------

const OFFSET_RE = /^([+-])(\d{2}):(\d{2})(?::(\d{2}))?$/;
const MAX_OFFSET_MS = 18 * HOUR_MS; // java.time.ZoneOffset's limit

function parseOffset(text: string): number | undefined {
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

const zoneFormatters = new Map<string, Intl.DateTimeFormat>();

function zoneFormatter(zone: string): Intl.DateTimeFormat {
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

function regionOffsetMs(zone: string, epochMs: number): number {
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
function offsetAt(zone: string, epochMs: number): number {
  return parseOffset(zone) ?? regionOffsetMs(zone, epochMs);
}

/**
 * Resolves a wall-clock time (encoded as if it were UTC) in `zone` to an instant,
 * the way java.time.ZonedDateTime.ofLocal does: in a DST gap the time moves
 * forward by the gap's length; in an overlap the preferred offset wins if valid,
 * otherwise the earlier offset (the one in force before the transition).
 */
function wallClockToEpoch(zone: string, wallClockMs: number, preferredOffset?: number): number {
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

const DURATION_RE =
  /^([-+]?)P(?:([-+]?\d+)Y)?(?:([-+]?\d+)M)?(?:([-+]?\d+)W)?(?:([-+]?\d+)D)?(?:(T)(?:([-+]?\d+)H)?(?:([-+]?\d+)M)?(?:([-+]?\d+)(?:[.,](\d{0,9}))?S)?)?$/;

/** Parses a timeDuration such as `PT10M`, `P1DT2H`, `P2W`, `PT0.5S` or `-PT5S`. */
export function parseDuration(text: string): Duration {
  const input = checkInput('ISO 8601 duration', text);
  return withContext('ISO 8601 duration', text, () => parseDurationText(input));
}

function parseDurationText(text: string): Duration {
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
function normalizeZero(value: number): number {
  return value === 0 ? 0 : value;
}

function periodComponent(text: string | undefined, name: string): number {
  if (text === undefined) return 0;
  const value = Number(text);
  // java.time.Period stores int components; larger values fail to parse in Zeebe.
  if (!Number.isSafeInteger(value) || Math.abs(value) > JAVA_INT_MAX) {
    throw new Problem(`${name} component '${text}' is out of range`);
  }
  return value;
}

function exactMillis(
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

function bigComponent(text: string | undefined, name: string): bigint {
  if (text === undefined) return 0n;
  if (text.replace(/^[-+]/, '').length > 16) throw new Problem(`${name} component '${text}' is out of range`);
  return BigInt(text.startsWith('+') ? text.slice(1) : text);
}

function explainDurationSyntax(text: string): string {
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

function hasCalendarPart(duration: Duration): boolean {
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

function addCalendarPart(epochMs: number, duration: Duration, timeZone: string): number {
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

function isPositive(duration: Duration): boolean {
  const parts = [duration.years, duration.months, duration.days, duration.millis];
  return parts.some((part) => part > 0) && parts.every((part) => part >= 0);
}

// ---------------------------------------------------------------------------
// Date-times
// ---------------------------------------------------------------------------

/** An instant plus the zone it was written in; the zone drives later calendar arithmetic. */
export interface ZonedDateTime {
  readonly epochMs: number;
  /** 'Z', a fixed offset such as '+02:00', or an IANA region such as 'Europe/Berlin'. */
  readonly timeZone: string;
}

const DATE_TIME_RE =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?([Zz]|[+-]\d{2}:\d{2}(?::\d{2})?)?(?:\[([^\]]+)\]|@(\S+))?$/;

const DATE_TIME_EXAMPLES =
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

function parseDateTimeText(text: string): ZonedDateTime {
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

function wallClockFromFields(
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

function formatOffset(offsetMs: number): string {
  if (offsetMs === 0) return 'Z';
  const sign = offsetMs < 0 ? '-' : '+';
  const total = Math.abs(offsetMs) / SECOND_MS;
  const pad = (value: number): string => String(value).padStart(2, '0');
  const seconds = total % 60;
  const base = `${sign}${pad(Math.floor(total / 3600))}:${pad(Math.floor(total / 60) % 60)}`;
  return seconds === 0 ? base : `${base}:${pad(seconds)}`;
}

// ---------------------------------------------------------------------------
// Cron (Spring 5.3 dialect, as Zeebe's CronTimer uses via cron-utils SPRING53)
// ---------------------------------------------------------------------------

/** Days of one month that a day-of-month or day-of-week field selects. */
type DaySelector = (year: number, month: number) => ReadonlySet<number>;

export interface CronSchedule {
  readonly text: string;
  readonly seconds: readonly number[];
  readonly minutes: readonly number[];
  readonly hours: readonly number[];
  readonly months: ReadonlySet<number>;
  /** undefined means "any day" (`*` or `?`). */
  readonly daysOfMonth: DaySelector | undefined;
  readonly daysOfWeek: DaySelector | undefined;
}

interface FieldSpec {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  /** Names in value order, the first mapping to `nameBase`. */
  readonly names?: readonly string[];
  readonly nameBase?: number;
}

const SECOND_FIELD: FieldSpec = { name: 'second', min: 0, max: 59 };
const MINUTE_FIELD: FieldSpec = { name: 'minute', min: 0, max: 59 };
const HOUR_FIELD: FieldSpec = { name: 'hour', min: 0, max: 23 };
const DAY_OF_MONTH_FIELD: FieldSpec = { name: 'day-of-month', min: 1, max: 31 };
const MONTH_FIELD: FieldSpec = {
  name: 'month',
  min: 1,
  max: 12,
  names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'],
  nameBase: 1,
};
/** 0 and 7 are both Sunday, as in Spring and cron-utils' SPRING53 definition. */
const DAY_OF_WEEK_FIELD: FieldSpec = {
  name: 'day-of-week',
  min: 0,
  max: 7,
  names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'],
  nameBase: 0,
};

const CRON_MACROS: Readonly<Record<string, string>> = {
  '@yearly': '0 0 0 1 1 *',
  '@annually': '0 0 0 1 1 *',
  '@monthly': '0 0 0 1 * *',
  '@weekly': '0 0 0 * * 0',
  '@daily': '0 0 0 * * *',
  '@midnight': '0 0 0 * * *',
  '@hourly': '0 0 * * * *',
};

/** The Gregorian calendar, weekdays included, repeats every 400 years. */
const CRON_SEARCH_MONTHS = 400 * 12;

/** Parses a 6-field cron expression: second minute hour day-of-month month day-of-week. */
export function parseCron(text: string): CronSchedule {
  const input = checkInput('cron expression', text);
  return withContext('cron expression', text, () => parseCronText(input));
}

function parseCronText(text: string): CronSchedule {
  const expanded = CRON_MACROS[text.toLowerCase()] ?? text;
  const fields = expanded.toUpperCase().split(/\s+/);
  if (fields.length !== 6) {
    throw new Problem(
      `expected 6 space-separated fields (second minute hour day-of-month month day-of-week) but got ${fields.length}`,
    );
  }
  const [second, minute, hour, dayOfMonth, month, dayOfWeek] = fields;
  const schedule: CronSchedule = {
    text,
    seconds: parseValueField(second, SECOND_FIELD),
    minutes: parseValueField(minute, MINUTE_FIELD),
    hours: parseValueField(hour, HOUR_FIELD),
    months: new Set(parseValueField(month, MONTH_FIELD)),
    daysOfMonth: parseDayOfMonthField(dayOfMonth),
    daysOfWeek: parseDayOfWeekField(dayOfWeek),
  };
  if (nextCronMatch(schedule, 0) === undefined) {
    throw new Problem('the expression never matches any date (e.g. 30 February)');
  }
  return schedule;
}

function parseValueField(field: string, spec: FieldSpec): number[] {
  const values = new Set<number>();
  for (const item of splitList(field, spec)) {
    for (const value of expandItem(item, spec)) values.add(value);
  }
  return [...values].sort((a, b) => a - b);
}

function splitList(field: string, spec: FieldSpec): string[] {
  const items = field.split(',');
  if (items.some((item) => item === '')) throw new Problem(`empty list entry in ${spec.name} field '${field}'`);
  return items;
}

/** Expands `*`, `n`, `a-b`, `*\/s`, `a/s` and `a-b/s` within the field's range. */
function expandItem(item: string, spec: FieldSpec, wildcardRange: [number, number] = [spec.min, spec.max]): number[] {
  const [rangeText, stepText, extra] = item.split('/');
  if (extra !== undefined) throw new Problem(`invalid ${spec.name} entry '${item}'`);
  const step = stepText === undefined ? 1 : parseStep(stepText, item, spec);
  const [from, to] = parseRange(rangeText, stepText !== undefined, spec, wildcardRange);
  const values: number[] = [];
  for (let value = from; value <= to; value += step) values.push(value);
  return values;
}

function parseStep(text: string, item: string, spec: FieldSpec): number {
  if (!/^\d+$/.test(text) || Number(text) === 0) {
    throw new Problem(`step in ${spec.name} entry '${item}' must be a positive integer`);
  }
  return Number(text);
}

function parseRange(
  text: string,
  hasStep: boolean,
  spec: FieldSpec,
  wildcardRange: [number, number],
): [number, number] {
  if (text === '*') return wildcardRange;
  const dash = text.indexOf('-');
  if (dash < 0) {
    const value = parseFieldValue(text, spec);
    // Like Spring, `a/s` means "from a to the field maximum, every s".
    return [value, hasStep ? wildcardRange[1] : value];
  }
  const from = parseFieldValue(text.slice(0, dash), spec);
  let to = parseFieldValue(text.slice(dash + 1), spec);
  // Sunday may close a day-of-week range as 0 or SUN ('FRI-SUN'); read it as 7.
  if (spec === DAY_OF_WEEK_FIELD && to === 0 && from > 0) to = 7;
  if (from > to) throw new Problem(`${spec.name} range '${text}' runs backwards`);
  return [from, to];
}

function parseFieldValue(text: string, spec: FieldSpec): number {
  const nameIndex = spec.names?.indexOf(text) ?? -1;
  const value = nameIndex >= 0 ? nameIndex + (spec.nameBase ?? 0) : /^\d+$/.test(text) ? Number(text) : NaN;
  if (Number.isNaN(value)) throw new Problem(`invalid ${spec.name} value '${text}'`);
  if (value < spec.min || value > spec.max) {
    throw new Problem(`${spec.name} value ${value} is out of range ${spec.min}-${spec.max}`);
  }
  return value;
}

function isWildcard(field: string): boolean {
  return field === '*' || field === '?';
}

function parseDayOfMonthField(field: string): DaySelector | undefined {
  if (isWildcard(field)) return undefined;
  return unionSelectors(splitList(field, DAY_OF_MONTH_FIELD).map(parseDayOfMonthItem));
}

function parseDayOfMonthItem(item: string): DaySelector {
  if (item === 'L') return (year, month) => new Set([daysInMonth(year, month)]);
  if (item === 'LW') return (year, month) => new Set([lastWeekday(year, month)]);
  const fromLast = /^L-(\d+)$/.exec(item);
  if (fromLast) return lastDayMinus(Number(fromLast[1]), item);
  const nearest = /^(\d+)W$/.exec(item);
  if (nearest) return nearestWeekday(parseFieldValue(nearest[1], DAY_OF_MONTH_FIELD));
  const days = expandItem(item, DAY_OF_MONTH_FIELD);
  return (year, month) => new Set(days.filter((day) => day <= daysInMonth(year, month)));
}

function lastDayMinus(offset: number, item: string): DaySelector {
  if (offset > 30) throw new Problem(`day-of-month entry '${item}' reaches before the first day`);
  return (year, month) => {
    const day = daysInMonth(year, month) - offset;
    return new Set(day >= 1 ? [day] : []);
  };
}

function weekdayOf(year: number, month: number, day: number): number {
  return new Date(utcMs(year, month, day)).getUTCDay();
}

function lastWeekday(year: number, month: number): number {
  const last = daysInMonth(year, month);
  const weekday = weekdayOf(year, month, last);
  return weekday === 6 ? last - 1 : weekday === 0 ? last - 2 : last;
}

/** Quartz/Spring `nW`: the weekday nearest to day n, never leaving the month. */
function nearestWeekday(target: number): DaySelector {
  return (year, month) => {
    const last = daysInMonth(year, month);
    if (target > last) return new Set();
    const weekday = weekdayOf(year, month, target);
    if (weekday === 6) return new Set([target === 1 ? 3 : target - 1]);
    if (weekday === 0) return new Set([target === last ? target - 2 : target + 1]);
    return new Set([target]);
  };
}

function parseDayOfWeekField(field: string): DaySelector | undefined {
  if (isWildcard(field)) return undefined;
  return unionSelectors(splitList(field, DAY_OF_WEEK_FIELD).map(parseDayOfWeekItem));
}

function parseDayOfWeekItem(item: string): DaySelector {
  if (item === 'L') {
    throw new Problem("'L' in the day-of-week field needs a day, e.g. 'FRIL' or '5L' for the last Friday");
  }
  const last = /^(\w+)L$/.exec(item);
  if (last) return lastWeekdayInMonth(jsWeekday(parseFieldValue(last[1], DAY_OF_WEEK_FIELD)));
  const nth = /^(\w+)#(\d+)$/.exec(item);
  if (nth) return nthWeekdayInMonth(jsWeekday(parseFieldValue(nth[1], DAY_OF_WEEK_FIELD)), Number(nth[2]), item);
  // Spring reads `*` as MON-SUN, which only matters for steps such as `*/2`.
  const weekdays = new Set(expandItem(item, DAY_OF_WEEK_FIELD, [1, 7]).map(jsWeekday));
  return (year, month) => daysWhere(year, month, (day) => weekdays.has(weekdayOf(year, month, day)));
}

/** Maps cron's 0-7 (0 and 7 = Sunday) onto Date#getUTCDay's 0-6. */
function jsWeekday(cronValue: number): number {
  return cronValue % 7;
}

function lastWeekdayInMonth(weekday: number): DaySelector {
  return (year, month) => {
    const last = daysInMonth(year, month);
    return new Set([last - floorMod(weekdayOf(year, month, last) - weekday, 7)]);
  };
}

function nthWeekdayInMonth(weekday: number, ordinal: number, item: string): DaySelector {
  if (ordinal < 1 || ordinal > 5) throw new Problem(`day-of-week entry '${item}' needs an ordinal between 1 and 5`);
  return (year, month) => {
    const day = 1 + floorMod(weekday - weekdayOf(year, month, 1), 7) + (ordinal - 1) * 7;
    return new Set(day <= daysInMonth(year, month) ? [day] : []);
  };
}

function daysWhere(year: number, month: number, predicate: (day: number) => boolean): Set<number> {
  const days = new Set<number>();
  for (let day = 1; day <= daysInMonth(year, month); day++) if (predicate(day)) days.add(day);
  return days;
}

function unionSelectors(selectors: DaySelector[]): DaySelector {
  return (year, month) => new Set(selectors.flatMap((select) => [...select(year, month)]));
}

/** Days matching both day fields: Spring intersects them; `*` and `?` match all. */
function matchingDays(schedule: CronSchedule, year: number, month: number): number[] {
  const { daysOfMonth, daysOfWeek } = schedule;
  const byMonth = daysOfMonth?.(year, month);
  const byWeek = daysOfWeek?.(year, month);
  return [...daysWhere(year, month, (day) => (byMonth?.has(day) ?? true) && (byWeek?.has(day) ?? true))];
}

interface TimeOfDay {
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

/** The first time strictly after `afterMs` (whole seconds, UTC) matching the schedule. */
export function nextCronMatch(schedule: CronSchedule, afterMs: number): number | undefined {
  const start = new Date(Math.floor(checkEpochRange(afterMs) / SECOND_MS) * SECOND_MS + SECOND_MS);
  let year = start.getUTCFullYear();
  let month = start.getUTCMonth() + 1;
  let lowerBound: TimeOfDay | undefined = {
    day: start.getUTCDate(),
    hour: start.getUTCHours(),
    minute: start.getUTCMinutes(),
    second: start.getUTCSeconds(),
  };
  for (let i = 0; i <= CRON_SEARCH_MONTHS; i++) {
    const hit = schedule.months.has(month) ? searchMonth(schedule, year, month, lowerBound) : undefined;
    if (hit !== undefined) return hit <= MAX_EPOCH_MS ? hit : undefined;
    lowerBound = undefined;
    [year, month] = month === 12 ? [year + 1, 1] : [year, month + 1];
  }
  return undefined;
}

function searchMonth(
  schedule: CronSchedule,
  year: number,
  month: number,
  lowerBound: TimeOfDay | undefined,
): number | undefined {
  for (const day of matchingDays(schedule, year, month)) {
    if (lowerBound && day < lowerBound.day) continue;
    const bound = lowerBound && day === lowerBound.day ? lowerBound : undefined;
    const time = searchDay(schedule, bound);
    if (time) return utcMs(year, month, day, time.hour, time.minute, time.second);
  }
  return undefined;
}

/** Earliest (hour, minute, second) of the schedule at or after `bound` within one day. */
function searchDay(schedule: CronSchedule, bound: TimeOfDay | undefined): Omit<TimeOfDay, 'day'> | undefined {
  const { hours, minutes, seconds } = schedule;
  if (!bound) return { hour: hours[0], minute: minutes[0], second: seconds[0] };
  for (const hour of hours.filter((h) => h >= bound.hour)) {
    if (hour > bound.hour) return { hour, minute: minutes[0], second: seconds[0] };
    for (const minute of minutes.filter((m) => m >= bound.minute)) {
      if (minute > bound.minute) return { hour, minute, second: seconds[0] };
      const second = seconds.find((s) => s >= bound.second);
      if (second !== undefined) return { hour, minute, second };
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------
// Cycles
// ---------------------------------------------------------------------------

/** Zeebe's RepeatingInterval.INFINITE. */
export const INFINITE_REPETITIONS = -1;

export interface IntervalCycle {
  readonly kind: 'interval';
  readonly text: string;
  /** -1 for `R/...`, otherwise the count after `R` (R0 is kept as 0; it fires once like R1). */
  readonly repetitions: number;
  readonly interval: Duration;
  /** Optional first due time; its zone also drives calendar arithmetic between firings. */
  readonly start?: ZonedDateTime;
}

export interface CronCycle {
  readonly kind: 'cron';
  readonly text: string;
  /** Cron cycles always repeat forever. */
  readonly repetitions: typeof INFINITE_REPETITIONS;
  readonly schedule: CronSchedule;
}

export type Cycle = IntervalCycle | CronCycle;

/**
 * Parses a timeCycle: `R[n]/duration`, `R[n]/start/duration`, or (anything not
 * starting with `R`, as in Zeebe) a Spring-style 6-field cron expression.
 */
export function parseCycle(text: string): Cycle {
  const input = checkInput('timer cycle', text);
  if (input.startsWith('R')) return withContext('timer cycle', text, () => parseRepeatingInterval(input));
  try {
    return { kind: 'cron', text: input, repetitions: INFINITE_REPETITIONS, schedule: parseCron(input) };
  } catch (error) {
    if (!(error instanceof TimerDefinitionError)) throw error;
    throw new TimerDefinitionError(
      'timer cycle',
      text,
      `not an ISO 8601 repeating interval (those start with 'R', e.g. 'R5/PT10S' or 'R/P1D') ` +
        `and not a valid cron expression: ${error.reason}`,
    );
  }
}

function parseRepeatingInterval(text: string): IntervalCycle {
  const slash = text.indexOf('/');
  if (slash < 0) {
    throw new Problem("missing '/' and interval: expected 'R[n]/<duration>' or 'R[n]/<start>/<duration>'");
  }
  const repetitions = parseRepetitions(text.slice(1, slash));
  const rest = text.slice(slash + 1);
  // Zone ids contain '/', so the duration is whatever follows the last one.
  const lastSlash = rest.lastIndexOf('/');
  const start = lastSlash < 0 ? undefined : parseCycleStart(rest.slice(0, lastSlash));
  const interval = parseCycleInterval(rest.slice(lastSlash + 1));
  return start === undefined
    ? { kind: 'interval', text, repetitions, interval }
    : { kind: 'interval', text, repetitions, interval, start };
}

function parseRepetitions(count: string): number {
  if (count === '') return INFINITE_REPETITIONS;
  if (!/^\d+$/.test(count) || Number(count) > JAVA_INT_MAX) {
    throw new Problem(
      `repetition count '${count}' must be a non-negative integer up to ${JAVA_INT_MAX}, or empty ('R/...') for infinite`,
    );
  }
  return Number(count);
}

function parseCycleStart(text: string): ZonedDateTime {
  try {
    return parseZonedDateTime(text);
  } catch (error) {
    if (!(error instanceof TimerDefinitionError)) throw error;
    const hint = /^[-+]?P/.test(text) ? ' (the duration/end form is not supported)' : '';
    throw new Problem(`invalid start '${text}'${hint}: ${error.reason}`);
  }
}

function parseCycleInterval(text: string): Duration {
  let interval: Duration;
  try {
    interval = parseDuration(text);
  } catch (error) {
    if (!(error instanceof TimerDefinitionError)) throw error;
    const hint = DATE_TIME_RE.test(text) ? ' (intervals with an end date are not supported)' : '';
    throw new Problem(`invalid interval '${text}'${hint}: ${error.reason}`);
  }
  if (!isPositive(interval)) {
    throw new Problem(`interval '${text}' must be positive; a zero or negative interval would fire continuously`);
  }
  return interval;
}

// ---------------------------------------------------------------------------
// Scheduling
// ---------------------------------------------------------------------------

export type TimerKind = 'duration' | 'date' | 'cycle';

/** A timer definition as written in the BPMN (or the string a FEEL expression produced). */
export interface TimerDefinition {
  readonly kind: TimerKind;
  readonly text: string;
}

/** When a timer is due and the repetitions value to store with it (Zeebe's TimerRecord). */
export interface TimerSchedule {
  readonly dueMs: number;
  /** -1 = infinite; otherwise firings left including this one (0 still fires once). */
  readonly repetitions: number;
}

/**
 * First due time of a timer created at `nowMs`. A due time at or before now
 * (negative duration, past date) means "fire immediately", as in Zeebe.
 */
export function firstDue(def: TimerDefinition, nowMs: number): TimerSchedule {
  checkEpochRange(nowMs);
  switch (def.kind) {
    case 'duration':
      return { dueMs: addDuration(nowMs, parseDuration(def.text)), repetitions: 1 };
    case 'date':
      return { dueMs: parseDate(def.text), repetitions: 1 };
    case 'cycle':
      return firstCycleDue(parseCycle(def.text), nowMs);
    default:
      return unknownKind(def.kind);
  }
}

/** Reached only by untyped callers (e.g. kinds read from storage). */
function unknownKind(kind: never): never {
  throw new TimerDefinitionError('timer kind', String(kind), "expected 'duration', 'date' or 'cycle'");
}

/** First due time of an already parsed cycle. */
export function firstCycleDue(cycle: Cycle, nowMs: number): TimerSchedule {
  checkEpochRange(nowMs);
  if (cycle.kind === 'cron') return { dueMs: cronAfter(cycle, nowMs), repetitions: INFINITE_REPETITIONS };
  // A start in the past makes the first firing due immediately.
  const dueMs = cycle.start ? Math.max(cycle.start.epochMs, nowMs) : addDuration(nowMs, cycle.interval);
  return { dueMs, repetitions: cycle.repetitions };
}

function cronAfter(cycle: CronCycle, afterMs: number): number {
  const due = nextCronMatch(cycle.schedule, afterMs);
  // parseCron rejects expressions without matches, so only the Date range can end the search.
  if (due === undefined) throw new RangeError(`Cron expression '${cycle.text}' has no match before the end of time`);
  return due;
}

/**
 * Reschedules a cycle after the timer due at `previousDueMs` (stored with
 * `remainingRepetitions`) fired. Returns null when the cycle is exhausted.
 *
 * Interval cycles step from the previous due time, but if that occurrence is not
 * after `nowMs` (missed cycles, e.g. downtime) they re-anchor on now instead of
 * firing a burst, like Zeebe's RepeatingInterval#nextOccurrenceAfter. Cron cycles
 * take the next match after now. `nowMs` defaults to `previousDueMs`.
 */
export function nextDue(
  cycle: Cycle,
  previousDueMs: number,
  remainingRepetitions: number,
  nowMs: number = previousDueMs,
): TimerSchedule | null {
  checkRepetitions(remainingRepetitions);
  checkEpochRange(previousDueMs);
  checkEpochRange(nowMs);
  if (remainingRepetitions !== INFINITE_REPETITIONS && remainingRepetitions <= 1) return null;
  if (cycle.kind === 'cron') {
    return { dueMs: cronAfter(cycle, Math.max(previousDueMs, nowMs)), repetitions: INFINITE_REPETITIONS };
  }
  const zone = cycle.start?.timeZone ?? 'Z';
  const natural = addDuration(previousDueMs, cycle.interval, zone);
  const dueMs = natural > nowMs ? natural : addDuration(nowMs, cycle.interval, zone);
  const repetitions =
    remainingRepetitions === INFINITE_REPETITIONS ? INFINITE_REPETITIONS : remainingRepetitions - 1;
  return { dueMs, repetitions };
}

function checkRepetitions(value: number): void {
  if (!Number.isSafeInteger(value) || value < INFINITE_REPETITIONS) {
    throw new RangeError(`Repetitions must be -1 (infinite) or a non-negative integer, got ${value}`);
  }
}
