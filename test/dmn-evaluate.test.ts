import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateDecision, parseDmn, type DecisionRequirements, type DecisionResult } from '../engine/dmn/index.ts';

const root = path.join(import.meta.dirname, '..');

async function load(relative: string): Promise<DecisionRequirements> {
  return parseDmn(await readFile(path.join(root, relative), 'utf8'), path.basename(relative));
}

const fixture = (name: string) => load(path.join('test', 'fixtures', 'dmn', name));

function output(result: DecisionResult): unknown {
  if (!result.ok) throw new Error(`expected success, got: ${result.message}`);
  return result.decisionOutput;
}

function failure(result: DecisionResult): Extract<DecisionResult, { ok: false }> {
  if (result.ok) throw new Error(`expected a failure, got ${JSON.stringify(result.decisionOutput)}`);
  return result;
}

/** The ids of the rules that matched in the requested (last evaluated) decision. */
function matchedRuleIds(result: DecisionResult): string[] {
  return (result.evaluatedDecisions.at(-1)?.matchedRules ?? []).map((rule) => rule.ruleId);
}

describe('hit policies', async () => {
  const drg = await fixture('hit-policies.dmn');
  const evaluate = (decisionId: string, score: number | null) => evaluateDecision(drg, decisionId, { score });

  it('UNIQUE returns the single match and fails on several', () => {
    expect(output(evaluate('unique', 90))).toBe('gold');
    const failed = failure(evaluate('unique', 72));
    expect(failed.message).toBe(
      "Expected to evaluate decision 'unique', but multiple values aren't allowed for UNIQUE hit policy. " +
        `found: 'List(Map(tier -> "silver"), Map(tier -> "platinum"))'`,
    );
    expect(failed.failedDecisionId).toBe('unique');
    // Zeebe records the matched rules of the failed evaluation too.
    expect(matchedRuleIds(failed)).toEqual(['unique-mid', 'unique-overlap']);
    expect(failed.evaluatedDecisions.at(-1)?.decisionOutput).toBeNull();
  });

  it('FIRST returns (and records) only the first match', () => {
    const result = evaluate('first', 90);
    expect(output(result)).toBe('gold');
    expect(matchedRuleIds(result)).toEqual(['first-high']);
    expect(output(evaluate('first', 10))).toBe('bronze');
  });

  it('PRIORITY picks the match whose output comes first in the output values', () => {
    expect(output(evaluate('priority', 90))).toBe('gold');
    expect(output(evaluate('priority', 60))).toBe('silver');
    expect(matchedRuleIds(evaluate('priority', 90))).toEqual(['priority-any', 'priority-mid', 'priority-high']);
  });

  it('ANY accepts several matches with equal outputs and fails on different ones', () => {
    expect(output(evaluate('any', 72))).toBe('silver');
    expect(matchedRuleIds(evaluate('any', 72))).toEqual(['any-mid', 'any-mid-again']);
    expect(failure(evaluate('any', 90)).message).toBe(
      "Expected to evaluate decision 'any', but different values aren't allowed for ANY hit policy. " +
        `found: 'List(Map(tier -> "gold"), Map(tier -> "silver"))'`,
    );
  });

  it('RULE ORDER lists the matches in rule order, OUTPUT ORDER by output values', () => {
    expect(output(evaluate('rule-order', 90))).toEqual(['bronze', 'silver', 'gold']);
    expect(output(evaluate('output-order', 90))).toEqual(['gold', 'silver', 'bronze']);
    expect(output(evaluate('output-order', 60))).toEqual(['silver', 'bronze']);
  });

  it('COLLECT lists the outputs, whatever their type', () => {
    expect(output(evaluate('collect', 90))).toEqual([1, 5, 10]);
    expect(output(evaluate('collect', 120))).toEqual([1, 5, 10, 'bonus']);
  });

  it('COLLECT aggregates with SUM, MIN, MAX and COUNT', () => {
    expect(output(evaluate('collect-sum', 90))).toBe(16);
    expect(output(evaluate('collect-min', 90))).toBe(5);
    expect(output(evaluate('collect-min', 30))).toBe(3);
    expect(output(evaluate('collect-max', 72))).toBe(7.2);
    expect(output(evaluate('collect-count', 90))).toBe(3);
  });

  it('an aggregation over a non-number fails at evaluation time', () => {
    const failed = failure(evaluate('collect-sum', 120));
    expect(failed.message).toBe(`Expected to evaluate decision 'collect-sum', but expected number but found '"bonus"'`);
    expect(failed.failedDecisionId).toBe('collect-sum');
  });

  it('no match is null for every hit policy, multi-hit ones included (dmn-scala)', () => {
    for (const id of ['unique', 'any', 'collect-sum', 'collect-count']) {
      const result = evaluate(id, null);
      expect(output(result), id).toBeNull();
      expect(matchedRuleIds(result), id).toEqual([]);
    }
  });
});

