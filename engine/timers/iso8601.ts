/**
 * Timer-definition arithmetic for BPMN timer events, following Zeebe's semantics: the
 * public entry point; one module per concept (errors, calendar and zones, durations,
 * date-times, cron, cycles, scheduling) beside it.
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

export { TimerDefinitionError } from './errors.ts';
export { parseDuration, addDuration, type Duration } from './duration.ts';
export { parseDate, parseZonedDateTime, type ZonedDateTime } from './date-time.ts';
export { parseCron, nextCronMatch, type CronSchedule } from './cron.ts';
export { INFINITE_REPETITIONS, parseCycle, type IntervalCycle, type CronCycle, type Cycle } from './cycle.ts';
export { firstDue, firstCycleDue, nextDue, type TimerKind, type TimerDefinition, type TimerSchedule } from './schedule.ts';
