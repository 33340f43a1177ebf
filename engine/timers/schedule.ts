import { checkEpochRange } from './calendar.ts';
import { nextCronMatch } from './cron.ts';
import { INFINITE_REPETITIONS, parseCycle, type CronCycle, type Cycle } from './cycle.ts';
import { parseDate } from './date-time.ts';
import { addDuration, parseDuration } from './duration.ts';
import { TimerDefinitionError } from './errors.ts';

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
export function unknownKind(kind: never): never {
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

export function cronAfter(cycle: CronCycle, afterMs: number): number {
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

export function checkRepetitions(value: number): void {
  if (!Number.isSafeInteger(value) || value < INFINITE_REPETITIONS) {
    throw new RangeError(`Repetitions must be -1 (infinite) or a non-negative integer, got ${value}`);
  }
}
