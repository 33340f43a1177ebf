import { evaluate as feelinEvaluate, unaryTest as feelinUnaryTest } from '@bpmn-io/feelin';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  clearFeelCache,
  evaluateAny,
  evaluateBoolean,
  evaluateFeel,
  evaluateList,
  evaluateNumber,
  evaluateString,
  evaluateUnaryTest,
  feelCacheStats,
  parseModelExpression,
  type FeelResult,
  type VariableLookup,
} from '../engine/feel/expression.ts';

const variables: Record<string, unknown> = {
  x: 5,
  y: 2.5,
  s: 'abc',
  b: true,
  n: null,
  l: [1, 2, 3],
  o: { a: 1, b: { c: 'd' }, list: [{ p: 1 }, { p: 2 }] },
  items: [
    { price: 2, name: 'a' },
    { price: 5, name: 'b' },
  ],
  'order id': 7,
  'a-b': 3,
};

/** Records every name asked for, like a spy on the engine's scope lookup. */
function recordingLookup(vars: Record<string, unknown> = variables): VariableLookup & { names: string[] } {
  const names: string[] = [];
  const lookup = (name: string): unknown => {
    names.push(name);
    return Object.hasOwn(vars, name) ? vars[name] : undefined;
  };
  return Object.assign(lookup, { names });
}

const lookup = recordingLookup();

function value(result: FeelResult): unknown {
  if (!result.ok) throw new Error(result.message);
  return result.value;
}

function feel(source: string, vars: Record<string, unknown> = variables): unknown {
  return value(evaluateFeel(source, recordingLookup(vars)));
}

beforeEach(() => clearFeelCache());

describe('model attributes', () => {
  it('treats an attribute starting with = as FEEL and anything else as a static value', () => {
    expect(parseModelExpression('=x + 1')).toEqual({ kind: 'feel', source: 'x + 1' });
    expect(parseModelExpression('=  order.total \n')).toEqual({ kind: 'feel', source: 'order.total' });
    expect(parseModelExpression('payment-service')).toEqual({ kind: 'static', value: 'payment-service' });
    expect(parseModelExpression(' =x')).toEqual({ kind: 'static', value: ' =x' });
    // Zeebe's pattern is `=(.+)`: a lone `=` is a static value.
    expect(parseModelExpression('=')).toEqual({ kind: 'static', value: '=' });
  });

  it('types static values like Zeebe (null, booleans, decimals, else string)', () => {
    const any = (attr: string): unknown => {
      const result = evaluateAny(parseModelExpression(attr), lookup);
      return result.ok && [result.value, result.type];
    };
    expect(any('3')).toEqual([3, 'NUMBER']);
    expect(any('-1.5e2')).toEqual([-150, 'NUMBER']);
    expect(any('true')).toEqual([true, 'BOOLEAN']);
    expect(any('null')).toEqual([null, 'NULL']);
    expect(any('x')).toEqual(['x', 'STRING']);
    expect(any('1.2.3')).toEqual(['1.2.3', 'STRING']);
  });

  it('reads a static attribute as a string wherever a string is expected', () => {
    expect(evaluateString(parseModelExpression('123'), lookup)).toEqual({ ok: true, value: '123' });
    expect(evaluateNumber(parseModelExpression('3'), lookup)).toEqual({ ok: true, value: 3 });
    expect(evaluateBoolean(parseModelExpression('true'), lookup)).toEqual({ ok: true, value: true });
  });
});