describe('unary tests', async () => {
  const drg = await fixture('unary-tests.dmn');
  const matches = (variables: Record<string, unknown>) => output(evaluateDecision(drg, 'matches', { limit: 500, ...variables }));

  it('lists, negation, `-` and empty entries', () => {
    expect(matches({ customer: { tier: 'gold' }, amount: 0, country: 'DE' })).toEqual(['list', 'negation', 'always']);
    expect(matches({ customer: { tier: 'blocked' }, amount: 0, country: 'AT' })).toEqual(['always']);
    expect(matches({ customer: { tier: 'silver' }, amount: 0, country: 'FR' })).toEqual(['negation', 'outside DACH', 'always']);
  });

  it('closed and open ranges, comparison with another variable', () => {
    const tiers = { customer: { tier: 'blocked' }, country: 'DE' };
    expect(matches({ ...tiers, amount: 100 })).toEqual(['closed range', 'always']);
    expect(matches({ ...tiers, amount: 150 })).toEqual(['closed range', 'open range', 'always']);
    expect(matches({ ...tiers, amount: 600 })).toEqual(['above limit', 'always']);
    expect(matches({ ...tiers, amount: 600, limit: 1000 })).toEqual(['always']);
  });

  it('null as a test', () => {
    // not("blocked") holds for null too: null = "blocked" is false.
    expect(matches({ amount: 0, country: 'DE' })).toEqual(['negation', 'no tier', 'always']);
  });

  // Known gap: evaluateFeel hands back JSON, so the input value `date(orderDate)` reaches the
  // unary tests as the string "2024-03-01" and never falls in a range of dates. dmn-scala keeps
  // the FEEL value. This flips to passing once the FEEL layer can keep native values.
  it.fails('dates compare as dates', () => {
    expect(matches({ customer: { tier: 'blocked' }, amount: 0, country: 'DE', orderDate: '2024-03-01' })).toEqual(['in 2024', 'always']);
  });

  it('all entries of a rule must hold', () => {
    expect(matches({ customer: { tier: 'gold' }, amount: 1000, country: 'DE' })).toEqual(['list', 'negation', 'above limit', 'gold, large, DE', 'always']);
  });

  it('records every input with its label, or its expression when it has none', () => {
    const result = evaluateDecision(drg, 'matches', { customer: { tier: 'gold' }, amount: 7, country: 'DE' });
    expect(result.evaluatedDecisions[0]?.evaluatedInputs).toEqual([
      { inputId: 'tier', inputName: 'Customer tier', inputValue: 'gold' },
      { inputId: 'amount', inputName: 'amount', inputValue: 7 },
      { inputId: 'country', inputName: 'Country', inputValue: 'DE' },
      { inputId: 'ordered', inputName: 'Order date', inputValue: null },
    ]);
  });
});

describe('multiple outputs', async () => {
  const drg = await fixture('multi-output.dmn');

  it('a single-hit result is a context keyed by output name', () => {
    const result = evaluateDecision(drg, 'shipping', { parcel: { weight: 10 }, express: false });
    expect(output(result)).toEqual({ carrier: 'dhl', price: 10, tracked: true });
    expect(result.evaluatedDecisions[0]?.matchedRules).toEqual([
      {
        ruleId: 'parcel',
        ruleIndex: 2,
        evaluatedOutputs: [
          { outputId: 'shipping-carrier', outputName: 'Carrier', outputValue: 'dhl' },
          { outputId: 'shipping-price', outputName: 'Price', outputValue: 10 },
          { outputId: 'shipping-tracked', outputName: 'tracked', outputValue: true },
        ],
      },
    ]);
  });

  it('a multi-hit result is a list of contexts', () => {
    expect(output(evaluateDecision(drg, 'shipping-options', { parcel: { weight: 0.5 } }))).toEqual([
      { carrier: 'post', price: 2.5 },
      { carrier: 'dhl', price: 6 },
      { carrier: 'courier', price: 25 },
    ]);
  });

  it('without a match, the outputs with a default output entry give the result', () => {
    expect(output(evaluateDecision(drg, 'freight', { parcel: { weight: 100 } }))).toEqual({ carrier: 'freight forwarder', price: 200 });
    expect(output(evaluateDecision(drg, 'shipping', { parcel: { weight: 100 }, express: false }))).toBeNull();
    // Multi-hit too: null, not an empty list (dmn-scala applies the defaults for every hit policy).
    expect(output(evaluateDecision(drg, 'shipping-options', { parcel: { weight: 100 } }))).toBeNull();
  });
});

