/**
 * Deploy-time checks of static timer values. Zeebe evaluates static timer expressions when the
 * resource is deployed (TimerCatchEventExpressionValidator) and rejects what it cannot parse, e.g.
 * "Invalid timer duration expression (Invalid duration format 'foo' for expression 'foo')".
 */
import { isZonedDateTime } from './expressions.ts';
import type { TimerDefinition } from './types.ts';

// ISO-8601 as java.time reads it for Zeebe's Interval: a Period part, a Duration part, or both.
const DURATION = /^-?P(?=[\dT.,-])(?:[-+]?\d+Y)?(?:[-+]?\d+M)?(?:[-+]?\d+W)?(?:[-+]?\d+D)?(?:T(?=[-+\d])(?:[-+]?\d+H)?(?:[-+]?\d+M)?(?:[-+]?\d+(?:[.,]\d{1,9})?S)?)?$/i;

export function isIsoDuration(value: string): boolean {
  return DURATION.test(value) && !/T$/i.test(value);
}

/** `R[n]/[start/]duration` (RepeatingInterval) or a Spring cron expression (CronTimer). */
export function isTimeCycle(value: string): boolean {
  if (value.startsWith('R')) {
    const parts = value.split('/');
    if (!/^R\d*$/.test(parts[0] ?? '')) return false;
    if (parts.length === 2) return isIsoDuration(parts[1] ?? '');
    if (parts.length === 3) return isZonedDateTime(parts[1] ?? '') && isIsoDuration(parts[2] ?? '');
    return false;
  }
  return isCron(value);
}

const CRON_MACROS = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);

function isCron(value: string): boolean {
  if (CRON_MACROS.has(value)) return true;
  const fields = value.trim().split(/\s+/);
  // Spring's CronExpression: second minute hour day-of-month month day-of-week.
  return fields.length === 6 && fields.every((field) => /^[\w*?/,#LW-]+$/.test(field));
}

/** The Zeebe problem for a static timer value, or undefined when it parses. */
export function staticTimerProblem(kind: TimerDefinition['kind'], value: string): string | undefined {
  const ok = kind === 'duration' ? isIsoDuration(value) : kind === 'date' ? isZonedDateTime(value) : isTimeCycle(value);
  if (ok) return undefined;
  const detail =
    kind === 'duration'
      ? `Invalid duration format '${value}' for expression '${value}'`
      : kind === 'date'
        ? `Invalid date-time format '${value}' for expression '${value}'`
        : `Invalid cycle format '${value}' for expression '${value}'`;
  return `Invalid timer ${kind} expression (${detail})`;
}