describe('evaluating expressions', () => {
  it('reads variables and paths', () => {
    expect(feel('x')).toBe(5);
    expect(feel('o.b.c')).toBe('d');
    expect(feel('o.b')).toEqual({ c: 'd' });
    expect(feel('o.list.p')).toEqual([1, 2]);
    expect(feel('`a-b` * 2')).toBe(6);
    expect(feel('order id + 1')).toBe(8);
  });

  it('evaluates a missing variable to null with a warning, not a failure', () => {
    expect(evaluateFeel('missing', lookup)).toEqual({
      ok: true,
      value: null,
      type: 'NULL',
      warnings: [{ type: 'NO_VARIABLE_FOUND', message: "No variable found with name 'missing'" }],
    });
    expect(feel('missing.a.b')).toBeNull();
    expect(feel('o.missing')).toBeNull();
    expect(feel('x + missing')).toBeNull();
    expect(feel('n')).toBeNull();
    expect(evaluateFeel('n', lookup)).toMatchObject({ warnings: [] });
  });

  it('computes arithmetic, string concatenation, comparisons and built-ins', () => {
    expect(feel('x + y * 2')).toBe(10);
    expect(feel('(x - 1) / 4')).toBe(1);
    expect(feel('x ** 2')).toBe(25);
    expect(feel('s + "def"')).toBe('abcdef');
    expect(feel('x > 3 and b')).toBe(true);
    expect(feel('if x > 10 then "big" else "small"')).toBe('small');
    expect(feel('string length(s) + count(l)')).toBe(6);
    expect(feel('x in [1..10]')).toBe(true);
    expect(feel('x // a trailing comment')).toBe(5);
  });

  it('returns lists and contexts as JSON', () => {
    expect(feel('[x, s, [n]]')).toEqual([5, 'abc', [null]]);
    expect(feel('{total: x * 2, label: s, nested: {ok: b}}')).toEqual({ total: 10, label: 'abc', nested: { ok: true } });
    expect(feel('for i in l return i * x')).toEqual([5, 10, 15]);
    expect(feel('items[price > 3].name')).toEqual(['b']);
    expect(feel('{a: 1, b: a + 1}')).toEqual({ a: 1, b: 2 });
  });

  it('stores dates, times and durations as the ISO strings Zeebe writes', () => {
    const typed = (source: string): unknown => {
      const result = evaluateFeel(source, lookup);
      return result.ok && [result.value, result.type];
    };
    expect(typed('date("2024-01-31")')).toEqual(['2024-01-31', 'DATE']);
    expect(typed('date("2024-01-31") + duration("P1D")')).toEqual(['2024-02-01', 'DATE']);
    expect(typed('date and time("2024-01-31T10:15:00")')).toEqual(['2024-01-31T10:15:00', 'DATE_TIME']);
    expect(typed('date and time("2024-01-31T10:15:00Z")')).toEqual(['2024-01-31T10:15:00Z', 'DATE_TIME']);
    expect(typed('date and time("2024-01-31T10:15:00.250+01:00")')).toEqual(['2024-01-31T10:15:00.25+01:00', 'DATE_TIME']);
    expect(typed('date and time("2024-07-01T10:15:00@Europe/Berlin")')).toEqual([
      '2024-07-01T10:15:00+02:00[Europe/Berlin]',
      'DATE_TIME',
    ]);
    expect(typed('time("10:15:00")')).toEqual(['10:15', 'UNKNOWN']);
    expect(typed('time("10:15:30+02:00")')).toEqual(['10:15:30+02:00', 'UNKNOWN']);
    expect(typed('duration("PT26H")')).toEqual(['P1DT2H', 'DURATION']);
    expect(typed('duration("P14M")')).toEqual(['P1Y2M', 'PERIOD']);
    expect(typed('date("2024-03-01") - date("2024-01-01")')).toEqual(['P60D', 'DURATION']);
    expect(typed('{due: date("2024-01-31"), list: [duration("PT0S")]}')).toEqual([
      { due: '2024-01-31', list: ['P0D'] },
      'OBJECT',
    ]);
    expect(typed('today()')).toEqual([expect.stringMatching(/^\d{4}-\d\d-\d\d$/), 'DATE']);
    expect(typed('now()')).toEqual([expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/), 'DATE_TIME']);
  });

  it('refuses results that are not values (functions, ranges, infinite numbers)', () => {
    expect(evaluateFeel('[1..5]', lookup)).toEqual({
      ok: false,
      message: "failed to evaluate expression '[1..5]': expected a JSON-compatible result but found a range",
    });
    expect(evaluateFeel('{f: function(a) a + 1}', lookup)).toEqual({
      ok: false,
      message: "failed to evaluate expression '{f: function(a) a + 1}': expected a JSON-compatible result but found a function",
    });
    expect(evaluateFeel('2 ** 10000', lookup)).toMatchObject({ ok: false, message: expect.stringContaining('Infinity') });
  });

  it('reports syntax errors and runtime failures precisely, without throwing', () => {
    expect(evaluateFeel('x +', lookup)).toEqual({
      ok: false,
      message: "failed to parse expression 'x +': Incomplete <ArithmeticExpression> at position 3",
    });
    // Wrapping must not turn invalid source into valid FEEL.
    expect(evaluateFeel('x) + (x', lookup)).toMatchObject({ ok: false, message: expect.stringMatching(/^failed to parse expression 'x\) \+ \(x'/) });
    expect(evaluateFeel('', lookup)).toMatchObject({ ok: false, message: expect.stringMatching(/^failed to parse expression ''/) });
    expect(evaluateFeel('x instance of list', lookup)).toEqual({
      ok: false,
      message:
        "failed to evaluate expression 'x instance of list': Right-hand side of 'instanceof' is not an object " +
        "The evaluation reported the following warnings:\n[NO_VARIABLE_FOUND] No variable found with name 'list'",
    });
    expect(evaluateFeel('matches(s, "b", "x")', lookup)).toEqual({
      ok: false,
      message: `failed to evaluate expression 'matches(s, "b", "x")': not implemented: matches <x> flag`,
    });
  });

  it('does not leak variables from one evaluation into the next', () => {
    expect(feel('a + 1', { a: 1 })).toBe(2);
    expect(feel('a + 1', {})).toBeNull();
    expect(feel('p.q', { p: { q: 1 } })).toBe(1);
    expect(feel('p.q', { p: [{ q: 1 }, { q: 2 }] })).toEqual([1, 2]);
    expect(feel('p.q', {})).toBeNull();
  });
});

