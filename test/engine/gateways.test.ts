import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/engine-harness.ts';
import { activate, activateOne, deployModel, isLive, records, startInstance, trail, type Zbc } from './helpers.ts';

/**
 * Exclusive gateway (Zeebe's ExclusiveGatewayProcessor): the first outgoing flow whose condition is
 * true, else the default flow; none at all is a CONDITION_ERROR incident ("Expected at least one
 * condition to evaluate to true, or to have a default flow"); a condition that fails or is not a
 * boolean is an EXTRACT_VALUE_ERROR incident (ConditionIncidentTest). Resolving re-evaluates.
 * Parallel gateway: the fork takes every flow, the join waits for a token on each incoming flow.
 */
describe('gateways', () => {
  let h: Harness;
  let zbc: Zbc;
  beforeAll(async () => {
    h = await startHarness();
    zbc = h.client();
    await deployModel(zbc, 'exclusive-gateway-routing');
    await deployModel(zbc, 'exclusive-gateway-no-default');
    await deployModel(zbc, 'exclusive-gateway-non-boolean');
    await deployModel(zbc, 'parallel-gateway-join');
  });
  afterAll(async () => h?.stop());

  const incidentsOf = (pi: string) => [...h.engine.view.incidents.values()].filter((i) => i.processInstanceKey === pi);
  const flowsTaken = async (pi: string) => (await records(h, pi, 'PROCESS_INSTANCE')).filter((r) => r.intent === 'SEQUENCE_FLOW_TAKEN').map((r) => r.element_id);

  it.each([
    [500, 'toHigh', 'endHigh'],
    [50, 'toMid', 'endMid'],
    [5, 'toLow', 'endLow'],
  ])('amount %i takes %s', async (amount, flow, end) => {
    const pi = await startInstance(h, zbc, 'xor-routing', { amount });
    expect(isLive(h, pi)).toBe(false);
    expect(await flowsTaken(pi)).toEqual(['f1', flow]);
    expect(await trail(h, pi)).toEqual(['start:ELEMENT_COMPLETED', 'decide:ELEMENT_COMPLETED', `${end}:ELEMENT_COMPLETED`, 'xor-routing:ELEMENT_COMPLETED']);
  });

  it('no true condition and no default flow: CONDITION_ERROR; SetVariables + ResolveIncident continues', async () => {
    const pi = await startInstance(h, zbc, 'xor-no-default', { choice: 'c' });
    const [incident, ...more] = incidentsOf(pi);
    expect(more).toEqual([]);
    expect(incident).toMatchObject({
      errorType: 'CONDITION_ERROR',
      errorMessage: 'Expected at least one condition to evaluate to true, or to have a default flow',
      elementId: 'decide',
    });
    const gateway = h.engine.view.elements.get(incident!.elementInstanceKey)!;
    expect(gateway).toMatchObject({ elementId: 'decide', state: 'ACTIVATING' });

    // Non-local SetVariables on the gateway updates `choice` where it lives: the process scope.
    await zbc.setVariables({ elementInstanceKey: incident!.elementInstanceKey, variables: { choice: 'b' }, local: false });
    await zbc.resolveIncident({ incidentKey: incident!.key });
    await h.engine.whenIdle();
    expect(isLive(h, pi)).toBe(false);
    expect(await flowsTaken(pi)).toEqual(['f1', 'toB']);
    expect((await records(h, pi, 'INCIDENT')).map((r) => r.intent)).toEqual(['CREATED', 'RESOLVED']);
  });

  it('a condition that is not a boolean is an EXTRACT_VALUE_ERROR incident', async () => {
    const pi = await startInstance(h, zbc, 'xor-non-boolean', { approved: 'yes' });
    const [incident, ...more] = incidentsOf(pi);
    expect(more).toEqual([]);
    // Zeebe 8.8's wording (ExpressionProcessor.typeCheck).
    expect(incident).toMatchObject({
      errorType: 'EXTRACT_VALUE_ERROR',
      errorMessage: "Expected result of the expression 'approved' to be 'BOOLEAN', but was 'STRING'.",
      elementId: 'decide',
    });
    await zbc.setVariables({ elementInstanceKey: pi, variables: { approved: true }, local: false });
    await zbc.resolveIncident({ incidentKey: incident!.key });
    await h.engine.whenIdle();
    expect(isLive(h, pi)).toBe(false);
    expect(await flowsTaken(pi)).toEqual(['f1', 'toYes']);
  });

  it('a missing variable makes the condition null, not false: incident too', async () => {
    const pi = await startInstance(h, zbc, 'xor-non-boolean', {});
    const [incident] = incidentsOf(pi);
    expect(incident).toMatchObject({ errorType: 'EXTRACT_VALUE_ERROR', elementId: 'decide' });
    expect(incident!.errorMessage.startsWith("Expected result of the expression 'approved' to be 'BOOLEAN', but was 'NULL'.")).toBe(true);
    await zbc.cancelProcessInstance(pi);
    await h.engine.whenIdle();
    expect(incidentsOf(pi)).toEqual([]);
  });

  it('the parallel join waits for both branches and the next task sees both results', async () => {
    const pi = await startInstance(h, zbc, 'parallel-join', { base: 0 });
    const a = await activateOne(zbc, 'par-a');
    const b = await activateOne(zbc, 'par-b');
    expect(a.processInstanceKey).toBe(pi);
    expect(b.processInstanceKey).toBe(pi);

    await zbc.completeJob({ jobKey: a.key, variables: { fromA: 'a' } });
    await h.engine.whenIdle();
    const joinActivations = async () => (await records(h, pi, 'PROCESS_INSTANCE')).filter((r) => r.element_id === 'join' && r.intent === 'ELEMENT_ACTIVATING');
    expect(await joinActivations()).toHaveLength(0);
    expect(await activate(zbc, 'par-after')).toEqual([]);
    expect(isLive(h, pi)).toBe(true);

    await zbc.completeJob({ jobKey: b.key, variables: { fromB: 'b' } });
    await h.engine.whenIdle();
    expect(await joinActivations()).toHaveLength(1);
    const after = await activateOne(zbc, 'par-after');
    expect(after.variables).toEqual({ base: 0, fromA: 'a', fromB: 'b' });
    await zbc.completeJob({ jobKey: after.key, variables: {} });
    await h.engine.whenIdle();
    expect(isLive(h, pi)).toBe(false);
    expect(await trail(h, pi)).toEqual([
      'start:ELEMENT_COMPLETED',
      'fork:ELEMENT_COMPLETED',
      'taskA:ELEMENT_COMPLETED',
      'taskB:ELEMENT_COMPLETED',
      'join:ELEMENT_COMPLETED',
      'after:ELEMENT_COMPLETED',
      'end:ELEMENT_COMPLETED',
      'parallel-join:ELEMENT_COMPLETED',
    ]);
  });
});
