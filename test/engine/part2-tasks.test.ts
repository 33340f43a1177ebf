import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/engine-harness.ts';
import { activate, activateOne, deployModel, isLive, records, startInstance, trail, variableWrites, type Zbc } from './helpers.ts';
import { completeOne, incidentsOf, liveElements, typed } from './part2-support.ts';

/**
 * Tasks without a worker of their own and execution listeners:
 * - a script task with `zeebe:script` evaluates FEEL into its result variable, which propagates
 *   like a job's variables (ScriptTaskProcessor); with a task definition it is a job;
 * - a business rule task with a task definition is a job; manual and undefined tasks pass through;
 * - a link throw event continues at the link catch event of the same name;
 * - execution listeners (Zeebe 8.6+) are jobs (jobKind EXECUTION_LISTENER): the start listeners in
 *   model order before the element's own job, the end listeners after it; a listener job that
 *   fails without retries is an EXECUTION_LISTENER_NO_RETRIES incident.
 */
describe('script, business rule, manual and undefined tasks, links', () => {
  let h: Harness;
  let zbc: Zbc;
  beforeAll(async () => {
    h = await startHarness();
    zbc = h.client();
    await deployModel(zbc, 'p2-tasks');
  });
  afterAll(async () => h?.stop());

  it('runs the script, waits for the script and rule jobs, passes the rest, follows the link', async () => {
    const pi = await startInstance(h, zbc, 'p2-tasks', { price: 3, qty: 4 });
    expect(await variableWrites(h, pi, pi)).toEqual([
      ['price', 3],
      ['qty', 4],
      ['total', 12],
    ]);
    const script = await completeOne(h, zbc, 'p2t-script', { scripted: true });
    expect(script).toMatchObject({ elementId: 'scriptJob', customHeaders: { language: 'groovy' }, variables: { price: 3, qty: 4, total: 12 } });
    const rule = await activateOne(zbc, 'p2t-rule');
    expect(rule.elementId).toBe('rule');
    expect(liveElements(h, pi)).toEqual(['rule:ACTIVATED']);
    await zbc.completeJob({ jobKey: rule.key, variables: { decision: 'approve' } });
    await h.engine.whenIdle();
    expect(isLive(h, pi)).toBe(false);
    expect(await typed(h, pi, 'ELEMENT_COMPLETED')).toEqual([
      'start:START_EVENT',
      'computeTotal:SCRIPT_TASK',
      'scriptJob:SCRIPT_TASK',
      'rule:BUSINESS_RULE_TASK',
      'manual:MANUAL_TASK',
      'plain:TASK',
      'jump:INTERMEDIATE_THROW_EVENT',
      'landed:INTERMEDIATE_CATCH_EVENT',
      'end:END_EVENT',
      'p2-tasks:PROCESS',
    ]);
    expect((await variableWrites(h, pi, pi)).map(([name]) => name)).toEqual(['price', 'qty', 'total', 'scripted', 'decision']);
  });
});

describe('execution listeners', () => {
  let h: Harness;
  let zbc: Zbc;
  beforeAll(async () => {
    h = await startHarness();
    zbc = h.client();
    await deployModel(zbc, 'p2-listeners');
  });
  afterAll(async () => h?.stop());

  it('start listeners run before the task job, end listeners after it, each as a job in model order', async () => {
    const pi = await startInstance(h, zbc, 'p2-listeners', { base: 1 });
    expect(await activate(zbc, 'p2l-work')).toEqual([]);
    expect(await activate(zbc, 'p2l-start-2')).toEqual([]);
    const first = await completeOne(h, zbc, 'p2l-start-1', { fromStart: 'one' });
    expect(first.elementId).toBe('task');
    expect(liveElements(h, pi)).toEqual(['task:ACTIVATING']);
    const second = await completeOne(h, zbc, 'p2l-start-2');
    expect(second.variables).toEqual({ base: 1, fromStart: 'one' });
    expect(liveElements(h, pi)).toEqual(['task:ACTIVATED']);
    const work = await completeOne(h, zbc, 'p2l-work', { result: 'r' });
    expect(work.variables).toMatchObject({ base: 1, fromStart: 'one' });
    expect(liveElements(h, pi)).toEqual(['task:COMPLETING']);
    const end = await completeOne(h, zbc, 'p2l-end');
    expect(end.variables).toMatchObject({ base: 1, result: 'r' });
    expect(isLive(h, pi)).toBe(false);

    const jobs = (await records(h, pi, 'JOB')).filter((r) => r.intent === 'CREATED');
    expect(jobs.map((r) => [r.value.type, r.value.jobKind, r.value.jobListenerEventType])).toEqual([
      ['p2l-start-1', 'EXECUTION_LISTENER', 'START'],
      ['p2l-start-2', 'EXECUTION_LISTENER', 'START'],
      ['p2l-work', 'BPMN_ELEMENT', 'UNSPECIFIED'],
      ['p2l-end', 'EXECUTION_LISTENER', 'END'],
    ]);
    const taskRecords = (await records(h, pi, 'PROCESS_INSTANCE')).filter((r) => r.element_id === 'task').map((r) => r.intent);
    expect(taskRecords).toEqual(['ELEMENT_ACTIVATING', 'ELEMENT_ACTIVATED', 'ELEMENT_COMPLETING', 'ELEMENT_COMPLETED']);
    expect(await trail(h, pi)).toEqual(['start:ELEMENT_COMPLETED', 'task:ELEMENT_COMPLETED', 'end:ELEMENT_COMPLETED', 'p2-listeners:ELEMENT_COMPLETED']);
  });

  it('a listener job failing without retries: EXECUTION_LISTENER_NO_RETRIES; new retries + resolve continues', async () => {
    const pi = await startInstance(h, zbc, 'p2-listeners');
    await completeOne(h, zbc, 'p2l-start-1');
    const listener = await activateOne(zbc, 'p2l-start-2');
    expect(listener.retries).toBe(1);
    await zbc.failJob({ jobKey: listener.key, retries: 0, errorMessage: 'listener down', retryBackOff: 0 });
    await h.engine.whenIdle();
    const [incident, ...more] = incidentsOf(h, pi);
    expect(more).toEqual([]);
    expect(incident).toMatchObject({ errorType: 'EXECUTION_LISTENER_NO_RETRIES', errorMessage: 'listener down', elementId: 'task', jobKey: listener.key });
    expect(liveElements(h, pi)).toEqual(['task:ACTIVATING']);

    await zbc.updateJobRetries({ jobKey: listener.key, retries: 1 });
    await zbc.resolveIncident({ incidentKey: incident!.key });
    await h.engine.whenIdle();
    await completeOne(h, zbc, 'p2l-start-2');
    await completeOne(h, zbc, 'p2l-work');
    await completeOne(h, zbc, 'p2l-end');
    expect(isLive(h, pi)).toBe(false);
    expect((await records(h, pi, 'INCIDENT')).map((r) => [r.intent, r.value.errorType])).toEqual([
      ['CREATED', 'EXECUTION_LISTENER_NO_RETRIES'],
      ['RESOLVED', 'EXECUTION_LISTENER_NO_RETRIES'],
    ]);
  });
});
