import { JAVA_INT_MAX } from './calendar.ts';
import { parseCron, type CronSchedule } from './cron.ts';
import { DATE_TIME_RE, parseZonedDateTime, type ZonedDateTime } from './date-time.ts';
import { isPositive, parseDuration, type Duration } from './duration.ts';
import { Problem, TimerDefinitionError, checkInput, withContext } from './errors.ts';

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

export function parseRepeatingInterval(text: string): IntervalCycle {
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

export function parseRepetitions(count: string): number {
  if (count === '') return INFINITE_REPETITIONS;
  if (!/^\d+$/.test(count) || Number(count) > JAVA_INT_MAX) {
    throw new Problem(
      `repetition count '${count}' must be a non-negative integer up to ${JAVA_INT_MAX}, or empty ('R/...') for infinite`,
    );
  }
  return Number(count);
}

export function parseCycleStart(text: string): ZonedDateTime {
  try {
    return parseZonedDateTime(text);
  } catch (error) {
    if (!(error instanceof TimerDefinitionError)) throw error;
    const hint = /^[-+]?P/.test(text) ? ' (the duration/end form is not supported)' : '';
    throw new Problem(`invalid start '${text}'${hint}: ${error.reason}`);
  }
}

export function parseCycleInterval(text: string): Duration {
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
