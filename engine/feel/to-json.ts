import { isFeelFunctionValue } from './program.ts';
import type { FeelResultType, JsonValue } from './types.ts';

// ---------------------------------------------------------------------------
// FEEL values → JSON (what Zeebe stores)
// ---------------------------------------------------------------------------

/** The parts of luxon's DateTime that feelin's values expose (luxon is feelin's, not ours). */
export interface LuxonDateTime {
  readonly isLuxonDateTime: true;
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly millisecond: number;
  /** Offset from UTC in minutes. */
  readonly offset: number;
  readonly zone: { readonly type: string; readonly name: string };
}

export interface LuxonDuration {
  readonly isLuxonDuration: true;
  toObject(): Partial<Record<DurationUnit, number>>;
  toISO(): string;
}

export type DurationUnit = 'years' | 'quarters' | 'months' | 'weeks' | 'days' | 'hours' | 'minutes' | 'seconds' | 'milliseconds';

export function isLuxonDateTime(value: object): value is LuxonDateTime {
  return (value as { isLuxonDateTime?: unknown }).isLuxonDateTime === true;
}

export function isLuxonDuration(value: object): value is LuxonDuration {
  return (value as { isLuxonDuration?: unknown }).isLuxonDuration === true;
}

export function isPlainObject(value: object): value is Record<string, unknown> {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * feelin has one DateTime class for all temporal values and tells them apart like its
 * getType: a time lies on 1900-01-01, a date is midnight UTC. One addition: local
 * (system zone) midnight is a date too, because that is what feelin's `today()` returns;
 * the price is that a local date-time literal at exactly midnight is stored as a date.
 */
export function temporalKind(dt: LuxonDateTime): 'time' | 'date' | 'date time' {
  if (dt.year === 1900 && dt.month === 1 && dt.day === 1) return 'time';
  const midnight = dt.hour === 0 && dt.minute === 0 && dt.second === 0 && dt.millisecond === 0;
  const utcOrLocal = (dt.zone.type === 'fixed' && dt.offset === 0) || dt.zone.type === 'system';
  return midnight && utcOrLocal ? 'date' : 'date time';
}

export function pad(n: number, width = 2): string {
  return String(Math.abs(n)).padStart(width, '0');
}

export function isoDate(dt: LuxonDateTime): string {
  const year = dt.year < 0 ? `-${pad(dt.year, 4)}` : dt.year > 9999 ? `+${dt.year}` : pad(dt.year, 4);
  return `${year}-${pad(dt.month)}-${pad(dt.day)}`;
}

/** java.time ISO_LOCAL_TIME: seconds always, fraction only as long as needed. */
export function isoTime(dt: LuxonDateTime): string {
  const fraction = dt.millisecond === 0 ? '' : `.${pad(dt.millisecond, 3).replace(/0+$/, '')}`;
  return `${pad(dt.hour)}:${pad(dt.minute)}:${pad(dt.second)}${fraction}`;
}

/** java.time ZoneOffset ids: `Z` for UTC, else `+hh:mm`. */
export function offsetId(minutes: number): string {
  if (minutes === 0) return 'Z';
  const sign = minutes < 0 ? '-' : '+';
  return `${sign}${pad(Math.trunc(Math.abs(minutes) / 60))}:${pad(Math.abs(minutes) % 60)}`;
}

/**
 * Zeebe: a local date-time is written with ISO_LOCAL_DATE_TIME, a zoned one with
 * ISO_ZONED_DATE_TIME (`+01:00[Europe/Berlin]`). feelin gives local values the
 * system zone.
 */
export function formatDateTime(dt: LuxonDateTime): string {
  const local = `${isoDate(dt)}T${isoTime(dt)}`;
  if (dt.zone.type === 'system') return local;
  if (dt.zone.type === 'fixed') return local + offsetId(dt.offset);
  return `${local}${offsetId(dt.offset)}[${dt.zone.name}]`;
}

/**
 * Zeebe writes a local time with java.time.LocalTime#toString (`10:00`, `10:00:30`,
 * `10:00:30.500`). For a time with offset or zone, FEEL's own notation is used
 * (`10:00:00+02:00`, `10:00:00@Europe/Berlin`).
 */
export function formatTime(dt: LuxonDateTime): string {
  if (dt.zone.type === 'system') {
    const seconds = dt.second === 0 && dt.millisecond === 0 ? '' : `:${pad(dt.second)}`;
    const millis = dt.millisecond === 0 ? '' : `.${pad(dt.millisecond, 3)}`;
    return `${pad(dt.hour)}:${pad(dt.minute)}${seconds}${millis}`;
  }
  if (dt.zone.type === 'fixed') return isoTime(dt) + offsetId(dt.offset);
  return `${isoTime(dt)}@${dt.zone.name}`;
}

export const YEAR_MONTH_UNITS: readonly DurationUnit[] = ['years', 'quarters', 'months'];
export const DAY_TIME_UNITS: readonly DurationUnit[] = ['weeks', 'days', 'hours', 'minutes', 'seconds', 'milliseconds'];

export interface DurationParts {
  months: number;
  millis: number;
  hasYearMonth: boolean;
  hasDayTime: boolean;
}

export function durationParts(duration: LuxonDuration): DurationParts {
  const o = duration.toObject();
  const n = (unit: DurationUnit): number => o[unit] ?? 0;
  return {
    months: n('years') * 12 + n('quarters') * 3 + n('months'),
    millis:
      ((((n('weeks') * 7 + n('days')) * 24 + n('hours')) * 60 + n('minutes')) * 60 + n('seconds')) * 1000 +
      n('milliseconds'),
    hasYearMonth: YEAR_MONTH_UNITS.some((u) => o[u] !== undefined),
    hasDayTime: DAY_TIME_UNITS.some((u) => o[u] !== undefined),
  };
}

/** A duration of years/months only is FEEL's "years and months duration" (Zeebe PERIOD). */
export function isYearMonthDuration(parts: DurationParts): boolean {
  return parts.hasYearMonth && (!parts.hasDayTime || parts.millis === 0);
}

/** FEEL-scala ValYearMonthDuration.format: `P1Y2M`, `P0Y`, `-P1M`. */
export function formatYearMonth(totalMonths: number): string {
  const years = Math.trunc(totalMonths / 12);
  const months = totalMonths % 12;
  if (years === 0 && months === 0) return 'P0Y';
  const text = (y: number, m: number): string => `P${y ? `${y}Y` : ''}${m ? `${m}M` : ''}`;
  return years <= 0 && months <= 0 ? `-${text(-years, -months)}` : text(years, months);
}

/** FEEL-scala ValDayTimeDuration.format: `P1DT2H`, `PT30S`, `P0D` (whole seconds). */
export function formatDayTime(millis: number): string {
  const totalSeconds = Math.trunc(millis / 1000);
  const day = Math.trunc(totalSeconds / 86400);
  const hour = Math.trunc(totalSeconds / 3600) % 24;
  const minute = Math.trunc(totalSeconds / 60) % 60;
  const second = totalSeconds % 60;
  if (day === 0 && hour === 0 && minute === 0 && second === 0) return 'P0D';
  const text = (d: number, h: number, m: number, s: number): string => {
    const time = `${h ? `${h}H` : ''}${m ? `${m}M` : ''}${s ? `${s}S` : ''}`;
    return `P${d ? `${d}D` : ''}${time ? `T${time}` : ''}`;
  };
  const negative = day <= 0 && hour <= 0 && minute <= 0 && second <= 0;
  return negative ? `-${text(-day, -hour, -minute, -second)}` : text(day, hour, minute, second);
}

export function formatDuration(duration: LuxonDuration): string {
  const parts = durationParts(duration);
  if (isYearMonthDuration(parts)) return formatYearMonth(parts.months);
  if (parts.months === 0) return formatDayTime(parts.millis);
  return duration.toISO(); // both kinds at once: FEEL has no such type; keep all of it
}

/** Thrown inside toJson; carries what was found. */
export class NotJsonError extends Error {}

export function describeNonJson(value: object): string {
  if (isFeelFunctionValue(value)) return 'a function';
  if ('start included' in value) return 'a range';
  return `a value of type '${value.constructor?.name ?? 'unknown'}'`;
}

/** Copy-on-write: JSON input comes back as the same object, so results cost no copies. */
export function toJson(value: unknown): JsonValue {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      if (Number.isFinite(value)) return value;
      throw new NotJsonError(`the number ${value}`);
    case 'object':
      return objectToJson(value);
    case 'function':
      throw new NotJsonError('a function');
    default:
      throw new NotJsonError(`a value of type '${typeof value}'`);
  }
}

