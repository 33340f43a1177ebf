import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bpmnProcess, flow, serviceTask } from '../support/bpmn.ts';
import { startHarness, type Harness } from '../support/engine-harness.ts';
import { activate, activateOne, advance, grpcError, isLive, records, startInstance, trail, type Zbc } from './helpers.ts';
import { completeOne, HOUR, incidentsOf, liveElements, liveInstancesOf, publish } from './part2-support.ts';

/**
 * MigrateProcessInstance through the SDK (docs "Process instance migration", Zeebe 8.6): active
 * elements keep their keys, jobs, user tasks, variables and incidents and take the target's
 * definition and element ids; mapped catch events keep their subscriptions, unmapped ones close
 * and the target's unmapped ones open; everything is checked first and a refusal writes nothing.
 */
describe('MigrateProcessInstance', () => {
  let h: Harness;
  let zbc: Zbc;
  beforeAll(async () => {
    h = await startHarness();
    zbc = h.client();
  });
  afterAll(async () => h?.stop());

  async function deploy(id: string, body: string, extraRoot = ''): Promise<string> {
    const response = await zbc.deployResource({ name: `${id}.bpmn`, process: Buffer.from(bpmnProcess(id, body, extraRoot)) });
    const first = response.deployments[0];
    if (!first || !('process' in first)) throw new Error('no process deployed');
    return first.process.processDefinitionKey;
  }
  const migrate = (processInstanceKey: string, targetProcessDefinitionKey: string, mappings: Array<[string, string]>) =>
    zbc.migrateProcessInstance({
      processInstanceKey,
      migrationPlan: { targetProcessDefinitionKey, mappingInstructions: mappings.map(([sourceElementId, targetElementId]) => ({ sourceElementId, targetElementId })) },
    });
  const recordCount = async () => Number((await h.db.knex('records').count<Array<{ n: string }>>({ n: '*' }))[0]!.n);
  const intents = async (pi: string, valueType: string) => (await records(h, pi, valueType)).map((r) => `${r.element_id ?? ''}:${r.intent}`);

  const straight = (id: string, task: string, type: string, after = '') =>
    `<bpmn:startEvent id="start" />${serviceTask(task, type)}${after ? after : ''}<bpmn:endEvent id="end" />
     ${flow('f1', 'start', task)}${after ? `${flow('f2', task, 'next')}${flow('f3', 'next', 'end')}` : flow('f2', task, 'end')}`;

  it('a new version: the active task keeps its job and continues in the new flow', async () => {
    await deploy('mig-basic', straight('mig-basic', 'A', 'mig-a'));
    const pi = await startInstance(h, zbc, 'mig-basic', { amount: 5 });
    const jobBefore = [...h.engine.view.jobs.values()].find((j) => j.processInstanceKey === pi)!;
    const v2 = await deploy('mig-basic', straight('mig-basic', 'A', 'mig-a-v2', serviceTask('next', 'mig-next')));
    await migrate(pi, v2, [['A', 'A']]);
    await h.engine.whenIdle();

    const root = h.engine.view.elements.get(pi)!;
    expect(root).toMatchObject({ processDefinitionKey: v2, version: 2, elementId: 'mig-basic' });
    // The job keeps its key and its type (expressions are not evaluated again), under the new definition.
    const job = await activateOne(zbc, 'mig-a');
    expect(job).toMatchObject({ key: jobBefore.key, processDefinitionKey: v2, processDefinitionVersion: 2, elementId: 'A', variables: { amount: 5 } });
    expect(await intents(pi, 'PROCESS_INSTANCE_MIGRATION')).toEqual([':MIGRATED']);
    const migrated = (await records(h, pi, 'PROCESS_INSTANCE')).filter((r) => r.intent === 'ELEMENT_MIGRATED');
    expect(migrated.map((r) => `${r.element_id}:${String(r.value.processDefinitionKey)}:${String(r.value.version)}`)).toEqual([`mig-basic:${v2}:2`, `A:${v2}:2`]);
    expect(await intents(pi, 'JOB')).toEqual(['A:CREATED', 'A:MIGRATED']);
    expect((await records(h, pi, 'VARIABLE')).map((r) => `${String(r.value.name)}:${r.intent}`)).toEqual(['amount:CREATED', 'amount:MIGRATED']);

    await zbc.completeJob({ jobKey: job.key, variables: {} });
    await h.engine.whenIdle();
    await completeOne(h, zbc, 'mig-next');
    expect(isLive(h, pi)).toBe(false);
    expect(await trail(h, pi)).toEqual(['start:ELEMENT_COMPLETED', 'A:ELEMENT_COMPLETED', 'next:ELEMENT_COMPLETED', 'end:ELEMENT_COMPLETED', 'mig-basic:ELEMENT_COMPLETED']);
  });

  it('to another process, changing the active element: the job follows its element', async () => {
    await deploy('mig-from', straight('mig-from', 'A', 'mig-from-a'));
    const target = await deploy('mig-to', `<bpmn:startEvent id="s" />${serviceTask('C', 'mig-to-c')}<bpmn:endEvent id="e" />${flow('g1', 's', 'C')}${flow('g2', 'C', 'e')}`);
    const pi = await startInstance(h, zbc, 'mig-from');
    await migrate(pi, target, [['A', 'C']]);
    await h.engine.whenIdle();
    expect(liveElements(h, pi)).toEqual(['C:ACTIVATED']);
    const job = await activateOne(zbc, 'mig-from-a');
    expect(job).toMatchObject({ bpmnProcessId: 'mig-to', elementId: 'C' });
    await zbc.completeJob({ jobKey: job.key, variables: {} });
    await h.engine.whenIdle();
    expect(await trail(h, pi)).toEqual(['start:ELEMENT_COMPLETED', 'C:ELEMENT_COMPLETED', 'e:ELEMENT_COMPLETED', 'mig-to:ELEMENT_COMPLETED']);
  });

  it('refusals carry Zeebe\'s messages and write nothing', async () => {
    await deploy('mig-r', straight('mig-r', 'A', 'mig-r-a'));
    const userTaskTarget = await deploy('mig-r-ut', `<bpmn:startEvent id="s" /><bpmn:userTask id="A"><bpmn:extensionElements><zeebe:userTask /></bpmn:extensionElements></bpmn:userTask>${flow('g1', 's', 'A')}`);
    const nested = await deploy(
      'mig-r-sub',
      `<bpmn:startEvent id="s" /><bpmn:subProcess id="sub"><bpmn:startEvent id="ss" />${serviceTask('A', 'x')}${flow('h1', 'ss', 'A')}</bpmn:subProcess>${flow('g1', 's', 'sub')}`,
    );
    const pi = await startInstance(h, zbc, 'mig-r');
    const before = await recordCount();
    const cases: Array<[() => Promise<unknown>, number, string]> = [
      [() => migrate('2251799813999999', nested, []), 5, "Expected to migrate process instance but no process instance found with key '2251799813999999'"],
      [() => migrate(pi, '2251799813999998', []), 5, "Expected to migrate process instance to process definition but no process definition found with key '2251799813999998'"],
      [() => migrate(pi, nested, [['A', 'A'], ['A', 'sub']]), 3, `Expected to migrate process instance '${pi}' but the mapping instructions contain duplicate source element ids '[A]'.`],
      [
        () => migrate(pi, nested, [['B', 'A']]),
        3,
        `Expected to migrate process instance '${pi}' but mapping instructions contain a non-existing source element id 'B'. Elements provided in mapping instructions must exist in the source process definition.`,
      ],
      [
        () => migrate(pi, nested, [['A', 'B']]),
        3,
        `Expected to migrate process instance '${pi}' but mapping instructions contain a non-existing target element id 'B'. Elements provided in mapping instructions must exist in the target process definition.`,
      ],
      [() => migrate(pi, nested, []), 9, `Expected to migrate process instance '${pi}' but no mapping instruction defined for active element with id 'A'. Elements cannot be migrated without a mapping.`],
      [
        () => migrate(pi, userTaskTarget, [['A', 'A']]),
        9,
        `Expected to migrate process instance '${pi}' but active element with id 'A' and type 'SERVICE_TASK' is mapped to an element with id 'A' and different type 'USER_TASK'. Elements must be mapped to elements of the same type.`,
      ],
      [
        () => migrate(pi, nested, [['A', 'A']]),
        9,
        `Expected to migrate process instance '${pi}' but the flow scope of active element with id 'A' is changed. The flow scope of the active element is expected to be 'mig-r-sub' but was 'sub'. The flow scope of an element cannot be changed during migration yet.`,
      ],
    ];
    for (const [call, code, message] of cases) {
      const failure = await grpcError(call());
      expect(failure).toEqual({ code, details: message });
    }
    await h.engine.whenIdle();
    expect(await recordCount()).toBe(before);
    expect(h.engine.view.elements.get(pi)!.bpmnProcessId).toBe('mig-r');
  });

  it('elements inside a sub-process migrate with their (mapped) sub-process', async () => {
    await deploy('mig-sub1', `<bpmn:startEvent id="s" /><bpmn:subProcess id="sub1"><bpmn:startEvent id="ss" />${serviceTask('A', 'mig-sub-a')}${flow('h1', 'ss', 'A')}</bpmn:subProcess>${flow('g1', 's', 'sub1')}`);
    const target = await deploy(
      'mig-sub2',
      `<bpmn:startEvent id="s" /><bpmn:subProcess id="sub2"><bpmn:startEvent id="ss" />${serviceTask('B', 'mig-sub-b')}<bpmn:endEvent id="se" />${flow('h1', 'ss', 'B')}${flow('h2', 'B', 'se')}</bpmn:subProcess><bpmn:endEvent id="e" />${flow('g1', 's', 'sub2')}${flow('g2', 'sub2', 'e')}`,
    );
    const pi = await startInstance(h, zbc, 'mig-sub1');
    const unmapped = await grpcError(migrate(pi, target, [['A', 'B']]));
    expect(unmapped.details).toBe(`Expected to migrate process instance '${pi}' but no mapping instruction defined for active element with id 'sub1'. Elements cannot be migrated without a mapping.`);
    await migrate(pi, target, [['A', 'B'], ['sub1', 'sub2']]);
    await h.engine.whenIdle();
    expect(liveElements(h, pi)).toEqual(['B:ACTIVATED', 'sub2:ACTIVATED']);
    await completeOne(h, zbc, 'mig-sub-a');
    expect(isLive(h, pi)).toBe(false);
    expect((await trail(h, pi)).slice(-4)).toEqual(['se:ELEMENT_COMPLETED', 'sub2:ELEMENT_COMPLETED', 'e:ELEMENT_COMPLETED', 'mig-sub2:ELEMENT_COMPLETED']);
  });

  it('a user task keeps its key and assignee; its implementation cannot change', async () => {
    const zeebeTask = (id: string) => `<bpmn:userTask id="${id}"><bpmn:extensionElements><zeebe:userTask /><zeebe:assignmentDefinition assignee="rita" /></bpmn:extensionElements></bpmn:userTask>`;
    await deploy('mig-ut', `<bpmn:startEvent id="s" />${zeebeTask('review')}${flow('g1', 's', 'review')}`);
    const target = await deploy('mig-ut2', `<bpmn:startEvent id="s" />${zeebeTask('check')}<bpmn:endEvent id="e" />${flow('g1', 's', 'check')}${flow('g2', 'check', 'e')}`);
    const jobBased = await deploy('mig-ut3', `<bpmn:startEvent id="s" /><bpmn:userTask id="check" />${flow('g1', 's', 'check')}`);
    const pi = await startInstance(h, zbc, 'mig-ut');
    const task = [...h.engine.view.userTasks.values()].find((t) => t.processInstanceKey === pi)!;
    const refused = await grpcError(migrate(pi, jobBased, [['review', 'check']]));
    expect(refused.details).toBe(
      `Expected to migrate process instance '${pi}' but active user task with id 'review' and implementation 'zeebe user task' is mapped to an user task with id 'check' and different implementation 'job worker'. Elements must be mapped to elements of the same implementation.`,
    );
    await migrate(pi, target, [['review', 'check']]);
    await h.engine.whenIdle();
    expect(h.engine.view.userTasks.get(task.key)).toMatchObject({ elementId: 'check', bpmnProcessId: 'mig-ut2', processDefinitionKey: target, assignee: 'rita' });
    expect(await intents(pi, 'USER_TASK')).toEqual(['review:CREATED', 'review:ASSIGNED', 'check:MIGRATED']);
    await h.engine.completeUserTask({ userTaskKey: task.key });
    await h.engine.whenIdle();
    expect(isLive(h, pi)).toBe(false);
  });

  it('an instance stuck on an incident is repaired: migrate to a fixed version, resolve the incident', async () => {
    const mapped = (source: string) => `<bpmn:startEvent id="s" /><bpmn:serviceTask id="calc"><bpmn:extensionElements><zeebe:taskDefinition type="mig-calc" /><zeebe:ioMapping><zeebe:input source="=${source}" target="amount" /></zeebe:ioMapping></bpmn:extensionElements></bpmn:serviceTask><bpmn:endEvent id="e" />${flow('g1', 's', 'calc')}${flow('g2', 'calc', 'e')}`;
    await deploy('mig-inc', mapped('total'));
    const pi = await startInstance(h, zbc, 'mig-inc', { sum: 12 });
    const [incident] = incidentsOf(h, pi);
    expect(incident).toMatchObject({ errorType: 'IO_MAPPING_ERROR', elementId: 'calc' });
    const fixed = await deploy('mig-inc', mapped('sum'));
    await migrate(pi, fixed, [['calc', 'calc']]);
    await h.engine.whenIdle();
    expect(incidentsOf(h, pi)[0]).toMatchObject({ key: incident!.key, processDefinitionKey: fixed });
    expect(await intents(pi, 'INCIDENT')).toEqual(['calc:CREATED', 'calc:MIGRATED']);
    await zbc.resolveIncident({ incidentKey: incident!.key });
    await h.engine.whenIdle();
    const job = await completeOne(h, zbc, 'mig-calc');
    expect(job.variables).toMatchObject({ amount: 12 });
    expect(isLive(h, pi)).toBe(false);
  });

  it('boundary timers: a mapped timer keeps its due date, an unmapped one is replaced by the target\'s', async () => {
    const withTimer = (id: string, boundary: string, duration: string) =>
      `<bpmn:startEvent id="s" />${serviceTask('A', 'mig-timer-a')}<bpmn:boundaryEvent id="${boundary}" attachedToRef="A"><bpmn:outgoing>g3</bpmn:outgoing><bpmn:timerEventDefinition><bpmn:timeDuration>${duration}</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
       <bpmn:endEvent id="late" /><bpmn:endEvent id="e" />${flow('g1', 's', 'A')}${flow('g2', 'A', 'e')}${flow('g3', boundary, 'late')}`;
    await deploy('mig-timer', withTimer('mig-timer', 'T1', 'PT2H'));
    const target = await deploy('mig-timer2', withTimer('mig-timer2', 'T2', 'PT10H'));

    const kept = await startInstance(h, zbc, 'mig-timer');
    const timer = [...h.engine.view.timers.values()].find((t) => t.processInstanceKey === kept)!;
    await advance(h, HOUR);
    await migrate(kept, target, [['A', 'A'], ['T1', 'T2']]);
    await h.engine.whenIdle();
    expect(h.engine.view.timers.get(timer.key)).toMatchObject({ targetElementId: 'T2', dueDate: timer.dueDate, processDefinitionKey: target });
    expect(await intents(kept, 'TIMER')).toEqual(['T1:CREATED', 'T2:MIGRATED']);
    await advance(h, HOUR);
    expect(await completed(kept)).toContain('T2:ELEMENT_COMPLETED');
    expect(isLive(h, kept)).toBe(false);

    const replaced = await startInstance(h, zbc, 'mig-timer');
    await migrate(replaced, target, [['A', 'A']]);
    await h.engine.whenIdle();
    expect(await intents(replaced, 'TIMER')).toEqual(['T1:CREATED', 'T1:CANCELED', 'T2:CREATED']);
    await advance(h, 2 * HOUR);
    expect(isLive(h, replaced)).toBe(true);
    await zbc.cancelProcessInstance(replaced);
    await h.engine.whenIdle();

    async function completed(pi: string) {
      return (await records(h, pi, 'PROCESS_INSTANCE')).filter((r) => r.intent === 'ELEMENT_COMPLETED').map((r) => `${r.element_id}:${r.intent}`);
    }
  });

  it('message catch events: a mapped subscription moves; an unmapped one with the same message name is refused', async () => {
    const message = '<bpmn:message id="msg" name="mig-paid"><bpmn:extensionElements><zeebe:subscription correlationKey="=orderId" /></bpmn:extensionElements></bpmn:message>';
    const waiting = (catchId: string) =>
      `<bpmn:startEvent id="s" /><bpmn:intermediateCatchEvent id="${catchId}"><bpmn:messageEventDefinition messageRef="msg" /></bpmn:intermediateCatchEvent>${serviceTask('after', 'mig-after-paid')}${flow('g1', 's', catchId)}${flow('g2', catchId, 'after')}`;
    await deploy('mig-msg', waiting('wait'), message);
    const target = await deploy('mig-msg2', waiting('awaitPayment'), message);
    const pi = await startInstance(h, zbc, 'mig-msg', { orderId: 'o-7' });
    await migrate(pi, target, [['wait', 'awaitPayment']]);
    await h.engine.whenIdle();
    expect(await intents(pi, 'PROCESS_MESSAGE_SUBSCRIPTION')).toEqual(['wait:CREATED', 'awaitPayment:MIGRATED']);
    await publish(h, zbc, 'mig-paid', 'o-7', { paid: true });
    const job = await completeOne(h, zbc, 'mig-after-paid');
    expect(job).toMatchObject({ bpmnProcessId: 'mig-msg2', variables: { orderId: 'o-7', paid: true } });

    const boundary = (id: string) =>
      `<bpmn:startEvent id="s" />${serviceTask('A', 'mig-msg-b')}<bpmn:boundaryEvent id="${id}" attachedToRef="A"><bpmn:outgoing>g3</bpmn:outgoing><bpmn:messageEventDefinition messageRef="msg" /></bpmn:boundaryEvent><bpmn:endEvent id="x" />${flow('g1', 's', 'A')}${flow('g3', id, 'x')}`;
    await deploy('mig-msgb', boundary('cancelled'), message);
    const target2 = await deploy('mig-msgb2', boundary('cancelled2'), message);
    const pi2 = await startInstance(h, zbc, 'mig-msgb', { orderId: 'o-8' });
    const refused = await grpcError(migrate(pi2, target2, [['A', 'A']]));
    expect(refused).toEqual({
      code: 9,
      details: `Expected to migrate process instance '${pi2}' but active element with id 'A' is already subscribed to the same message name 'mig-paid'. Currently, migrating message subscriptions to the same message name isn't supported without a mapping. Please provide a mapping instruction between message catch event with id 'cancelled' and the target message catch event. `,
    });
    await migrate(pi2, target2, [['A', 'A'], ['cancelled', 'cancelled2']]);
    await h.engine.whenIdle();
    await publish(h, zbc, 'mig-paid', 'o-8');
    expect(isLive(h, pi2)).toBe(false);
    expect(await activate(zbc, 'mig-msg-b')).toEqual([]);
  });

  it('multi-instance: the body and its inner instances migrate together; parallel cannot become sequential', async () => {
    const mi = (id: string, task: string, sequential: boolean) =>
      `<bpmn:startEvent id="s" /><bpmn:serviceTask id="${task}"><bpmn:extensionElements><zeebe:taskDefinition type="mig-mi" /></bpmn:extensionElements><bpmn:multiInstanceLoopCharacteristics isSequential="${sequential}"><bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="=[1,2]" inputElement="item" /></bpmn:extensionElements></bpmn:multiInstanceLoopCharacteristics></bpmn:serviceTask><bpmn:endEvent id="e" />${flow('g1', 's', task)}${flow('g2', task, 'e')}`;
    await deploy('mig-mi', mi('mig-mi', 'each', false));
    const parallel = await deploy('mig-mi2', mi('mig-mi2', 'every', false));
    const sequential = await deploy('mig-mi3', mi('mig-mi3', 'every', true));
    const pi = await startInstance(h, zbc, 'mig-mi');
    expect((await grpcError(migrate(pi, sequential, [['each', 'every']]))).details).toBe(
      `Expected to migrate process instance '${pi}' but active element with id 'each' has a different loop characteristics than the target element with id 'every'. Both elements must have either sequential or parallel loop characteristics.`,
    );
    await migrate(pi, parallel, [['each', 'every']]);
    await h.engine.whenIdle();
    expect(liveInstancesOf(h, pi, 'every').map((e) => e.elementType).sort()).toEqual(['MULTI_INSTANCE_BODY', 'SERVICE_TASK', 'SERVICE_TASK']);
    const jobs = await activate(zbc, 'mig-mi');
    expect(jobs.map((j) => j.elementId)).toEqual(['every', 'every']);
    for (const j of jobs) await zbc.completeJob({ jobKey: j.key, variables: {} });
    await h.engine.whenIdle();
    expect(isLive(h, pi)).toBe(false);
  });

  it("event sub-processes: the process instance's start event subscriptions close or open with the target", async () => {
    const message = '<bpmn:message id="m" name="mig-abort"><bpmn:extensionElements><zeebe:subscription correlationKey="=orderId" /></bpmn:extensionElements></bpmn:message>';
    const esp = `<bpmn:subProcess id="onAbort" triggeredByEvent="true"><bpmn:startEvent id="abortStart"><bpmn:messageEventDefinition messageRef="m" /></bpmn:startEvent><bpmn:endEvent id="aborted" />${flow('h1', 'abortStart', 'aborted')}</bpmn:subProcess>`;
    const plain = `<bpmn:startEvent id="s" />${serviceTask('A', 'mig-esp')}${flow('g1', 's', 'A')}`;
    const without = await deploy('mig-esp', plain, message);
    const withEsp = await deploy('mig-esp2', plain + esp, message);
    const pi = await startInstance(h, zbc, 'mig-esp', { orderId: 'o-9' });
    await migrate(pi, withEsp, [['A', 'A']]);
    await h.engine.whenIdle();
    expect(await intents(pi, 'PROCESS_MESSAGE_SUBSCRIPTION')).toEqual(['abortStart:CREATED']);
    await migrate(pi, without, [['A', 'A']]);
    await h.engine.whenIdle();
    expect(await intents(pi, 'PROCESS_MESSAGE_SUBSCRIPTION')).toEqual(['abortStart:CREATED', 'abortStart:DELETED']);
    await migrate(pi, withEsp, [['A', 'A']]);
    await h.engine.whenIdle();
    await publish(h, zbc, 'mig-abort', 'o-9');
    expect(isLive(h, pi)).toBe(false);
    expect((await trail(h, pi)).slice(-2)).toEqual(['onAbort:ELEMENT_COMPLETED', 'mig-esp2:ELEMENT_COMPLETED']);
  });

  it('a call activity migrates; the process instance it called is left as it is', async () => {
    await deploy('mig-child', `<bpmn:startEvent id="cs" />${serviceTask('work', 'mig-child-work')}<bpmn:endEvent id="ce" />${flow('c1', 'cs', 'work')}${flow('c2', 'work', 'ce')}`);
    const caller = (id: string, ca: string) =>
      `<bpmn:startEvent id="s" /><bpmn:callActivity id="${ca}"><bpmn:extensionElements><zeebe:calledElement processId="mig-child" /></bpmn:extensionElements></bpmn:callActivity><bpmn:endEvent id="e" />${flow('g1', 's', ca)}${flow('g2', ca, 'e')}`;
    await deploy('mig-caller', caller('mig-caller', 'call'));
    const target = await deploy('mig-caller2', caller('mig-caller2', 'invoke'));
    const pi = await startInstance(h, zbc, 'mig-caller');
    const child = liveInstancesOf(h, pi, 'call')[0]!.childProcessInstanceKey!;
    await migrate(pi, target, [['call', 'invoke']]);
    await h.engine.whenIdle();
    expect(h.engine.view.elements.get(child)).toMatchObject({ bpmnProcessId: 'mig-child' });
    await completeOne(h, zbc, 'mig-child-work');
    expect(isLive(h, pi)).toBe(false);
    expect((await trail(h, pi)).slice(-3)).toEqual(['invoke:ELEMENT_COMPLETED', 'e:ELEMENT_COMPLETED', 'mig-caller2:ELEMENT_COMPLETED']);
  });

  it('a token waiting at a parallel join is not a wait state: refused as a concurrent command', async () => {
    const body = (id: string) =>
      `<bpmn:startEvent id="s" /><bpmn:parallelGateway id="fork" />${serviceTask('A', `${id}-a`)}${serviceTask('B', `${id}-b`)}<bpmn:parallelGateway id="join" /><bpmn:endEvent id="e" />
       ${flow('g1', 's', 'fork')}${flow('g2', 'fork', 'A')}${flow('g3', 'fork', 'B')}${flow('g4', 'A', 'join')}${flow('g5', 'B', 'join')}${flow('g6', 'join', 'e')}`;
    await deploy('mig-join', body('mig-join'));
    const target = await deploy('mig-join2', body('mig-join2'));
    const pi = await startInstance(h, zbc, 'mig-join');
    await completeOne(h, zbc, 'mig-join-a');
    expect((await grpcError(migrate(pi, target, [['B', 'B']]))).details).toBe(
      `Expected to migrate process instance '${pi}' but a concurrent command was executed on the process instance. Please retry the migration.`,
    );
    await zbc.cancelProcessInstance(pi);
    await h.engine.whenIdle();
  });
});
