import { Fact, type Almanac } from 'json-rules-engine';
import { RulesError } from './errors.ts';
import type { FactDeclaration, FactType, RuleSetDefinition } from './schema.ts';
import { isIsoDateOrDateTime, isValidTimeZone, parseTimeOfDay, toInstant, wallClock } from './time.ts';

/**
 * Facts Baton computes (dynamic facts) and the checks on the facts a caller provides.
 *
 * `now` is always set for a run: from a declared and provided `now` fact, otherwise from
 * the injected clock. businessHours and slaAgeMinutes read it through the almanac, so one
 * evaluation sees one instant and the explanation can say which.
 */

export const DYNAMIC_FACTS = ['now', 'businessHours', 'slaAgeMinutes'] as const;
export const DYNAMIC_FACT_SET = new Set<string>(DYNAMIC_FACTS);

/** A source of time; the engine's Clock (engine/clock) fits, as does `{ now: Date.now }`. */
export interface RuleClock {
  now(): number;
}

const DEFAULT_DAYS = [1, 2, 3, 4, 5];
const DEFAULT_START = '09:00';
const DEFAULT_END = '17:00';
const DEFAULT_SINCE = 'createdAt';

interface BusinessHoursParams {
  timeZone?: string;
  start?: string;
  end?: string;
  days?: number[];
}

/** The dynamic facts for one compiled rule set (the time zone is the rule set's). */
export function dynamicFacts(timeZone: string): Fact[] {
  const nowOf = async (almanac: Almanac) => toInstant(await almanac.factValue('now'));
  return [
    new Fact('businessHours', async (params: BusinessHoursParams, almanac: Almanac) => {
      const now = await nowOf(almanac);
      if (Number.isNaN(now)) return undefined;
      const { weekday, minuteOfDay } = wallClock(now, params.timeZone ?? timeZone);
      const start = parseTimeOfDay(params.start ?? DEFAULT_START) as number;
      const end = parseTimeOfDay(params.end ?? DEFAULT_END) as number;
      return (params.days ?? DEFAULT_DAYS).includes(weekday) && minuteOfDay >= start && minuteOfDay < end;
    }),
    new Fact('slaAgeMinutes', async (params: { since?: string }, almanac: Almanac) => {
      const now = await nowOf(almanac);
      const since = toInstant(await almanac.factValue(params.since ?? DEFAULT_SINCE));
      // Undefined (not 0) when the timestamp is missing: numeric operators then say false.
      return Number.isNaN(now) || Number.isNaN(since) ? undefined : Math.floor((now - since) / 60_000);
    }),
  ];
}

/** Problems with the params a condition passes to a fact (undefined: fine). */
export function checkFactParams(fact: string, params: Record<string, unknown> | undefined, set: Pick<RuleSetDefinition, 'facts'>): string | undefined {
  if (!params) return undefined;
  if (!DYNAMIC_FACT_SET.has(fact) || fact === 'now') return `fact '${fact}' takes no params`;
  if (fact === 'slaAgeMinutes') {
    const unknown = Object.keys(params).filter((k) => k !== 'since');
    if (unknown.length) return `fact 'slaAgeMinutes' takes only 'since', not '${unknown[0]}'`;
    const since = params.since;
    if (typeof since !== 'string') return `fact 'slaAgeMinutes' param 'since' must name a date-time fact`;
    const declared = set.facts[since];
    if (!declared) return `fact 'slaAgeMinutes' param 'since' names undeclared fact '${since}'`;
    if (declared.type !== 'date-time') return `fact 'slaAgeMinutes' param 'since' names '${since}', which is a ${declared.type}, not a date-time`;
    return undefined;
  }
  const p = params as BusinessHoursParams & Record<string, unknown>;
  const unknown = Object.keys(p).filter((k) => !['timeZone', 'start', 'end', 'days'].includes(k));
  if (unknown.length) return `fact 'businessHours' takes timeZone, start, end and days, not '${unknown[0]}'`;
  if (p.timeZone !== undefined && (typeof p.timeZone !== 'string' || !isValidTimeZone(p.timeZone))) return `unknown time zone ${JSON.stringify(p.timeZone)}`;
  for (const key of ['start', 'end'] as const) {
    if (p[key] !== undefined && parseTimeOfDay(p[key]) === undefined) return `businessHours '${key}' must be "HH:MM", got ${JSON.stringify(p[key])}`;
  }
  if ((parseTimeOfDay(p.start ?? DEFAULT_START) as number) >= (parseTimeOfDay(p.end ?? DEFAULT_END) as number)) return `businessHours start must be before end`;
  if (p.days !== undefined && !(Array.isArray(p.days) && p.days.length > 0 && p.days.every((d) => Number.isInteger(d) && d >= 1 && d <= 7))) {
    return `businessHours 'days' must be ISO weekdays 1 (Monday) to 7 (Sunday)`;
  }
  return undefined;
}

const TYPE_CHECKS: Record<FactType, (v: unknown) => boolean> = {
  string: (v) => typeof v === 'string',
  number: (v) => typeof v === 'number' && Number.isFinite(v),
  integer: (v) => Number.isInteger(v),
  boolean: (v) => typeof v === 'boolean',
  'date-time': (v) => isIsoDateOrDateTime(v) || (typeof v === 'number' && Number.isFinite(v)),
  array: (v) => Array.isArray(v),
  object: (v) => typeof v === 'object' && v !== null && !Array.isArray(v),
  any: () => true,
};

/**
 * The declared facts the input provides, checked: every required one present, every
 * provided one of its declared type. Undeclared input (a job's other variables) is left
 * out, so it can neither influence the decision nor leak into the audit record. Null counts
 * as missing: Zeebe and FEEL use null for "no value".
 */
export function pickFacts(set: RuleSetDefinition, label: string, input: Record<string, unknown>): Record<string, unknown> {
  const used: Record<string, unknown> = {};
  const missing: string[] = [];
  for (const [name, decl] of Object.entries(set.facts) as Array<[string, FactDeclaration]>) {
    const value = input[name];
    if (value === undefined || value === null) {
      if (decl.required) missing.push(name);
      continue;
    }
    if (!TYPE_CHECKS[decl.type](value)) {
      const shown = JSON.stringify(value) ?? String(value);
      throw new RulesError('INVALID_FACT', `${label}: fact '${name}' must be ${article(decl.type)}, got ${shown.length > 80 ? shown.slice(0, 77) + '...' : shown}`);
    }
    used[name] = value;
  }
  if (missing.length) {
    const list = missing.map((m) => `'${m}' (${set.facts[m].description})`).join(', ');
    throw new RulesError('MISSING_FACT', `${label}: missing required fact${missing.length > 1 ? 's' : ''} ${list}`);
  }
  return used;
}

function article(type: FactType): string {
  if (type === 'date-time') return 'an ISO 8601 date-time';
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}