describe('typed evaluation (Zeebe incident messages)', () => {
  const feelExpr = (source: string) => parseModelExpression(`=${source}`);

  it('accepts the expected type', () => {
    expect(evaluateBoolean(feelExpr('x > 3'), lookup)).toEqual({ ok: true, value: true });
    expect(evaluateString(feelExpr('s + "!"'), lookup)).toEqual({ ok: true, value: 'abc!' });
    expect(evaluateNumber(feelExpr('x - 2'), lookup)).toEqual({ ok: true, value: 3 });
    expect(evaluateList(feelExpr('l'), lookup)).toEqual({ ok: true, value: [1, 2, 3] });
  });

  it('names the expression and the type found', () => {
    expect(evaluateBoolean(feelExpr('s'), lookup)).toEqual({
      ok: false,
      message: "Expected result of the expression 's' to be 'BOOLEAN', but was 'STRING'.",
    });
    expect(evaluateNumber(feelExpr('l'), lookup)).toEqual({
      ok: false,
      message: "Expected result of the expression 'l' to be 'NUMBER', but was 'ARRAY'.",
    });
    expect(evaluateList(feelExpr('o'), lookup)).toEqual({
      ok: false,
      message: "Expected result of the expression 'o' to be 'ARRAY', but was 'OBJECT'.",
    });
    expect(evaluateString(feelExpr('date("2024-01-01")'), lookup)).toEqual({
      ok: false,
      message: `Expected result of the expression 'date("2024-01-01")' to be 'STRING', but was 'DATE'.`,
    });
    expect(evaluateNumber(parseModelExpression('three'), lookup)).toEqual({
      ok: false,
      message: "Expected result of the expression 'three' to be 'NUMBER', but was 'STRING'.",
    });
  });

  it('appends the evaluation warnings, as Zeebe does for a missing variable', () => {
    expect(evaluateBoolean(feelExpr('amount > 100'), lookup)).toEqual({
      ok: false,
      message:
        "Expected result of the expression 'amount > 100' to be 'BOOLEAN', but was 'NULL'. " +
        "The evaluation reported the following warnings:\n[NO_VARIABLE_FOUND] No variable found with name 'amount'",
    });
  });

  it('passes evaluation failures through', () => {
    expect(evaluateBoolean(feelExpr('x >'), lookup)).toMatchObject({ ok: false, message: expect.stringMatching(/^failed to parse expression 'x >'/) });
  });
});