export function objectToJson(value: object): JsonValue {
  if (Array.isArray(value)) return listToJson(value);
  if (isLuxonDateTime(value)) {
    const kind = temporalKind(value);
    return kind === 'date' ? isoDate(value) : kind === 'time' ? formatTime(value) : formatDateTime(value);
  }
  if (isLuxonDuration(value)) return formatDuration(value);
  if (isPlainObject(value) && !isFeelFunctionValue(value)) return contextToJson(value);
  throw new NotJsonError(describeNonJson(value));
}

export function listToJson(list: readonly unknown[]): JsonValue[] {
  let copy: JsonValue[] | undefined;
  for (let i = 0; i < list.length; i++) {
    const item = list[i];
    const converted = toJson(item);
    if (converted !== item && copy === undefined) copy = list.slice(0, i) as JsonValue[];
    if (copy !== undefined) copy.push(converted);
  }
  return copy ?? (list as JsonValue[]);
}

export function contextToJson(context: Record<string, unknown>): { [key: string]: JsonValue } {
  let copy: { [key: string]: JsonValue } | undefined;
  for (const key of Object.keys(context)) {
    const entry = context[key];
    const converted = toJson(entry);
    if (converted !== entry && copy === undefined) copy = { ...(context as { [key: string]: JsonValue }) };
    if (copy !== undefined) copy[key] = converted;
  }
  return copy ?? (context as { [key: string]: JsonValue });
}

/** Zeebe's FeelEvaluationResult.getType, applied to feelin's value. */
export function resultType(value: unknown): FeelResultType {
  if (value === null || value === undefined) return 'NULL';
  switch (typeof value) {
    case 'boolean':
      return 'BOOLEAN';
    case 'number':
      return 'NUMBER';
    case 'string':
      return 'STRING';
    case 'object':
      return objectResultType(value);
    default:
      return 'UNKNOWN';
  }
}

export function objectResultType(value: object): FeelResultType {
  if (Array.isArray(value)) return 'ARRAY';
  if (isLuxonDateTime(value)) {
    const kind = temporalKind(value);
    return kind === 'date' ? 'DATE' : kind === 'date time' ? 'DATE_TIME' : 'UNKNOWN';
  }
  if (isLuxonDuration(value)) return isYearMonthDuration(durationParts(value)) ? 'PERIOD' : 'DURATION';
  if (isPlainObject(value) && !isFeelFunctionValue(value)) return 'OBJECT';
  return 'UNKNOWN';
}
