import { describe, expect, it } from 'vitest';
import {
  INFINITE_REPETITIONS,
  TimerDefinitionError,
  addDuration,
  firstCycleDue,
  firstDue,
  nextCronMatch,
  nextDue,
  parseCron,
  parseCycle,
  parseDate,
  parseDuration,
  parseZonedDateTime,
  type Cycle,
  type CronCycle,
  type IntervalCycle,
  type TimerKind,
} from '../engine/timers/iso8601.ts';

const at = (iso: string): number => {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`bad fixture ${iso}`);
  return ms;
};
const iso = (ms: number): string => new Date(ms).toISOString();
const MIN = 60_000;
const HOUR = 3_600_000;

/** Asserts the parser throws a TimerDefinitionError whose message matches. */
function expectInvalid(parse: () => unknown, message: string | RegExp): TimerDefinitionError {
  let caught: unknown;
  try {
    parse();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(TimerDefinitionError);
  const error = caught as TimerDefinitionError;
  expect(error.name).toBe('TimerDefinitionError');
  if (typeof message === 'string') expect(error.message).toBe(message);
  else expect(error.message).toMatch(message);
  return error;
}

function intervalCycle(text: string): IntervalCycle {
  const cycle = parseCycle(text);
  if (cycle.kind !== 'interval') throw new Error(`expected interval cycle for ${text}`);
  return cycle;
}

function cronCycle(text: string): CronCycle {
  const cycle = parseCycle(text);
  if (cycle.kind !== 'cron') throw new Error(`expected cron cycle for ${text}`);
  return cycle;
}

describe('parseDuration', () => {
  it.each([
    ['PT10M', { years: 0, months: 0, days: 0, millis: 10 * MIN }],
    ['PT15S', { years: 0, months: 0, days: 0, millis: 15_000 }],
    ['PT1H30M', { years: 0, months: 0, days: 0, millis: 90 * MIN }],
    ['PT36H', { years: 0, months: 0, days: 0, millis: 36 * HOUR }],
    ['P1D', { years: 0, months: 0, days: 1, millis: 0 }],
    ['P14D', { years: 0, months: 0, days: 14, millis: 0 }],
    ['P1DT2H', { years: 0, months: 0, days: 1, millis: 2 * HOUR }],
    ['P14DT1H30M', { years: 0, months: 0, days: 14, millis: 90 * MIN }],
    ['P2W', { years: 0, months: 0, days: 14, millis: 0 }],
    ['P1W2D', { years: 0, months: 0, days: 9, millis: 0 }],
    ['P1Y', { years: 1, months: 0, days: 0, millis: 0 }],
    ['P2M', { years: 0, months: 2, days: 0, millis: 0 }],
    ['P3Y6M4DT12H30M5S', { years: 3, months: 6, days: 4, millis: 12 * HOUR + 30 * MIN + 5_000 }],
    ['PT0S', { years: 0, months: 0, days: 0, millis: 0 }],
  ])('parses %s', (text, expected) => {
    expect(parseDuration(text)).toEqual(expected);
  });

  it('parses fractional seconds with a point or a comma, flooring below a millisecond', () => {
    expect(parseDuration('PT0.5S').millis).toBe(500);
    expect(parseDuration('PT1,25S').millis).toBe(1_250);
    expect(parseDuration('PT1.S').millis).toBe(1_000);
    expect(parseDuration('PT0.123456789S').millis).toBe(123);
    expect(parseDuration('PT0.0005S').millis).toBe(0);
    // java.time.Duration#toMillis floors, so a tiny negative amount is -1 ms.
    expect(parseDuration('PT-0.0005S').millis).toBe(-1);
    expect(parseDuration('PT-1.5S').millis).toBe(-1_500);
  });

  it('accepts negative durations (the timer is due immediately)', () => {
    expect(parseDuration('-PT5S')).toEqual({ years: 0, months: 0, days: 0, millis: -5_000 });
    expect(parseDuration('-P1DT2H')).toEqual({ years: 0, months: 0, days: -1, millis: -2 * HOUR });
    expect(parseDuration('-P1Y2M')).toEqual({ years: -1, months: -2, days: 0, millis: 0 });
    expect(parseDuration('P-1D')).toEqual({ years: 0, months: 0, days: -1, millis: 0 });
    expect(parseDuration('P1DT-1H')).toEqual({ years: 0, months: 0, days: 1, millis: -HOUR });
    // A leading minus negates every component, including already negative ones.
    expect(parseDuration('-PT-5S').millis).toBe(5_000);
  });

  it('accepts an explicit plus sign and surrounding whitespace', () => {
    expect(parseDuration('+PT1H').millis).toBe(HOUR);
    expect(parseDuration('PT+1H').millis).toBe(HOUR);
    expect(parseDuration('\n   PT10M  \n').millis).toBe(10 * MIN);
  });

  it('does not produce negative zero components', () => {
    expect(Object.is(parseDuration('-PT5S').days, 0)).toBe(true);
    expect(Object.is(parseDuration('-P1D').millis, 0)).toBe(true);
  });

  it.each([
    ['', "Invalid ISO 8601 duration '': the text is empty"],
    ['   ', "Invalid ISO 8601 duration '   ': the text is empty"],
    ['P', "Invalid ISO 8601 duration 'P': at least one component is required after 'P', e.g. 'PT10M' or 'P1D'"],
    ['PT', "Invalid ISO 8601 duration 'PT': 'T' must be followed by at least one of nH, nM or nS"],
    ['P1DT', "Invalid ISO 8601 duration 'P1DT': 'T' must be followed by at least one of nH, nM or nS"],
    [
      '10M',
      "Invalid ISO 8601 duration '10M': a duration must start with 'P' (optionally preceded by '-' or '+'), e.g. 'PT10M' or 'P1D'",
    ],
    ['pt10m', "Invalid ISO 8601 duration 'pt10m': designators must be upper case, e.g. PT10M rather than pt10m"],
    ['P1.5D', "Invalid ISO 8601 duration 'P1.5D': only the seconds component may have a fraction, e.g. PT0.5S"],
    ['PT1.5H', "Invalid ISO 8601 duration 'PT1.5H': only the seconds component may have a fraction, e.g. PT0.5S"],
    [
      'PT1S1M',
      "Invalid ISO 8601 duration 'PT1S1M': components must appear once each in the order Y, M, W, D, then 'T' and H, M, S, e.g. P1Y2M3DT4H5M6S",
    ],
    [
      'P1H',
      "Invalid ISO 8601 duration 'P1H': components must appear once each in the order Y, M, W, D, then 'T' and H, M, S, e.g. P1Y2M3DT4H5M6S",
    ],
    ['P1X', "Invalid ISO 8601 duration 'P1X': expected the form PnYnMnWnDTnHnMnS, e.g. PT10M, P1DT2H or P2W"],
    ['P 1D', "Invalid ISO 8601 duration 'P 1D': expected the form PnYnMnWnDTnHnMnS, e.g. PT10M, P1DT2H or P2W"],
    ['P2147483648D', "Invalid ISO 8601 duration 'P2147483648D': days component '2147483648' is out of range"],
    ['P400000000W', "Invalid ISO 8601 duration 'P400000000W': weeks plus days is out of range"],
    ['PT99999999999999999H', "Invalid ISO 8601 duration 'PT99999999999999999H': hours component '99999999999999999' is out of range"],
    ['PT9999999999999H', "Invalid ISO 8601 duration 'PT9999999999999H': the time part is out of range"],
  ])('rejects %j', (text, message) => {
    const error = expectInvalid(() => parseDuration(text), message);
    expect(error.text).toBe(text);
  });

  it('rejects unevaluated FEEL expressions and non-strings', () => {
    expectInvalid(
      () => parseDuration('=duration("PT1H")'),
      `Invalid ISO 8601 duration '=duration("PT1H")': this is a FEEL expression; evaluate it first and pass the resulting string`,
    );
    expectInvalid(
      () => parseDuration(42 as unknown as string),
      "Invalid ISO 8601 duration '42': expected a string but got number",
    );
  });
});

describe('addDuration', () => {
  const add = (start: string, duration: string, zone?: string): string =>
    iso(addDuration(at(start), parseDuration(duration), zone));

  it('adds exact time parts', () => {
    expect(add('2024-01-01T00:00:00Z', 'PT10M')).toBe('2024-01-01T00:10:00.000Z');
    expect(add('2024-01-01T00:00:00Z', 'PT0.5S')).toBe('2024-01-01T00:00:00.500Z');
    expect(add('2024-01-01T00:00:00Z', '-PT5S')).toBe('2023-12-31T23:59:55.000Z');
    expect(add('2024-01-01T23:00:00Z', 'P1DT2H')).toBe('2024-01-03T01:00:00.000Z');
  });

  it('clamps month arithmetic to the last day of the month', () => {
    expect(add('2025-01-31T10:15:30.250Z', 'P1M')).toBe('2025-02-28T10:15:30.250Z');
    expect(add('2024-01-31T10:15:30.250Z', 'P1M')).toBe('2024-02-29T10:15:30.250Z');
    expect(add('2024-03-31T00:00:00Z', 'P1M')).toBe('2024-04-30T00:00:00.000Z');
    expect(add('2024-03-31T00:00:00Z', 'P-1M')).toBe('2024-02-29T00:00:00.000Z');
    expect(add('2024-12-31T00:00:00Z', 'P1M')).toBe('2025-01-31T00:00:00.000Z');
    expect(add('2024-01-31T00:00:00Z', 'P13M')).toBe('2025-02-28T00:00:00.000Z');
  });

  it('clamps the month first, then adds days (java.time.Period order)', () => {
    expect(add('2025-01-31T00:00:00Z', 'P1M1D')).toBe('2025-03-01T00:00:00.000Z');
    expect(add('2024-01-31T00:00:00Z', 'P1M1D')).toBe('2024-03-01T00:00:00.000Z');
    expect(add('2023-12-31T00:00:00Z', 'P1Y2M')).toBe('2025-02-28T00:00:00.000Z');
  });

  it('handles leap years', () => {
    expect(add('2024-02-29T12:00:00Z', 'P1Y')).toBe('2025-02-28T12:00:00.000Z');
    expect(add('2024-02-29T12:00:00Z', 'P4Y')).toBe('2028-02-29T12:00:00.000Z');
    expect(add('2096-02-29T00:00:00Z', 'P4Y')).toBe('2100-02-28T00:00:00.000Z');
    expect(add('1996-02-29T00:00:00Z', 'P4Y')).toBe('2000-02-29T00:00:00.000Z');
    expect(add('2024-02-28T00:00:00Z', 'P1D')).toBe('2024-02-29T00:00:00.000Z');
    expect(add('2023-02-28T00:00:00Z', 'P1D')).toBe('2023-03-01T00:00:00.000Z');
  });

  it('works before 1970 and for years below 100', () => {
    expect(add('1969-12-31T23:00:00Z', 'PT2H')).toBe('1970-01-01T01:00:00.000Z');
    expect(add('1969-12-31T23:00:00Z', 'P1M')).toBe('1970-01-31T23:00:00.000Z');
    expect(iso(addDuration(parseDate('0050-01-31T00:00:00Z'), parseDuration('P1M')))).toBe('0050-02-28T00:00:00.000Z');
  });

  it('treats P1D as a calendar day in a DST zone, PT24H as elapsed time', () => {
    // 2024-03-31: Europe/Berlin springs forward from +01:00 to +02:00.
    expect(add('2024-03-30T11:00:00Z', 'P1D', 'Europe/Berlin')).toBe('2024-03-31T10:00:00.000Z');
    expect(add('2024-03-30T11:00:00Z', 'PT24H', 'Europe/Berlin')).toBe('2024-03-31T11:00:00.000Z');
    expect(add('2024-03-30T11:00:00Z', 'P1D')).toBe('2024-03-31T11:00:00.000Z');
  });

  it('moves times in a DST gap forward and keeps the offset in an overlap', () => {
    // 02:30 on 2024-03-31 does not exist in Berlin; java.time shifts it to 03:30 CEST.
    expect(add('2024-03-30T01:30:00Z', 'P1D', 'Europe/Berlin')).toBe('2024-03-31T01:30:00.000Z');
    // 02:30 on 2024-10-27 exists twice; the original +02:00 offset is still valid.
    expect(add('2024-10-26T00:30:00Z', 'P1D', 'Europe/Berlin')).toBe('2024-10-27T00:30:00.000Z');
  });

  it('does month arithmetic on the local date of a fixed offset', () => {
    // 2026-01-30T23:30-02:00 is already 31 January in UTC, so the results differ.
    expect(add('2026-01-31T01:30:00Z', 'P1M', '-02:00')).toBe('2026-03-01T01:30:00.000Z');
    expect(add('2026-01-31T01:30:00Z', 'P1M')).toBe('2026-02-28T01:30:00.000Z');
  });

  it('rejects unknown zones and unrepresentable instants', () => {
    expectInvalid(
      () => addDuration(0, parseDuration('P1D'), 'Mars/Olympus'),
      "Invalid time zone 'Mars/Olympus': unknown time zone 'Mars/Olympus'",
    );
    expect(() => addDuration(8.64e15, parseDuration('PT1S'))).toThrow(RangeError);
    expect(() => addDuration(Number.NaN, parseDuration('PT1S'))).toThrow(RangeError);
  });
});

describe('parseDate / parseZonedDateTime', () => {
  it.each([
    ['2019-10-01T12:00:00Z', '2019-10-01T12:00:00.000Z', 'Z'],
    ['2019-10-02T08:09:40+02:00', '2019-10-02T06:09:40.000Z', '+02:00'],
    ['2019-10-02T08:09:40-03:30', '2019-10-02T11:39:40.000Z', '-03:30'],
    ['2019-10-02T08:09:40+05:45:30', '2019-10-02T02:24:10.000Z', '+05:45:30'],
    ['2019-10-02T08:09:40+00:00', '2019-10-02T08:09:40.000Z', 'Z'],
    ['2019-10-02T08:09:40[Europe/Berlin]', '2019-10-02T06:09:40.000Z', 'Europe/Berlin'],
    ['2019-12-02T08:09:40[Europe/Berlin]', '2019-12-02T07:09:40.000Z', 'Europe/Berlin'],
    ['2019-10-02T08:09:40+02:00[Europe/Berlin]', '2019-10-02T06:09:40.000Z', 'Europe/Berlin'],
    ['2024-03-01T14:44:10.282@Europe/Berlin', '2024-03-01T13:44:10.282Z', 'Europe/Berlin'],
    ['2024-03-01T14:44:10.282975718@Etc/UTC', '2024-03-01T14:44:10.282Z', 'Etc/UTC'],
    ['2019-10-01T12:00:00', '2019-10-01T12:00:00.000Z', 'Z'],
    ['2019-10-01T12:00Z', '2019-10-01T12:00:00.000Z', 'Z'],
    ['2019-10-01t12:00:00z', '2019-10-01T12:00:00.000Z', 'Z'],
    ['2019-10-01T12:00:00.5Z', '2019-10-01T12:00:00.500Z', 'Z'],
    ['2019-10-01T12:00:00.123456789Z', '2019-10-01T12:00:00.123Z', 'Z'],
    ['2024-02-29T00:00:00Z', '2024-02-29T00:00:00.000Z', 'Z'],
    ['2000-02-29T00:00:00Z', '2000-02-29T00:00:00.000Z', 'Z'],
    ['1969-07-20T20:17:40Z', '1969-07-20T20:17:40.000Z', 'Z'],
    ['  2019-10-01T12:00:00Z\n', '2019-10-01T12:00:00.000Z', 'Z'],
  ])('parses %s', (text, expected, zone) => {
    expect(iso(parseDate(text))).toBe(expected);
    expect(parseZonedDateTime(text)).toEqual({ epochMs: at(expected), timeZone: zone });
  });

  it('lets an explicit offset win over a conflicting zone id, as java.time does', () => {
    expect(iso(parseDate('2019-10-02T08:09:40+05:00[Europe/Berlin]'))).toBe('2019-10-02T03:09:40.000Z');
  });

  it('resolves zone-only local times in DST gaps and overlaps like java.time', () => {
    expect(iso(parseDate('2024-03-31T02:30:00[Europe/Berlin]'))).toBe('2024-03-31T01:30:00.000Z');
    expect(iso(parseDate('2024-10-27T02:30:00[Europe/Berlin]'))).toBe('2024-10-27T00:30:00.000Z');
    expect(iso(parseDate('2024-10-27T03:30:00[Europe/Berlin]'))).toBe('2024-10-27T02:30:00.000Z');
    expect(iso(parseDate('2024-07-01T12:00:00[America/New_York]'))).toBe('2024-07-01T16:00:00.000Z');
  });

  const EXAMPLES =
    "expected an ISO 8601 date-time such as '2019-10-01T12:00:00Z', '2019-10-01T12:00:00+02:00' or '2019-10-01T12:00:00[Europe/Berlin]'";
  it.each([
    ['', 'the text is empty'],
    ['tomorrow', EXAMPLES],
    ['2019-10-01', EXAMPLES],
    ['2019-10-01 12:00:00Z', EXAMPLES],
    ['2019-10-01T12Z', EXAMPLES],
    ['2019-10-01T12:00:00+02', EXAMPLES],
    ['2019-10-01T12:00:00Z[', EXAMPLES],
    ['19-10-01T12:00:00Z', EXAMPLES],
    ['2019-13-01T00:00:00Z', 'month 13 is out of range 1-12'],
    ['2019-00-01T00:00:00Z', 'month 0 is out of range 1-12'],
    ['2019-02-29T00:00:00Z', 'day 29 does not exist in 2019-02'],
    ['2100-02-29T00:00:00Z', 'day 29 does not exist in 2100-02'],
    ['2019-04-31T00:00:00Z', 'day 31 does not exist in 2019-04'],
    ['2019-04-00T00:00:00Z', 'day 0 does not exist in 2019-04'],
    ['2019-10-01T24:00:00Z', 'hour 24 is out of range 0-23'],
    ['2019-10-01T12:60:00Z', 'minute 60 is out of range 0-59'],
    ['2019-10-01T12:00:60Z', 'second 60 is out of range 0-59'],
    ['2019-10-01T12:00:00+19:00', "offset '+19:00' is beyond ±18:00"],
    ['2019-10-01T12:00:00+02:75', "offset '+02:75' has minutes or seconds above 59"],
    ['2019-10-01T12:00:00[Mars/Olympus]', "unknown time zone 'Mars/Olympus'"],
    ['=now()', 'this is a FEEL expression; evaluate it first and pass the resulting string'],
  ])('rejects %j', (text, reason) => {
    const error = expectInvalid(() => parseDate(text), `Invalid ISO 8601 date-time '${text}': ${reason}`);
    expect(error.reason).toBe(reason);
  });
});

describe('parseCycle: ISO 8601 repeating intervals', () => {
  it('parses a finite cycle', () => {
    expect(parseCycle('R3/PT10M')).toEqual({
      kind: 'interval',
      text: 'R3/PT10M',
      repetitions: 3,
      interval: { years: 0, months: 0, days: 0, millis: 10 * MIN },
    });
  });

  it('represents R/ as infinite (-1)', () => {
    const cycle = intervalCycle('R/PT1H');
    expect(cycle.repetitions).toBe(INFINITE_REPETITIONS);
    expect(cycle.repetitions).toBe(-1);
    expect(cycle.start).toBeUndefined();
    expect(intervalCycle('R/P1D').interval.days).toBe(1);
  });

  it('keeps R0 as 0 repetitions and accepts leading zeros', () => {
    expect(intervalCycle('R0/PT1S').repetitions).toBe(0);
    expect(intervalCycle('R05/PT1S').repetitions).toBe(5);
  });

  it('parses a start date with offset', () => {
    const cycle = intervalCycle('R5/2026-01-01T00:00:00Z/PT1H');
    expect(cycle.repetitions).toBe(5);
    expect(cycle.start).toEqual({ epochMs: at('2026-01-01T00:00:00Z'), timeZone: 'Z' });
    expect(cycle.interval.millis).toBe(HOUR);
    expect(intervalCycle('R3/2022-04-27T17:20:00Z/P1D').start?.epochMs).toBe(at('2022-04-27T17:20:00Z'));
  });

  it('parses a start date with a zone id containing a slash', () => {
    const cycle = intervalCycle('R/2022-01-01T10:00:00+02:00[Europe/Berlin]/P1D');
    expect(cycle.repetitions).toBe(-1);
    expect(cycle.start).toEqual({ epochMs: at('2022-01-01T08:00:00Z'), timeZone: 'Europe/Berlin' });
    expect(intervalCycle('R2/2022-01-01T10:00:00[America/Argentina/Buenos_Aires]/PT1H').start?.epochMs).toBe(
      at('2022-01-01T13:00:00Z'),
    );
  });

  it.each([
    ['R3', "missing '/' and interval: expected 'R[n]/<duration>' or 'R[n]/<start>/<duration>'"],
    ['R/', "invalid interval '': the text is empty"],
    ['Rx/PT1S', "repetition count 'x' must be a non-negative integer up to 2147483647, or empty ('R/...') for infinite"],
    ['R-1/PT1S', "repetition count '-1' must be a non-negative integer up to 2147483647, or empty ('R/...') for infinite"],
    ['R+3/PT1S', "repetition count '+3' must be a non-negative integer up to 2147483647, or empty ('R/...') for infinite"],
    [
      'R2147483648/PT1S',
      "repetition count '2147483648' must be a non-negative integer up to 2147483647, or empty ('R/...') for infinite",
    ],
    ['R3/10M', "invalid interval '10M': a duration must start with 'P' (optionally preceded by '-' or '+'), e.g. 'PT10M' or 'P1D'"],
    ['R3/PT0S', "interval 'PT0S' must be positive; a zero or negative interval would fire continuously"],
    ['R/-PT5S', "interval '-PT5S' must be positive; a zero or negative interval would fire continuously"],
    ['R/P1DT-24H', "interval 'P1DT-24H' must be positive; a zero or negative interval would fire continuously"],
    [
      'R3/2026-13-01T00:00:00Z/PT1H',
      "invalid start '2026-13-01T00:00:00Z': month 13 is out of range 1-12",
    ],
    [
      'R3/PT1H/2026-01-01T00:00:00Z',
      /^invalid start 'PT1H' \(the duration\/end form is not supported\): expected an ISO 8601 date-time/,
    ],
    [
      'R3/2026-01-01T00:00:00Z/2026-02-01T00:00:00Z',
      /^invalid interval '2026-02-01T00:00:00Z' \(intervals with an end date are not supported\): a duration must start with 'P'/,
    ],
  ])('rejects %j', (text, reason) => {
    const error = expectInvalid(() => parseCycle(text), /^Invalid timer cycle '/);
    if (typeof reason === 'string') expect(error.reason).toBe(reason);
    else expect(error.reason).toMatch(reason);
    expect(error.text).toBe(text);
  });

  it('routes text not starting with R to the cron parser, like Zeebe', () => {
    expectInvalid(
      () => parseCycle('P1D'),
      "Invalid timer cycle 'P1D': not an ISO 8601 repeating interval (those start with 'R', e.g. 'R5/PT10S' or 'R/P1D') " +
        'and not a valid cron expression: expected 6 space-separated fields (second minute hour day-of-month month day-of-week) but got 1',
    );
    expectInvalid(() => parseCycle('r3/PT1S'), /not an ISO 8601 repeating interval/);
    expectInvalid(() => parseCycle(''), "Invalid timer cycle '': the text is empty");
    expectInvalid(() => parseCycle('= "R3/PT1H"'), /this is a FEEL expression/);
  });
});

describe('parseCycle / parseCron: cron expressions', () => {
  it('parses the documented example as an infinite cron cycle', () => {
    const cycle = cronCycle('0 0 9-17 * * MON-FRI');
    expect(cycle.repetitions).toBe(-1);
    expect(cycle.text).toBe('0 0 9-17 * * MON-FRI');
    expect(cycle.schedule.hours).toEqual([9, 10, 11, 12, 13, 14, 15, 16, 17]);
    expect(cycle.schedule.seconds).toEqual([0]);
  });

  it('expands lists, ranges and steps', () => {
    const schedule = parseCron('0,30 */15 1-5/2 * JAN,jul-aug *');
    expect(schedule.seconds).toEqual([0, 30]);
    expect(schedule.minutes).toEqual([0, 15, 30, 45]);
    expect(schedule.hours).toEqual([1, 3, 5]);
    expect([...schedule.months].sort((a, b) => a - b)).toEqual([1, 7, 8]);
    expect(parseCron('10/20 * * * * *').seconds).toEqual([10, 30, 50]);
    expect(parseCron('  0   0  12 * * ?  ').hours).toEqual([12]);
  });

  const CRON_REASON_PREFIX = 'Invalid cron expression';
  it.each([
    ['*', 'expected 6 space-separated fields (second minute hour day-of-month month day-of-week) but got 1'],
    ['* * * * *', 'expected 6 space-separated fields (second minute hour day-of-month month day-of-week) but got 5'],
    ['* * * * * * *', 'expected 6 space-separated fields (second minute hour day-of-month month day-of-week) but got 7'],
    ['60 * * * * *', 'second value 60 is out of range 0-59'],
    ['20-10 * * * * *', "second range '20-10' runs backwards"],
    ['* 60 * * * *', 'minute value 60 is out of range 0-59'],
    ['* * 24 * * *', 'hour value 24 is out of range 0-23'],
    ['* * * 0 * *', 'day-of-month value 0 is out of range 1-31'],
    ['* * * 32 * *', 'day-of-month value 32 is out of range 1-31'],
    ['* * * * 0 *', 'month value 0 is out of range 1-12'],
    ['* * * * 13 *', 'month value 13 is out of range 1-12'],
    ['* * * * * 8', 'day-of-week value 8 is out of range 0-7'],
    ['* * * * * *SUN', "invalid day-of-week value '*SUN'"],
    ['* * * * * SUN*', "invalid day-of-week value 'SUN*'"],
    ['* * * * * L', "'L' in the day-of-week field needs a day, e.g. 'FRIL' or '5L' for the last Friday"],
    ['* * * * * MON#6', "day-of-week entry 'MON#6' needs an ordinal between 1 and 5"],
    ['* * * L-31 * *', "day-of-month entry 'L-31' reaches before the first day"],
    ['*/0 * * * * *', "step in second entry '*/0' must be a positive integer"],
    ['1/2/3 * * * * *', "invalid second entry '1/2/3'"],
    ['1,,2 * * * * *', "empty list entry in second field '1,,2'"],
    ['? * * * * *', "invalid second value '?'"],
    ['0 0 0 31 2 *', 'the expression never matches any date (e.g. 30 February)'],
    ['0 0 0 31 4,6,9,11 *', 'the expression never matches any date (e.g. 30 February)'],
  ])('rejects %j', (text, reason) => {
    expectInvalid(() => parseCron(text), `${CRON_REASON_PREFIX} '${text}': ${reason}`);
    expectInvalid(() => parseCycle(text), new RegExp(`and not a valid cron expression: ${escapeRegExp(reason)}$`));
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe('nextCronMatch', () => {
  const next = (expression: string, after: string): string => {
    const due = nextCronMatch(parseCron(expression), at(after));
    if (due === undefined) throw new Error('no match');
    return iso(due);
  };

  it('is strictly after the reference time, at whole seconds', () => {
    expect(next('* * * * * *', '2026-01-01T12:00:00.000Z')).toBe('2026-01-01T12:00:01.000Z');
    expect(next('* * * * * *', '2026-01-01T12:00:00.999Z')).toBe('2026-01-01T12:00:01.000Z');
    expect(next('*/10 * * * * *', '2026-01-01T12:00:05.500Z')).toBe('2026-01-01T12:00:10.000Z');
    expect(next('10 * * * * *', '2026-01-01T12:00:09.000Z')).toBe('2026-01-01T12:00:10.000Z');
    expect(next('10 * * * * *', '2026-01-01T12:00:10.000Z')).toBe('2026-01-01T12:01:10.000Z');
  });

  it('carries over minutes, hours, days, months and years', () => {
    expect(next('55 5 * * * *', '2026-01-01T12:04:54Z')).toBe('2026-01-01T12:05:55.000Z');
    expect(next('55 5 * * * *', '2026-01-01T12:05:55Z')).toBe('2026-01-01T13:05:55.000Z');
    expect(next('0 0 0 * * *', '2026-12-31T23:59:59Z')).toBe('2027-01-01T00:00:00.000Z');
    expect(next('* 5 10 * * *', '2026-01-01T09:04:00Z')).toBe('2026-01-01T10:05:00.000Z');
    expect(next('* * * 3 11 *', '2026-10-02T00:00:00Z')).toBe('2026-11-03T00:00:00.000Z');
    expect(next('0 0 0 1 1 *', '2026-01-01T00:00:00Z')).toBe('2027-01-01T00:00:00.000Z');
  });

  it('follows the documented business-hours example', () => {
    // 2026-01-02 is a Friday.
    expect(next('0 0 9-17 * * MON-FRI', '2026-01-02T16:30:00Z')).toBe('2026-01-02T17:00:00.000Z');
    expect(next('0 0 9-17 * * MON-FRI', '2026-01-02T17:00:00Z')).toBe('2026-01-05T09:00:00.000Z');
    expect(next('0 0 9-17 * * MON-FRI', '2026-01-05T09:00:00Z')).toBe('2026-01-05T10:00:00.000Z');
    expect(next('0 0 9-17 * * mon-fri', '2026-01-03T12:00:00Z')).toBe('2026-01-05T09:00:00.000Z');
  });

  it('treats 0, 7 and SUN as Sunday and allows ranges ending on Sunday', () => {
    for (const sunday of ['0', '7', 'SUN']) {
      expect(next(`0 0 12 * * ${sunday}`, '2026-01-01T00:00:00Z')).toBe('2026-01-04T12:00:00.000Z');
    }
    expect(next('0 0 0 * * FRI-SUN', '2026-01-02T00:00:00Z')).toBe('2026-01-03T00:00:00.000Z');
    expect(next('0 0 0 * * FRI-SUN', '2026-01-04T00:00:00Z')).toBe('2026-01-09T00:00:00.000Z');
    expect(next('0 0 0 * * 0-6', '2026-01-04T00:00:00Z')).toBe('2026-01-05T00:00:00.000Z');
    expect(next('0 0 0 * * 5-0', '2026-01-03T00:00:00Z')).toBe('2026-01-04T00:00:00.000Z');
  });

  it('intersects day-of-month and day-of-week (Friday the 13th)', () => {
    expect(next('0 0 0 13 * FRI', '2026-01-01T00:00:00Z')).toBe('2026-02-13T00:00:00.000Z');
    expect(next('0 0 0 13 * FRI', '2026-02-13T00:00:00Z')).toBe('2026-03-13T00:00:00.000Z');
    expect(next('0 0 0 13 * FRI', '2026-03-13T00:00:00Z')).toBe('2026-11-13T00:00:00.000Z');
    expect(next('0 0 0 ? * MON', '2026-01-01T00:00:00Z')).toBe('2026-01-05T00:00:00.000Z');
    expect(next('0 0 0 15 * ?', '2026-01-16T00:00:00Z')).toBe('2026-02-15T00:00:00.000Z');
  });

  it('supports L and L-n for the last days of the month', () => {
    expect(next('0 0 0 L * *', '2024-02-10T00:00:00Z')).toBe('2024-02-29T00:00:00.000Z');
    expect(next('0 0 0 L * *', '2025-02-10T00:00:00Z')).toBe('2025-02-28T00:00:00.000Z');
    expect(next('0 0 * L * *', '2022-01-30T00:01:00Z')).toBe('2022-01-31T00:00:00.000Z');
    expect(next('0 0 * L * *', '2022-01-31T01:00:00Z')).toBe('2022-01-31T02:00:00.000Z');
    expect(next('0 0 0 L-3 * *', '2022-01-10T00:00:00Z')).toBe('2022-01-28T00:00:00.000Z');
    expect(next('0 0 0 L-3 * *', '2022-01-28T00:00:00Z')).toBe('2022-02-25T00:00:00.000Z');
    expect(next('0 0 0 L-3 * *', '2022-02-25T00:00:00Z')).toBe('2022-03-28T00:00:00.000Z');
    expect(next('0 0 0 L-3 * *', '2022-03-28T00:00:00Z')).toBe('2022-04-27T00:00:00.000Z');
    expect(next('0 0 0 1,L * *', '2022-01-01T00:00:00Z')).toBe('2022-01-31T00:00:00.000Z');
  });

  it('supports nW (nearest weekday) and LW (last weekday)', () => {
    expect(next('0 0 * 1W * *', '2022-06-29T00:01:00Z')).toBe('2022-07-01T00:00:00.000Z');
    // 2022-10-01 is a Saturday: 1W must not leave the month, so it is Monday the 3rd.
    expect(next('0 0 0 1W * *', '2022-09-15T00:00:00Z')).toBe('2022-10-03T00:00:00.000Z');
    // 2026-03-15 is a Sunday (-> Monday 16th), 2026-08-15 a Saturday (-> Friday 14th).
    expect(next('0 0 0 15W * *', '2026-03-01T00:00:00Z')).toBe('2026-03-16T00:00:00.000Z');
    expect(next('0 0 0 15W * *', '2026-08-01T00:00:00Z')).toBe('2026-08-14T00:00:00.000Z');
    // 2022-07-31 is a Sunday.
    expect(next('0 0 0 LW * *', '2022-07-01T00:00:00Z')).toBe('2022-07-29T00:00:00.000Z');
    expect(next('0 0 * LW * *', '2022-06-29T00:01:00Z')).toBe('2022-06-30T00:00:00.000Z');
    // 31W only exists in 31-day months.
    expect(next('0 0 0 31W * *', '2026-04-01T00:00:00Z')).toBe('2026-05-29T00:00:00.000Z');
  });

  it('supports dL / DDDL (last weekday d of the month) and d#n / DDD#n', () => {
    expect(next('0 0 0 * * FRIL', '2026-01-01T00:00:00Z')).toBe('2026-01-30T00:00:00.000Z');
    expect(next('0 0 0 * * 5L', '2026-01-31T00:00:00Z')).toBe('2026-02-27T00:00:00.000Z');
    expect(next('0 0 0 * * MON#2', '2026-01-01T00:00:00Z')).toBe('2026-01-12T00:00:00.000Z');
    expect(next('0 0 0 * * 1#1', '2026-01-12T00:00:00Z')).toBe('2026-02-02T00:00:00.000Z');
    // A fifth Friday only exists in some months.
    expect(next('0 0 0 * * FRI#5', '2026-01-31T00:00:00Z')).toBe('2026-05-29T00:00:00.000Z');
  });

  it('finds rare dates across leap years', () => {
    expect(next('0 0 0 29 2 *', '2025-03-01T00:00:00Z')).toBe('2028-02-29T00:00:00.000Z');
    expect(next('0 0 0 29 2 *', '2096-03-01T00:00:00Z')).toBe('2104-02-29T00:00:00.000Z');
    expect(next('0 0 0 29 2 MON', '2026-01-01T00:00:00Z')).toBe('2044-02-29T00:00:00.000Z');
  });

  it('supports Spring macros', () => {
    expect(next('@hourly', '2026-01-01T10:30:00Z')).toBe('2026-01-01T11:00:00.000Z');
    expect(next('@daily', '2026-01-01T10:30:00Z')).toBe('2026-01-02T00:00:00.000Z');
    expect(next('@midnight', '2026-01-01T10:30:00Z')).toBe('2026-01-02T00:00:00.000Z');
    expect(next('@weekly', '2026-01-01T10:30:00Z')).toBe('2026-01-04T00:00:00.000Z');
    expect(next('@monthly', '2026-01-01T10:30:00Z')).toBe('2026-02-01T00:00:00.000Z');
    expect(next('@YEARLY', '2026-01-01T10:30:00Z')).toBe('2027-01-01T00:00:00.000Z');
    expect(next('@annually', '2026-01-01T10:30:00Z')).toBe('2027-01-01T00:00:00.000Z');
  });
});

describe('firstDue', () => {
  const now = at('2026-01-15T10:00:00Z');

  it('schedules a duration once, relative to now', () => {
    expect(firstDue({ kind: 'duration', text: 'PT10M' }, now)).toEqual({ dueMs: now + 10 * MIN, repetitions: 1 });
    expect(firstDue({ kind: 'duration', text: 'P1M' }, at('2026-01-31T08:00:00Z'))).toEqual({
      dueMs: at('2026-02-28T08:00:00Z'),
      repetitions: 1,
    });
  });

  it('makes zero and negative durations due immediately (at or before now)', () => {
    expect(firstDue({ kind: 'duration', text: 'PT0S' }, now).dueMs).toBe(now);
    expect(firstDue({ kind: 'duration', text: '-PT5S' }, now).dueMs).toBe(now - 5_000);
  });

  it('schedules a date once, even in the past', () => {
    expect(firstDue({ kind: 'date', text: '2026-02-01T12:00:00+01:00' }, now)).toEqual({
      dueMs: at('2026-02-01T11:00:00Z'),
      repetitions: 1,
    });
    expect(firstDue({ kind: 'date', text: '2019-10-01T12:00:00Z' }, now).dueMs).toBe(at('2019-10-01T12:00:00Z'));
  });

  it('schedules an interval cycle one interval from now, carrying the repetitions', () => {
    expect(firstDue({ kind: 'cycle', text: 'R3/PT10M' }, now)).toEqual({ dueMs: now + 10 * MIN, repetitions: 3 });
    expect(firstDue({ kind: 'cycle', text: 'R/PT1H' }, now)).toEqual({ dueMs: now + HOUR, repetitions: -1 });
  });

  it('fires a cycle with a start date at the start, or immediately if the start has passed', () => {
    expect(firstDue({ kind: 'cycle', text: 'R5/2026-02-01T00:00:00Z/PT1H' }, now)).toEqual({
      dueMs: at('2026-02-01T00:00:00Z'),
      repetitions: 5,
    });
    expect(firstDue({ kind: 'cycle', text: 'R5/2026-01-01T00:00:00Z/PT1H' }, now)).toEqual({
      dueMs: now,
      repetitions: 5,
    });
  });

  it('schedules a cron cycle at its next match with infinite repetitions', () => {
    // 2026-01-15 is a Thursday.
    expect(firstDue({ kind: 'cycle', text: '0 0 9-17 * * MON-FRI' }, now)).toEqual({
      dueMs: at('2026-01-15T11:00:00Z'),
      repetitions: -1,
    });
  });

  it('propagates parse errors and rejects unknown kinds', () => {
    expectInvalid(() => firstDue({ kind: 'duration', text: 'R3/PT1H' }, now), /^Invalid ISO 8601 duration 'R3\/PT1H'/);
    expectInvalid(() => firstDue({ kind: 'date', text: 'PT1H' }, now), /^Invalid ISO 8601 date-time 'PT1H'/);
    expectInvalid(() => firstDue({ kind: 'cycle', text: 'PT1H' }, now), /^Invalid timer cycle 'PT1H'/);
    expectInvalid(
      () => firstDue({ kind: 'weekly' as TimerKind, text: 'PT1H' }, now),
      "Invalid timer kind 'weekly': expected 'duration', 'date' or 'cycle'",
    );
    expect(() => firstDue({ kind: 'duration', text: 'PT1H' }, Number.NaN)).toThrow(RangeError);
  });
});

describe('nextDue', () => {
  /** Fires a cycle until it is exhausted (or `limit` times), returning every due time. */
  function fireAll(cycle: Cycle, startMs: number, limit = 10): number[] {
    const dues: number[] = [];
    let schedule: ReturnType<typeof nextDue> = firstCycleDue(cycle, startMs);
    while (schedule && dues.length < limit) {
      dues.push(schedule.dueMs);
      schedule = nextDue(cycle, schedule.dueMs, schedule.repetitions, schedule.dueMs);
    }
    return dues;
  }

  const t0 = at('2026-01-15T10:00:00Z');

  it('fires R3 exactly three times', () => {
    const dues = fireAll(parseCycle('R3/PT10M'), t0);
    expect(dues.map(iso)).toEqual(['2026-01-15T10:10:00.000Z', '2026-01-15T10:20:00.000Z', '2026-01-15T10:30:00.000Z']);
  });

  it('decrements repetitions and stops after the last one', () => {
    const cycle = parseCycle('R3/PT10M');
    expect(nextDue(cycle, t0, 3)).toEqual({ dueMs: t0 + 10 * MIN, repetitions: 2 });
    expect(nextDue(cycle, t0, 2)).toEqual({ dueMs: t0 + 10 * MIN, repetitions: 1 });
    expect(nextDue(cycle, t0, 1)).toBeNull();
  });

  it('fires R1 and R0 once', () => {
    expect(fireAll(parseCycle('R1/PT10M'), t0)).toHaveLength(1);
    expect(fireAll(parseCycle('R0/PT10M'), t0)).toHaveLength(1);
    expect(nextDue(parseCycle('R0/PT10M'), t0, 0)).toBeNull();
  });

  it('keeps infinite cycles infinite', () => {
    const cycle = parseCycle('R/PT1H');
    expect(nextDue(cycle, t0, -1)).toEqual({ dueMs: t0 + HOUR, repetitions: -1 });
    expect(fireAll(cycle, t0, 50)).toHaveLength(50);
  });

  it('counts the start date as the first firing', () => {
    const dues = fireAll(parseCycle('R3/2026-02-01T00:00:00Z/PT1H'), t0);
    expect(dues.map(iso)).toEqual(['2026-02-01T00:00:00.000Z', '2026-02-01T01:00:00.000Z', '2026-02-01T02:00:00.000Z']);
  });

  it('steps monthly cycles calendar-correctly', () => {
    const dues = fireAll(parseCycle('R4/2024-01-31T09:00:00Z/P1M'), at('2024-01-01T00:00:00Z'));
    // Each step starts from the previous due date, so the clamp to the 29th sticks (as in Zeebe).
    expect(dues.map(iso)).toEqual([
      '2024-01-31T09:00:00.000Z',
      '2024-02-29T09:00:00.000Z',
      '2024-03-29T09:00:00.000Z',
      '2024-04-29T09:00:00.000Z',
    ]);
  });

  it("keeps the wall-clock time across DST when the start has a zone id", () => {
    const dues = fireAll(parseCycle('R3/2024-03-30T10:00:00[Europe/Berlin]/P1D'), at('2024-03-01T00:00:00Z'));
    expect(dues.map(iso)).toEqual(['2024-03-30T09:00:00.000Z', '2024-03-31T08:00:00.000Z', '2024-04-01T08:00:00.000Z']);
    const utcDues = fireAll(parseCycle('R3/2024-03-30T09:00:00Z/P1D'), at('2024-03-01T00:00:00Z'));
    expect(utcDues.map(iso)).toEqual(['2024-03-30T09:00:00.000Z', '2024-03-31T09:00:00.000Z', '2024-04-01T09:00:00.000Z']);
  });

  it('steps from the previous due date while that stays in the future', () => {
    const cycle = parseCycle('R/PT1H');
    // Fired a little late: the next occurrence keeps the original rhythm.
    expect(nextDue(cycle, t0, -1, t0 + 5 * MIN)).toEqual({ dueMs: t0 + HOUR, repetitions: -1 });
  });

  it('re-anchors on now instead of firing a burst of missed occurrences', () => {
    const cycle = parseCycle('R5/PT1H');
    const now = t0 + 5 * HOUR + 30 * MIN;
    expect(nextDue(cycle, t0, 5, now)).toEqual({ dueMs: now + HOUR, repetitions: 4 });
    // Exactly at the natural occurrence also re-anchors (it must lie strictly after now).
    expect(nextDue(cycle, t0, 5, t0 + HOUR)).toEqual({ dueMs: t0 + 2 * HOUR, repetitions: 4 });
  });

  it('schedules cron cycles at the next match after now, forever', () => {
    const cycle = parseCycle('0 0 9-17 * * MON-FRI');
    const friday5pm = at('2026-01-16T17:00:00Z');
    expect(nextDue(cycle, friday5pm, -1)).toEqual({ dueMs: at('2026-01-19T09:00:00Z'), repetitions: -1 });
    expect(nextDue(cycle, friday5pm, -1, at('2026-01-19T12:30:00Z'))).toEqual({
      dueMs: at('2026-01-19T13:00:00Z'),
      repetitions: -1,
    });
    // A clock behind the previous due date never yields the same occurrence twice.
    expect(nextDue(cycle, friday5pm, -1, friday5pm - HOUR)?.dueMs).toBe(at('2026-01-19T09:00:00Z'));
  });

  it('rejects invalid repetition values', () => {
    const cycle = parseCycle('R3/PT1H');
    expect(() => nextDue(cycle, t0, -2)).toThrow(RangeError);
    expect(() => nextDue(cycle, t0, 1.5)).toThrow(RangeError);
    expect(() => nextDue(cycle, Number.NaN, 3)).toThrow(RangeError);
  });
});
