/**
 * Instants and calendar days for the date operators and the time-based facts. JSON has no
 * date type, so facts arrive as ISO 8601 strings (or epoch milliseconds). A date-time
 * without an offset is read as UTC: Date.parse would read it in the server's zone, and a
 * decision must not depend on where the worker happens to run.
 */

const ISO = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)(Z|[+-]\d{2}:?\d{2})?)?$/i;

export function isIsoDateOrDateTime(value: unknown): value is string {
  return typeof value === 'string' && ISO.test(value) && !Number.isNaN(toInstant(value));
}

/** Epoch milliseconds of an ISO string or epoch number; NaN when it is neither. */
export function toInstant(value: unknown): number {
  if (typeof value === 'number') return Number.isFinite(value) ? value : NaN;
  if (value instanceof Date) return value.getTime();
  if (typeof value !== 'string') return NaN;
  const m = ISO.exec(value);
  if (!m) return NaN;
  const [, date, time, offset] = m;
  if (!time) return Date.parse(`${date}T00:00:00Z`);
  return Date.parse(`${date}T${time}${offset ?? 'Z'}`);
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

/** Wall-clock parts of an instant in a zone: ISO weekday (1 = Monday), minutes since midnight, day. */
export function wallClock(instant: number, timeZone: string): { weekday: number; minuteOfDay: number; day: string } {
  const parts: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(instant)) parts[p.type] = p.value;
  return {
    weekday: WEEKDAYS[parts.weekday],
    minuteOfDay: Number(parts.hour) * 60 + Number(parts.minute),
    day: `${parts.year}-${parts.month}-${parts.day}`,
  };
}

/**
 * The calendar day a value names in `timeZone`. A date-only string is that day as written
 * (converting its UTC midnight would move it to the previous day west of Greenwich).
 */
export function calendarDay(value: unknown, timeZone: string): string | undefined {
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return Number.isNaN(toInstant(value)) ? undefined : value;
  const instant = toInstant(value);
  return Number.isNaN(instant) ? undefined : wallClock(instant, timeZone).day;
}

/** "HH:MM" → minutes since midnight, or undefined. */
export function parseTimeOfDay(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^([01]\d|2[0-4]):([0-5]\d)$/.exec(value);
  if (!m) return undefined;
  const minutes = Number(m[1]) * 60 + Number(m[2]);
  return minutes <= 24 * 60 ? minutes : undefined;
}
