import { MAX_EPOCH_MS, SECOND_MS, checkEpochRange, daysInMonth, floorMod, utcMs } from './calendar.ts';
import { Problem, checkInput, withContext } from './errors.ts';

// ---------------------------------------------------------------------------
// Cron (Spring 5.3 dialect, as Zeebe's CronTimer uses via cron-utils SPRING53)
// ---------------------------------------------------------------------------

/** Days of one month that a day-of-month or day-of-week field selects. */
export type DaySelector = (year: number, month: number) => ReadonlySet<number>;

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

export interface FieldSpec {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  /** Names in value order, the first mapping to `nameBase`. */
  readonly names?: readonly string[];
  readonly nameBase?: number;
}

export const SECOND_FIELD: FieldSpec = { name: 'second', min: 0, max: 59 };
export const MINUTE_FIELD: FieldSpec = { name: 'minute', min: 0, max: 59 };
export const HOUR_FIELD: FieldSpec = { name: 'hour', min: 0, max: 23 };
export const DAY_OF_MONTH_FIELD: FieldSpec = { name: 'day-of-month', min: 1, max: 31 };
export const MONTH_FIELD: FieldSpec = {
  name: 'month',
  min: 1,
  max: 12,
  names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'],
  nameBase: 1,
};
/** 0 and 7 are both Sunday, as in Spring and cron-utils' SPRING53 definition. */
export const DAY_OF_WEEK_FIELD: FieldSpec = {
  name: 'day-of-week',
  min: 0,
  max: 7,
  names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'],
  nameBase: 0,
};

export const CRON_MACROS: Readonly<Record<string, string>> = {
  '@yearly': '0 0 0 1 1 *',
  '@annually': '0 0 0 1 1 *',
  '@monthly': '0 0 0 1 * *',
  '@weekly': '0 0 0 * * 0',
  '@daily': '0 0 0 * * *',
  '@midnight': '0 0 0 * * *',
  '@hourly': '0 0 * * * *',
};

/** The Gregorian calendar, weekdays included, repeats every 400 years. */
export const CRON_SEARCH_MONTHS = 400 * 12;

/** Parses a 6-field cron expression: second minute hour day-of-month month day-of-week. */
export function parseCron(text: string): CronSchedule {
  const input = checkInput('cron expression', text);
  return withContext('cron expression', text, () => parseCronText(input));
}