describe('cache and fast paths', () => {
  it('parses a source once and serves later evaluations from the cache', () => {
    const source = 'x * 2 + count(l)';
    const before = feelCacheStats().parses;
    for (let i = 0; i < 100; i++) expect(feel(source)).toBe(13);
    const stats = feelCacheStats();
    expect(stats.parses - before).toBe(2); // validate the source, build the program
    expect(stats.expressions).toMatchObject({ size: 1, misses: 1, hits: 99 });
  });

  it('reads plain variables, paths and literals without the interpreter', () => {
    for (const source of ['x', 'o.b.c', '"text"', '42', 'true', 'null']) feel(source);
    const before = feelCacheStats().parses;
    const spy = recordingLookup();
    expect(evaluateFeel('o.b.c', spy)).toEqual({ ok: true, value: 'd', type: 'STRING', warnings: [] });
    expect(evaluateFeel('"text"', spy)).toMatchObject({ value: 'text' });
    expect(evaluateFeel('42', spy)).toMatchObject({ value: 42 });
    expect(spy.names).toEqual(['o']);
    expect(feelCacheStats().parses).toBe(before);
    // One parse for a path: no program is built until a slow case needs one.
    const parses = feelCacheStats().parses;
    feel('fresh.path');
    expect(feelCacheStats().parses - parses).toBe(2); // path parsed, then missing → program built
  });

  it('looks up only the top-level names the expression references', () => {
    const spy = recordingLookup();
    expect(value(evaluateFeel('o.b.c + s + string(x)', spy))).toBe('dabc5');
    expect(spy.names.sort()).toEqual(['o', 's', 'string', 'x']);
  });

  it('is bounded: the least recently used entry is evicted', () => {
    const { capacity } = feelCacheStats().expressions;
    feel('first');
    for (let i = 0; i < capacity; i++) feel(`v${i}`);
    expect(feelCacheStats().expressions).toMatchObject({ size: capacity, evictions: 1 });
    feel('first');
    expect(feelCacheStats().expressions.misses).toBe(capacity + 2);
  });
});

describe('unary tests', () => {
  const test = (t: string, input: unknown): unknown => {
    const result = evaluateUnaryTest(t, input, lookup);
    if (!result.ok) throw new Error(result.message);
    return result.value;
  };

  it('matches DMN input entries', () => {
    expect(test('"gold","silver"', 'gold')).toBe(true);
    expect(test('"gold","silver"', 'bronze')).toBe(false);
    expect(test('> 3', 5)).toBe(true);
    expect(test('<= x', 6)).toBe(false);
    expect(test('[1..x]', 5)).toBe(true);
    expect(test('(1..x)', 5)).toBe(false);
    expect(test('not("gold")', 'gold')).toBe(false);
    expect(test('not(> 10, < 0)', 5)).toBe(true);
    expect(test('-', 'anything')).toBe(true);
    expect(test('', 'anything')).toBe(true);
    expect(test('null', null)).toBe(true);
    expect(test('not(null)', undefined)).toBe(false);
    expect(test('true', true)).toBe(true);
    expect(test('true', 1)).toBe(false);
    expect(test('? > x', 6)).toBe(true);
    expect(test('l', 2)).toBe(true);
    expect(test('date("2024-01-01")', feelinEvaluate('date("2024-01-01")').value)).toBe(true);
  });

  it('reports syntax errors', () => {
    expect(evaluateUnaryTest('> ', 1, lookup)).toMatchObject({ ok: false, message: expect.stringMatching(/^failed to parse expression '>'/) });
  });

  it('caches compiled unary tests', () => {
    test('[1..10]', 5);
    const parses = feelCacheStats().parses;
    for (let i = 0; i < 50; i++) expect(test('[1..10]', i)).toBe(i >= 1 && i <= 10);
    expect(feelCacheStats().parses).toBe(parses);
    expect(feelCacheStats().unaryTests).toMatchObject({ size: 1, hits: 50 });
  });
});