describe('decision requirements graph', async () => {
  const drg = await fixture('drg.dmn');
  const applicant = { score: 720, debts: 5000, income: 4000, monthlyRate: 1000 };

  it('evaluates required decisions first, two levels deep, and passes their results on', () => {
    const result = evaluateDecision(drg, 'loan-offer', { applicant });
    expect(output(result)).toBe('prime rate');
    expect(result.evaluatedDecisions.map((d) => [d.decisionId, d.decisionType, d.decisionOutput])).toEqual([
      ['score-band', 'LITERAL_EXPRESSION', 'A'],
      ['risk-class', 'DECISION_TABLE', 'low'],
      ['affordability', 'LITERAL_EXPRESSION', true],
      ['loan-offer', 'DECISION_TABLE', 'prime rate'],
    ]);
    // risk-class reads score-band's result under its variable name `band`.
    expect(result.evaluatedDecisions[1]?.evaluatedInputs[0]).toEqual({ inputId: 'risk-class-band', inputName: 'Score band', inputValue: 'A' });
  });

  it('other applicants take other paths', () => {
    expect(output(evaluateDecision(drg, 'loan-offer', { applicant: { ...applicant, score: 650 } }))).toBe('standard rate');
    expect(output(evaluateDecision(drg, 'loan-offer', { applicant: { ...applicant, score: 500 } }))).toBe('reject');
    expect(output(evaluateDecision(drg, 'loan-offer', { applicant: { ...applicant, monthlyRate: 5000 } }))).toBe('reject');
  });

  it('a required decision can be evaluated on its own', () => {
    const result = evaluateDecision(drg, 'risk-class', { applicant });
    expect(output(result)).toBe('low');
    expect(result.evaluatedDecisions.map((d) => d.decisionId)).toEqual(['score-band', 'risk-class']);
  });

  it('a literal expression decision returns its FEEL result', () => {
    expect(output(evaluateDecision(drg, 'score-band', { applicant: { score: 610 } }))).toBe('B');
    expect(output(evaluateDecision(drg, 'affordability', { applicant: { income: 1000, monthlyRate: 1000 } }))).toBe(false);
  });

  it('a required decision result shadows a variable of the same name', () => {
    expect(output(evaluateDecision(drg, 'risk-class', { applicant, band: 'C' }))).toBe('low');
  });

  it('keeps what Zeebe needs from the model', () => {
    expect(drg.id).toBe('loan-drg');
    expect(drg.name).toBe('Loan offer');
    expect(drg.decisions.get('loan-offer')).toMatchObject({ requiredDecisions: ['risk-class', 'affordability'], versionTag: '2024-06' });
    expect(drg.decisions.get('score-band')).toMatchObject({ resultName: 'band', resultType: 'string' });
  });
});

describe('the product tables', () => {
  it('approval chain: team lead below 10000, director below 100000, CFO from there', async () => {
    const drg = await load('dmn/approval-chain.dmn');
    const approver = (amount: unknown) => output(evaluateDecision(drg, 'approval-chain', { amount }));
    expect([0, 9999.99, 10000, 99999, 100000, 5_000_000].map(approver)).toEqual(['team-lead', 'team-lead', 'director', 'director', 'cfo', 'cfo']);
    expect(approver(null)).toBeNull();
  });

  it('quality gate: the first failing criterion decides, missing metrics reject', async () => {
    const drg = await load('dmn/quality-gate.dmn');
    const gate = (variables: Record<string, unknown>) => output(evaluateDecision(drg, 'quality-gate', variables));
    const good = { criticalDefects: 0, testCoverage: 85, openDefects: 2 };
    expect(gate(good)).toEqual({ verdict: 'pass', reason: 'All quality criteria are met' });
    expect(gate({ ...good, criticalDefects: 1, testCoverage: 10 })).toEqual({ verdict: 'reject', reason: 'Critical defects are open' });
    expect(gate({ ...good, testCoverage: 59 })).toMatchObject({ verdict: 'reject' });
    expect(gate({ ...good, testCoverage: 79 })).toEqual({ verdict: 'rework', reason: 'Test coverage is below 80 %' });
    expect(gate({ ...good, openDefects: 6 })).toEqual({ verdict: 'rework', reason: 'More than 5 defects are open' });
    expect(gate({ criticalDefects: 0, openDefects: 0 })).toEqual({ verdict: 'reject', reason: 'The test coverage is missing' });
  });
});