export function parseCronText(text: string): CronSchedule {
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

export function parseValueField(field: string, spec: FieldSpec): number[] {
  const values = new Set<number>();
  for (const item of splitList(field, spec)) {
    for (const value of expandItem(item, spec)) values.add(value);
  }
  return [...values].sort((a, b) => a - b);
}

export function splitList(field: string, spec: FieldSpec): string[] {
  const items = field.split(',');
  if (items.some((item) => item === '')) throw new Problem(`empty list entry in ${spec.name} field '${field}'`);
  return items;
}

/** Expands `*`, `n`, `a-b`, `*\/s`, `a/s` and `a-b/s` within the field's range. */
export function expandItem(item: string, spec: FieldSpec, wildcardRange: [number, number] = [spec.min, spec.max]): number[] {
  const [rangeText, stepText, extra] = item.split('/');
  if (extra !== undefined) throw new Problem(`invalid ${spec.name} entry '${item}'`);
  const step = stepText === undefined ? 1 : parseStep(stepText, item, spec);
  const [from, to] = parseRange(rangeText, stepText !== undefined, spec, wildcardRange);
  const values: number[] = [];
  for (let value = from; value <= to; value += step) values.push(value);
  return values;
}

export function parseStep(text: string, item: string, spec: FieldSpec): number {
  if (!/^\d+$/.test(text) || Number(text) === 0) {
    throw new Problem(`step in ${spec.name} entry '${item}' must be a positive integer`);
  }
  return Number(text);
}

export function parseRange(
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

export function parseFieldValue(text: string, spec: FieldSpec): number {
  const nameIndex = spec.names?.indexOf(text) ?? -1;
  const value = nameIndex >= 0 ? nameIndex + (spec.nameBase ?? 0) : /^\d+$/.test(text) ? Number(text) : NaN;
  if (Number.isNaN(value)) throw new Problem(`invalid ${spec.name} value '${text}'`);
  if (value < spec.min || value > spec.max) {
    throw new Problem(`${spec.name} value ${value} is out of range ${spec.min}-${spec.max}`);
  }
  return value;
}

export function isWildcard(field: string): boolean {
  return field === '*' || field === '?';
}

export function parseDayOfMonthField(field: string): DaySelector | undefined {
  if (isWildcard(field)) return undefined;
  return unionSelectors(splitList(field, DAY_OF_MONTH_FIELD).map(parseDayOfMonthItem));
}

export function parseDayOfMonthItem(item: string): DaySelector {
  if (item === 'L') return (year, month) => new Set([daysInMonth(year, month)]);
  if (item === 'LW') return (year, month) => new Set([lastWeekday(year, month)]);
  const fromLast = /^L-(\d+)$/.exec(item);
  if (fromLast) return lastDayMinus(Number(fromLast[1]), item);
  const nearest = /^(\d+)W$/.exec(item);
  if (nearest) return nearestWeekday(parseFieldValue(nearest[1], DAY_OF_MONTH_FIELD));
  const days = expandItem(item, DAY_OF_MONTH_FIELD);
  return (year, month) => new Set(days.filter((day) => day <= daysInMonth(year, month)));
}

export function lastDayMinus(offset: number, item: string): DaySelector {
  if (offset > 30) throw new Problem(`day-of-month entry '${item}' reaches before the first day`);
  return (year, month) => {
    const day = daysInMonth(year, month) - offset;
    return new Set(day >= 1 ? [day] : []);
  };
}

export function weekdayOf(year: number, month: number, day: number): number {
  return new Date(utcMs(year, month, day)).getUTCDay();
}

export function lastWeekday(year: number, month: number): number {
  const last = daysInMonth(year, month);
  const weekday = weekdayOf(year, month, last);
  return weekday === 6 ? last - 1 : weekday === 0 ? last - 2 : last;
}

/** Quartz/Spring `nW`: the weekday nearest to day n, never leaving the month. */
export function nearestWeekday(target: number): DaySelector {
  return (year, month) => {
    const last = daysInMonth(year, month);
    if (target > last) return new Set();
    const weekday = weekdayOf(year, month, target);
    if (weekday === 6) return new Set([target === 1 ? 3 : target - 1]);
    if (weekday === 0) return new Set([target === last ? target - 2 : target + 1]);
    return new Set([target]);
  };
}

export function parseDayOfWeekField(field: string): DaySelector | undefined {
  if (isWildcard(field)) return undefined;
  return unionSelectors(splitList(field, DAY_OF_WEEK_FIELD).map(parseDayOfWeekItem));
}

export function parseDayOfWeekItem(item: string): DaySelector {
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
export function jsWeekday(cronValue: number): number {
  return cronValue % 7;
}

export function lastWeekdayInMonth(weekday: number): DaySelector {
  return (year, month) => {
    const last = daysInMonth(year, month);
    return new Set([last - floorMod(weekdayOf(year, month, last) - weekday, 7)]);
  };
}

export function nthWeekdayInMonth(weekday: number, ordinal: number, item: string): DaySelector {
  if (ordinal < 1 || ordinal > 5) throw new Problem(`day-of-week entry '${item}' needs an ordinal between 1 and 5`);
  return (year, month) => {
    const day = 1 + floorMod(weekday - weekdayOf(year, month, 1), 7) + (ordinal - 1) * 7;
    return new Set(day <= daysInMonth(year, month) ? [day] : []);
  };
}

export function daysWhere(year: number, month: number, predicate: (day: number) => boolean): Set<number> {
  const days = new Set<number>();
  for (let day = 1; day <= daysInMonth(year, month); day++) if (predicate(day)) days.add(day);
  return days;
}

export function unionSelectors(selectors: DaySelector[]): DaySelector {
  return (year, month) => new Set(selectors.flatMap((select) => [...select(year, month)]));
}

/** Days matching both day fields: Spring intersects them; `*` and `?` match all. */
export function matchingDays(schedule: CronSchedule, year: number, month: number): number[] {
  const { daysOfMonth, daysOfWeek } = schedule;
  const byMonth = daysOfMonth?.(year, month);
  const byWeek = daysOfWeek?.(year, month);
  return [...daysWhere(year, month, (day) => (byMonth?.has(day) ?? true) && (byWeek?.has(day) ?? true))];
}

export interface TimeOfDay {
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

export function searchMonth(
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
export function searchDay(schedule: CronSchedule, bound: TimeOfDay | undefined): Omit<TimeOfDay, 'day'> | undefined {
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