describe('agrees with plain feelin', () => {
  const expressions = [
    'x', 'o.b.c', 'o.list.p', 'missing', 'missing.a', 'o.missing', 'x.y', 'l.missing', 'x + y', 'x - y * 2',
    's + "def"', 's + x', 'x > 3 and b', 'not(b)', 'n = null', 'l[1]', 'l[-1]', 'l[item > 1]', 'items[price > 3].name',
    'items[name = "b"].price', 'for i in l return i * x', 'for x in l return x + 1', 'some i in l satisfies i > 2',
    'every i in l satisfies i > 0', '{a: x, b: a + 1}', '[x, s, [n]]', 'if x > 3 then "big" else "small"',
    'string length(s)', 'upper case(s)', 'count(l)', 'sum(l)', 'list contains(l, 2)', 'order id * 2', '`a-b`',
    'x in [1..10]', 'x between 1 and 10', 'x in (1, 5, 9)', 'get value(o, "a")', 'sort(l, function(a, b) a > b)',
    'substring(s, 2)', 'contains(s, "b")', 'split("a,b", ",")', 'decimal(y, 0)', 'floor(y)', 'abs(-x)', 'modulo(x, 2)',
    'x / 0', 'missing + 1', 'count(missing)', '(function(v) v * 2)(x)', 'o.list[p = 2].p', '"a" < "b"', 'x = "5"',
  ];

  it.each(expressions)('%s', (source) => {
    const expected = feelinEvaluate(source, variables, 'camunda');
    const actual = evaluateFeel(source, lookup);
    expect(actual.ok).toBe(true);
    if (!actual.ok) return;
    expect(actual.value).toEqual(expected.value);
    expect(actual.warnings.map((w) => w.type)).toEqual(expected.warnings.map((w) => w.type));
  });

  const tests = [
    '-', '5', '"gold"', '"a","b"', '> 10', '>= 10', '< 3', '[1..10]', '(1..10)', ']1..10[', '[1..10)', 'not(5)',
    'not("a","b")', 'not(> 10)', '? > 5', '? = x', 'x', '> x', '[x..y]', 'true', 'false', 'null', 'not(null)', 'x > 5',
    'count(?) > 1', '[1,2,3]', '"a", > 5', '?', 'list contains(?, 2)', '> date("2024-01-01")', 'starts with(?, "g")',
    '= 5', '!= 5', '-, 5', '(true)', 'if x > 1 then true else false', 'missing', '> missing', 'l', '? in l',
  ];
  const inputs: unknown[] = [5, 11, 10, 1, 'gold', 'a', 'c', true, false, null, [1, 2], [2], 0];

  /** feelin's answer in our result shape; a syntax error (e.g. `-, 5`) must be one for us too. */
  function feelinAnswer(t: string, input: unknown): unknown {
    try {
      return { ok: true, value: feelinUnaryTest(t, { ...variables, '?': input }, 'camunda').value };
    } catch {
      return { ok: false, message: expect.stringMatching(/^failed to parse expression/) };
    }
  }

  it.each(tests)('unary test %s', (t) => {
    for (const input of inputs) {
      expect([input, evaluateUnaryTest(t, input, lookup)]).toEqual([input, feelinAnswer(t, input)]);
    }
  });
});
