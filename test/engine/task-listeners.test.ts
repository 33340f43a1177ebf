import { credentials } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineRejection, type JobResult } from '../../engine/api.ts';
import { GatewayClient } from '../../engine/gateway/proto.ts';
import { bpmnProcess, flow } from '../support/bpmn.ts';
import { startHarness, type Harness } from '../support/engine-harness.ts';
import { activate, activateOne, advance, isLive, records, startInstance, trail, type Zbc } from './helpers.ts';
import { HOUR, incidentsOf, liveElements } from './part2-support.ts';

/**
 * User task listeners (Zeebe 8.8, docs "User task listeners"; TaskListener*Test in Zeebe's
 * engine): each transition runs its listeners' jobs one after another and takes effect after
 * the last; meanwhile the task is in the -ING state and other operations are refused with
 * "it is in state 'X'"; a listener corrects attributes (CORRECTED) or denies (…_DENIED, the
 * operation is refused). Listener jobs are completed through the gateway; job results (deny,
 * corrections) go over raw gRPC since the SDK's proto copy predates them.
 */
type Listener = [eventType: string, type: string, retries?: string];

function userTaskModel(id: string, options: { assignee?: string; headers?: Record<string, string>; listeners: Listener[]; timer?: string }): string {
  const assignment = options.assignee ? `<zeebe:assignmentDefinition assignee="${options.assignee}" candidateGroups="reviewers" />` : '<zeebe:assignmentDefinition candidateGroups="reviewers" />';
  const headers = options.headers
    ? `<zeebe:taskHeaders>${Object.entries(options.headers).map(([k, v]) => `<zeebe:header key="${k}" value="${v}" />`).join('')}</zeebe:taskHeaders>`
    : '';
  const listeners = `<zeebe:taskListeners>${options.listeners
    .map(([eventType, type, retries]) => `<zeebe:taskListener eventType="${eventType}" type="${type}"${retries ? ` retries="${retries}"` : ''} />`)
    .join('')}</zeebe:taskListeners>`;
  const timer = options.timer
    ? `<bpmn:boundaryEvent id="timeout" attachedToRef="review"><bpmn:outgoing>f3</bpmn:outgoing><bpmn:timerEventDefinition><bpmn:timeDuration>${options.timer}</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
       <bpmn:endEvent id="timedOut" />${flow('f3', 'timeout', 'timedOut')}`
    : '';
  return bpmnProcess(
    id,
    `<bpmn:startEvent id="start" />
     <bpmn:userTask id="review"><bpmn:extensionElements><zeebe:userTask />${assignment}${headers}${listeners}</bpmn:extensionElements></bpmn:userTask>
     <bpmn:endEvent id="end" />
     ${flow('f1', 'start', 'review')}${flow('f2', 'review', 'end')}${timer}`,
  );
}

describe('user task listeners', () => {
  let h: Harness;
  let zbc: Zbc;
  let raw: InstanceType<typeof GatewayClient>;
  beforeAll(async () => {
    h = await startHarness();
    zbc = h.client();
    raw = new GatewayClient(`127.0.0.1:${h.gateway.port}`, credentials.createInsecure());
  });
  afterAll(async () => {
    raw?.close();
    await h?.stop();
  });

  let deployed = 0;
  async function deploy(options: Parameters<typeof userTaskModel>[1]): Promise<string> {
    const id = `tl-${++deployed}`;
    await zbc.deployResource({ name: `${id}.bpmn`, process: Buffer.from(userTaskModel(id, options)) });
    return id;
  }
  const taskOf = (pi: string) => [...h.engine.view.userTasks.values()].find((t) => t.processInstanceKey === pi);
  const userTaskTrail = async (pi: string) => (await records(h, pi, 'USER_TASK')).map((r) => r.intent);

  /** CompleteJob over raw gRPC with Zeebe 8.8's job result. */
  function completeWithResult(jobKey: string, result: object, variables = ''): Promise<void> {
    return new Promise((resolve, reject) => raw.CompleteJob({ jobKey, variables, result }, (err: Error | null) => (err ? reject(err) : resolve())));
  }
  async function grpcFailure(call: Promise<unknown>): Promise<{ code: number; details: string }> {
    const err = (await call.then(
      () => new Error('expected the call to fail'),
      (e: unknown) => e,
    )) as { code?: number; details?: string };
    return { code: err.code ?? -1, details: err.details ?? String(err) };
  }
  /** Completes the one listener job of the type (optionally with a result) and waits until the engine is idle. */
  async function completeListener(type: string, result?: object) {
    const job = await activateOne(zbc, type);
    if (result) await completeWithResult(job.key, result);
    else await zbc.completeJob({ jobKey: job.key, variables: {} });
    await h.engine.whenIdle();
    return job;
  }
  /** An operation's promise, with a flag telling whether it has settled yet. */
  function pending<T>(promise: Promise<T>) {
    const state = { settled: false, promise };
    promise.then(
      () => (state.settled = true),
      () => (state.settled = true),
    );
    return state;
  }
  async function rejection(op: Promise<unknown>): Promise<EngineRejection> {
    const err = await op.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(EngineRejection);
    return err as EngineRejection;
  }

  it('creating: the task is CREATING until its listeners completed, then CREATED and assigned', async () => {
    const id = await deploy({ assignee: 'alice', headers: { form: 'review' }, listeners: [['creating', 'tl-create-1'], ['creating', 'tl-create-2']] });
    const pi = await startInstance(h, zbc, id);
    const task = taskOf(pi)!;
    expect(task.state).toBe('CREATING');
    expect(liveElements(h, pi)).toEqual(['review:ACTIVATED']);
    const claim = await rejection(h.engine.assignUserTask({ userTaskKey: task.key, assignee: 'bob', allowOverride: false }));
    expect(claim.code).toBe('FAILED_PRECONDITION');
    expect(claim.message).toBe(`Expected to claim user task with key '${task.key}', but it is in state 'CREATING'`);
    expect((await rejection(h.engine.completeUserTask({ userTaskKey: task.key }))).message).toBe(`Expected to complete user task with key '${task.key}', but it is in state 'CREATING'`);

    const first = await completeListener('tl-create-1');
    expect(first.customHeaders).toEqual({
      form: 'review',
      'io.camunda.zeebe:userTaskKey': task.key,
      'io.camunda.zeebe:assignee': 'alice',
      'io.camunda.zeebe:candidateGroups': '["reviewers"]',
      'io.camunda.zeebe:priority': '50',
    });
    expect(taskOf(pi)!.state).toBe('CREATING');
    await completeListener('tl-create-2');
    expect(taskOf(pi)).toMatchObject({ state: 'CREATED', assignee: 'alice' });
    const rows = await records(h, pi, 'USER_TASK');
    expect(rows.map((r) => `${r.intent}:${String(r.value.assignee)}`)).toEqual(['CREATING:alice', 'CREATED:', 'ASSIGNED:alice']);
    const jobs = await records(h, pi, 'JOB');
    expect(jobs.map((r) => `${r.intent}:${String(r.value.jobKind)}:${String(r.value.jobListenerEventType)}`)).toEqual([
      'CREATED:TASK_LISTENER:CREATING',
      'COMPLETED:TASK_LISTENER:CREATING',
      'CREATED:TASK_LISTENER:CREATING',
      'COMPLETED:TASK_LISTENER:CREATING',
    ]);
    await h.engine.completeUserTask({ userTaskKey: task.key });
    await h.engine.whenIdle();
    expect(isLive(h, pi)).toBe(false);
  });

  it('creating: a listener may set the assignee the model left open, not change one it set', async () => {
    const open = await deploy({ listeners: [['creating', 'tl-create-open']] });
    const pi = await startInstance(h, zbc, open);
    await completeListener('tl-create-open', { corrections: { assignee: 'carol', priority: 70 } });
    expect(taskOf(pi)).toMatchObject({ state: 'CREATED', assignee: 'carol', priority: 70 });
    expect((await records(h, pi, 'USER_TASK')).map((r) => `${r.intent}:${String(r.value.assignee)}:${JSON.stringify(r.value.changedAttributes ?? [])}`)).toEqual([
      'CREATING::[]',
      'CORRECTED:carol:["assignee","priority"]',
      'CREATED::[]',
      'ASSIGNED:carol:[]',
    ]);

    const fixed = await deploy({ assignee: 'alice', listeners: [['creating', 'tl-create-fixed']] });
    const pi2 = await startInstance(h, zbc, fixed);
    const job = await activateOne(zbc, 'tl-create-fixed');
    const refused = await grpcFailure(completeWithResult(job.key, { corrections: { assignee: 'mallory' } }));
    expect(refused.code).toBe(3);
    expect(refused.details).toBe(
      `Command 'COMPLETE' rejected with code 'INVALID_ARGUMENT': Expected to complete task listener job, but correcting the assignee on 'CREATING' event is not supported when the user task has an assignee defined in the model (job key '${job.key}', type 'tl-create-fixed', processInstanceKey '${pi2}'). Use the 'CREATING' event to set an assignee only if it was not defined. Use the 'ASSIGNING' event to correct an assignee that is already defined.`,
    );
    // Denying a creation is not possible either.
    const denied = await grpcFailure(completeWithResult(job.key, { denied: true }));
    expect(denied.details).toContain(
      `Denying result is not supported for 'CREATING' task listener jobs (job key '${job.key}', type 'tl-create-fixed', processInstanceKey '${pi2}'). Only the following listener event types support denying: [ASSIGNING, COMPLETING, UPDATING].`,
    );
    await zbc.completeJob({ jobKey: job.key, variables: {} });
    await h.engine.whenIdle();
    expect(taskOf(pi2)).toMatchObject({ state: 'CREATED', assignee: 'alice' });
  });

  it('assigning: the assignment waits for the listeners, which see and correct the task; claim and unassign too', async () => {
    const id = await deploy({ listeners: [['assigning', 'tl-assign-1'], ['assigning', 'tl-assign-2']] });
    const pi = await startInstance(h, zbc, id);
    const task = taskOf(pi)!;
    const assign = pending(h.engine.assignUserTask({ userTaskKey: task.key, assignee: 'dave', action: 'delegate' }));
    await h.engine.whenIdle();
    expect(assign.settled).toBe(false);
    expect(taskOf(pi)).toMatchObject({ state: 'ASSIGNING', assignee: '' });
    expect((await rejection(h.engine.completeUserTask({ userTaskKey: task.key }))).message).toBe(`Expected to complete user task with key '${task.key}', but it is in state 'ASSIGNING'`);

    const first = await completeListener('tl-assign-1', { corrections: { dueDate: '2030-01-01T10:00:00Z', priority: 90 } });
    expect(first.customHeaders).toMatchObject({ 'io.camunda.zeebe:action': 'delegate', 'io.camunda.zeebe:changedAttributes': '["assignee"]', 'io.camunda.zeebe:assignee': 'dave' });
    const second = await activateOne(zbc, 'tl-assign-2');
    expect(second.customHeaders).toMatchObject({
      'io.camunda.zeebe:changedAttributes': '["assignee","dueDate","priority"]',
      'io.camunda.zeebe:dueDate': '2030-01-01T10:00:00Z',
      'io.camunda.zeebe:priority': '90',
    });
    expect(assign.settled).toBe(false);
    await completeWithResult(second.key, { corrections: { assignee: 'erin' } });
    await h.engine.whenIdle();
    await assign.promise;
    expect(taskOf(pi)).toMatchObject({ state: 'CREATED', assignee: 'erin', priority: 90, dueDate: '2030-01-01T10:00:00Z' });
    const rows = await records(h, pi, 'USER_TASK');
    expect(rows.map((r) => `${r.intent}:${String(r.value.assignee)}:${JSON.stringify(r.value.changedAttributes ?? [])}`)).toEqual([
      'CREATED::[]',
      'ASSIGNING:dave:["assignee"]',
      'CORRECTED:dave:["dueDate","priority"]',
      'CORRECTED:erin:["assignee"]',
      'ASSIGNED:erin:["assignee","dueDate","priority"]',
    ]);
    expect(rows.at(-1)!.value.action).toBe('delegate');

    // Unassigning is an assignment to nobody: the same listeners run (action 'unassign').
    const unassign = pending(h.engine.unassignUserTask(task.key));
    await h.engine.whenIdle();
    const unassigning = await activateOne(zbc, 'tl-assign-1');
    expect(unassigning.customHeaders).toMatchObject({ 'io.camunda.zeebe:action': 'unassign' });
    await zbc.completeJob({ jobKey: unassigning.key, variables: {} });
    await completeListener('tl-assign-2');
    await unassign.promise;
    expect(taskOf(pi)!.assignee).toBe('');

    // A claim goes through CLAIMING.
    const claim = pending(h.engine.assignUserTask({ userTaskKey: task.key, assignee: 'frank', allowOverride: false }));
    await h.engine.whenIdle();
    expect(taskOf(pi)!.state).toBe('CLAIMING');
    await completeListener('tl-assign-1');
    await completeListener('tl-assign-2');
    await claim.promise;
    expect(taskOf(pi)).toMatchObject({ state: 'CREATED', assignee: 'frank' });
    expect((await userTaskTrail(pi)).slice(-3)).toEqual(['ASSIGNED', 'CLAIMING', 'ASSIGNED']);
    await h.engine.completeUserTask({ userTaskKey: task.key });
  });

  it('the model assignee is assigned after creation through the assigning listeners', async () => {
    const id = await deploy({ assignee: 'grace', listeners: [['assigning', 'tl-assign-initial']] });
    const pi = await startInstance(h, zbc, id);
    expect(taskOf(pi)).toMatchObject({ state: 'ASSIGNING', assignee: '' });
    const job = await completeListener('tl-assign-initial');
    expect(job.customHeaders).toMatchObject({ 'io.camunda.zeebe:assignee': 'grace', 'io.camunda.zeebe:changedAttributes': '["assignee"]' });
    expect(taskOf(pi)).toMatchObject({ state: 'CREATED', assignee: 'grace' });
    expect((await records(h, pi, 'USER_TASK')).map((r) => `${r.intent}:${String(r.value.assignee)}`)).toEqual(['CREATED:', 'ASSIGNING:grace', 'ASSIGNED:grace']);
  });

  it('completing: a listener denies, the task stays as it was and the completion is refused; the next completion goes through', async () => {
    const id = await deploy({ assignee: 'henry', listeners: [['completing', 'tl-complete-1'], ['completing', 'tl-complete-2']] });
    const pi = await startInstance(h, zbc, id);
    const task = taskOf(pi)!;
    const first = pending(h.engine.completeUserTask({ userTaskKey: task.key, variables: { verdict: 'ok' } }));
    await h.engine.whenIdle();
    expect(taskOf(pi)!.state).toBe('COMPLETING');
    await completeListener('tl-complete-1', { corrections: { priority: 10 } });
    await completeListener('tl-complete-2', { denied: true, deniedReason: 'the form is incomplete' });
    const denied = await rejection(first.promise);
    expect(denied.code).toBe('FAILED_PRECONDITION');
    expect(denied.message).toBe(`Completion of the User Task with key '${task.key}' was denied by Task Listener. Reason to deny: 'the form is incomplete'`);
    // Corrections of a denied transition are discarded.
    expect(taskOf(pi)).toMatchObject({ state: 'CREATED', assignee: 'henry', priority: 50 });
    expect(isLive(h, pi)).toBe(true);
    const rows = await records(h, pi, 'USER_TASK');
    expect(rows.map((r) => r.intent)).toEqual(['CREATED', 'ASSIGNED', 'COMPLETING', 'CORRECTED', 'COMPLETION_DENIED']);
    expect(rows.at(-1)!.value).toMatchObject({ deniedReason: 'the form is incomplete', priority: 50, assignee: 'henry' });

    const second = pending(h.engine.completeUserTask({ userTaskKey: task.key, variables: { verdict: 'fine' } }));
    await h.engine.whenIdle();
    const job = await completeListener('tl-complete-1');
    expect(job.variables).toMatchObject({});
    expect(second.settled).toBe(false);
    await completeListener('tl-complete-2');
    await second.promise;
    expect(isLive(h, pi)).toBe(false);
    expect((await records(h, pi, 'USER_TASK')).at(-1)).toMatchObject({ intent: 'COMPLETED', value: { variables: { verdict: 'fine' }, action: 'complete' } });
    expect(await trail(h, pi)).toEqual(['start:ELEMENT_COMPLETED', 'review:ELEMENT_COMPLETED', 'end:ELEMENT_COMPLETED', `${id}:ELEMENT_COMPLETED`]);
  });

  it('assigning: a denial keeps the previous assignee', async () => {
    const id = await deploy({ assignee: 'ivy', listeners: [['assigning', 'tl-assign-deny']] });
    const pi = await startInstance(h, zbc, id);
    await completeListener('tl-assign-deny');
    const task = taskOf(pi)!;
    const reassign = pending(h.engine.assignUserTask({ userTaskKey: task.key, assignee: 'jack' }));
    await h.engine.whenIdle();
    await completeListener('tl-assign-deny', { denied: true });
    expect((await rejection(reassign.promise)).message).toBe(`Assignment of the User Task with key '${task.key}' was denied by Task Listener. Reason to deny: ''`);
    expect(taskOf(pi)).toMatchObject({ state: 'CREATED', assignee: 'ivy' });
    expect((await records(h, pi, 'USER_TASK')).map((r) => `${r.intent}:${String(r.value.assignee)}`).slice(-2)).toEqual(['ASSIGNING:jack', 'ASSIGNMENT_DENIED:ivy']);
  });

  it('updating: an update waits for its listeners and lists what changed; a denial keeps the task as it was', async () => {
    const id = await deploy({ listeners: [['updating', 'tl-update']] });
    const pi = await startInstance(h, zbc, id);
    const task = taskOf(pi)!;
    const update = pending(h.engine.updateUserTask({ userTaskKey: task.key, changeset: { candidateUsers: ['kim', 'lea'], priority: 88, candidateGroups: ['reviewers'] } }));
    await h.engine.whenIdle();
    expect(taskOf(pi)!.state).toBe('UPDATING');
    const job = await completeListener('tl-update');
    expect(job.customHeaders).toMatchObject({ 'io.camunda.zeebe:action': 'update', 'io.camunda.zeebe:changedAttributes': '["candidateUsersList","priority"]' });
    await update.promise;
    expect(taskOf(pi)).toMatchObject({ state: 'CREATED', candidateUsers: ['kim', 'lea'], priority: 88 });
    const updated = (await records(h, pi, 'USER_TASK')).at(-1)!;
    expect(updated).toMatchObject({ intent: 'UPDATED', value: { changedAttributes: ['candidateUsersList', 'priority'], priority: 88, action: 'update' } });

    const denied = pending(h.engine.updateUserTask({ userTaskKey: task.key, changeset: { priority: 1 }, action: 'escalate' }));
    await h.engine.whenIdle();
    await completeListener('tl-update', { denied: true, deniedReason: 'no' });
    expect((await rejection(denied.promise)).message).toBe(`Update of the User Task with key '${task.key}' was denied by Task Listener. Reason to deny: 'no'`);
    expect(taskOf(pi)!.priority).toBe(88);
    expect((await userTaskTrail(pi)).slice(-2)).toEqual(['UPDATING', 'UPDATE_DENIED']);
    await zbc.cancelProcessInstance(pi);
    await h.engine.whenIdle();

    // Without updating listeners an update takes effect at once.
    const plain = await deploy({ listeners: [['completing', 'tl-unused']] });
    const pi2 = await startInstance(h, zbc, plain);
    await h.engine.updateUserTask({ userTaskKey: taskOf(pi2)!.key, changeset: { dueDate: '2031-05-01T08:00:00Z', candidateUsers: [] } });
    expect((await records(h, pi2, 'USER_TASK')).map((r) => `${r.intent}:${JSON.stringify(r.value.changedAttributes ?? [])}`)).toEqual(['CREATED:[]', 'UPDATED:["dueDate"]']);
    const invalid = await rejection(h.engine.updateUserTask({ userTaskKey: taskOf(pi2)!.key, changeset: { priority: 101 } }));
    expect(invalid.code).toBe('INVALID_ARGUMENT');
    await zbc.cancelProcessInstance(pi2);
    await h.engine.whenIdle();
  });

  it('canceling: cancelling the instance waits for the canceling listeners; they cannot deny', async () => {
    const id = await deploy({ listeners: [['canceling', 'tl-cancel']] });
    const pi = await startInstance(h, zbc, id);
    await zbc.cancelProcessInstance(pi);
    await h.engine.whenIdle();
    expect(isLive(h, pi)).toBe(true);
    expect(liveElements(h, pi)).toEqual(['review:TERMINATING']);
    expect(taskOf(pi)!.state).toBe('CANCELING');
    const job = await activateOne(zbc, 'tl-cancel');
    const refused = await grpcFailure(completeWithResult(job.key, { denied: true }));
    expect(refused.details).toContain("Denying result is not supported for 'CANCELING' task listener jobs");
    await completeWithResult(job.key, { corrections: { assignee: 'nobody' } });
    await h.engine.whenIdle();
    expect(isLive(h, pi)).toBe(false);
    expect(taskOf(pi)).toBeUndefined();
    expect(await userTaskTrail(pi)).toEqual(['CREATED', 'CANCELING', 'CORRECTED', 'CANCELED']);
    expect((await records(h, pi, 'JOB')).map((r) => String(r.value.jobListenerEventType))).toEqual(['CANCELING', 'CANCELING']);
    expect(await trail(h, pi)).toEqual(['start:ELEMENT_COMPLETED', 'review:ELEMENT_TERMINATED', `${id}:ELEMENT_TERMINATED`]);
  });

  it('canceling: an interrupting boundary event waits for the listeners before it is taken; a modification does not run them', async () => {
    const id = await deploy({ timer: 'PT1H', listeners: [['canceling', 'tl-cancel-timer'], ['assigning', 'tl-assign-then-cancel']] });
    const pi = await startInstance(h, zbc, id);
    const task = taskOf(pi)!;
    // An assignment waits for its listener when the timer fires: it is abandoned.
    const assign = pending(h.engine.assignUserTask({ userTaskKey: task.key, assignee: 'max' }));
    await h.engine.whenIdle();
    await advance(h, HOUR);
    expect(liveElements(h, pi)).toEqual(['review:TERMINATING']);
    expect((await rejection(assign.promise)).message).toBe(`Expected to assign user task with key '${task.key}', but it was canceled while its task listeners ran`);
    expect(await activate(zbc, 'tl-assign-then-cancel')).toEqual([]);
    await completeListener('tl-cancel-timer');
    expect(isLive(h, pi)).toBe(false);
    expect(await trail(h, pi)).toEqual(['start:ELEMENT_COMPLETED', 'review:ELEMENT_TERMINATED', 'timeout:ELEMENT_COMPLETED', 'timedOut:ELEMENT_COMPLETED', `${id}:ELEMENT_COMPLETED`]);

    const pi2 = await startInstance(h, zbc, id);
    const review = [...h.engine.view.elements.values()].find((e) => e.processInstanceKey === pi2 && e.elementId === 'review')!;
    await zbc.modifyProcessInstance({ processInstanceKey: pi2, terminateInstructions: [{ elementInstanceKey: review.key }] });
    await h.engine.whenIdle();
    expect(isLive(h, pi2)).toBe(false);
    expect(await activate(zbc, 'tl-cancel-timer')).toEqual([]);
    expect(await userTaskTrail(pi2)).toEqual(['CREATED', 'CANCELED']);
  });

  it('a listener job without retries raises TASK_LISTENER_NO_RETRIES; resolved, the same listener runs again', async () => {
    const id = await deploy({ listeners: [['completing', 'tl-fail', '1'], ['completing', 'tl-after-fail']] });
    const pi = await startInstance(h, zbc, id);
    const task = taskOf(pi)!;
    const complete = pending(h.engine.completeUserTask({ userTaskKey: task.key }));
    await h.engine.whenIdle();
    const job = await activateOne(zbc, 'tl-fail');
    await zbc.failJob({ jobKey: job.key, retries: 0, errorMessage: 'listener broke', retryBackOff: 0 });
    await h.engine.whenIdle();
    const [incident] = incidentsOf(h, pi);
    expect(incident).toMatchObject({ errorType: 'TASK_LISTENER_NO_RETRIES', errorMessage: 'listener broke', jobKey: job.key, elementId: 'review' });
    await zbc.updateJobRetries({ jobKey: job.key, retries: 1 });
    await zbc.resolveIncident({ incidentKey: incident!.key });
    await h.engine.whenIdle();
    await completeListener('tl-fail');
    await completeListener('tl-after-fail');
    await complete.promise;
    expect(isLive(h, pi)).toBe(false);
  });

  it("a listener whose type fails to evaluate raises an incident; resolved, the transition's listeners all run again", async () => {
    const id = await deploy({ listeners: [['assigning', 'tl-expr-first'], ['assigning', '=listenerType']] });
    const pi = await startInstance(h, zbc, id);
    const task = taskOf(pi)!;
    const assign = pending(h.engine.assignUserTask({ userTaskKey: task.key, assignee: 'nina' }));
    await h.engine.whenIdle();
    await completeListener('tl-expr-first');
    const [incident] = incidentsOf(h, pi);
    expect(incident).toMatchObject({ errorType: 'EXTRACT_VALUE_ERROR', elementId: 'review' });
    await zbc.setVariables({ elementInstanceKey: pi, variables: { listenerType: 'tl-expr-second' }, local: false });
    await zbc.resolveIncident({ incidentKey: incident!.key });
    await h.engine.whenIdle();
    await completeListener('tl-expr-first');
    await completeListener('tl-expr-second');
    await assign.promise;
    expect(taskOf(pi)).toMatchObject({ state: 'CREATED', assignee: 'nina' });
  });

  it('listener jobs cannot complete with variables nor throw BPMN errors; denial and corrections exclude each other', async () => {
    const id = await deploy({ listeners: [['completing', 'tl-strict']] });
    const pi = await startInstance(h, zbc, id);
    const task = taskOf(pi)!;
    const complete = pending(h.engine.completeUserTask({ userTaskKey: task.key }));
    await h.engine.whenIdle();
    const job = await activateOne(zbc, 'tl-strict');
    const ids = `(job key '${job.key}', type 'tl-strict', processInstanceKey '${pi}')`;
    expect((await grpcFailure(completeWithResult(job.key, {}, '{"x":1}'))).details).toBe(
      `Command 'COMPLETE' rejected with code 'INVALID_ARGUMENT': Task Listener job completion with variables payload provided is not yet supported ${ids}. Support will be enabled with the resolution of issue #23702.`,
    );
    expect((await grpcFailure(completeWithResult(job.key, { denied: true, corrections: { priority: 1 } }))).details).toContain(
      `Expected to complete task listener job with corrections, but the job result is denied ${ids}.`,
    );
    const thrown = await grpcFailure(zbc.throwError({ jobKey: job.key, errorCode: 'oops' }));
    expect(thrown).toEqual({ code: 9, details: `Command 'THROW_ERROR' rejected with code 'INVALID_STATE': Cannot throw BPMN error from TASK_LISTENER job with key '${job.key}', type 'tl-strict' and processInstanceKey '${pi}'` });
    const unknown = await rejection(h.engine.completeJob({ jobKey: job.key, result: { corrections: { name: 'x' } as JobResult['corrections'] } }));
    expect(unknown.message).toContain("but property 'name' cannot be corrected");
    expect(complete.settled).toBe(false);
    await zbc.completeJob({ jobKey: job.key, variables: {} });
    await h.engine.whenIdle();
    await complete.promise;
  });

  it('four-eyes rules hold with listeners: no correction hands an approval task to the requester', async () => {
    const id = await deploy({ headers: { approval: 'true' }, listeners: [['assigning', 'tl-4eyes'], ['completing', 'tl-4eyes-complete']] });
    const pi = await startInstance(h, zbc, id, { requester: 'olga' });
    const task = taskOf(pi)!;
    // Checked before any listener runs.
    const direct = await rejection(h.engine.assignUserTask({ userTaskKey: task.key, assignee: 'olga' }));
    expect(direct.message).toMatch(/'olga' requested it, and a requester may not approve their own request \(four-eyes principle\)/);
    expect(taskOf(pi)!.state ?? 'CREATED').toBe('CREATED');

    const assign = pending(h.engine.assignUserTask({ userTaskKey: task.key, assignee: 'paul' }));
    await h.engine.whenIdle();
    const job = await activateOne(zbc, 'tl-4eyes');
    const refused = await grpcFailure(completeWithResult(job.key, { corrections: { assignee: 'olga' } }));
    expect(refused.code).toBe(9);
    expect(refused.details).toContain(`correcting the assignee of approval task with key '${task.key}' to 'olga', but 'olga' requested it`);
    await completeWithResult(job.key, { corrections: { assignee: 'quinn' } });
    await h.engine.whenIdle();
    await assign.promise;
    expect(taskOf(pi)!.assignee).toBe('quinn');

    // The decision is checked when asked for and takes effect after the completing listener.
    expect((await rejection(h.engine.completeUserTask({ userTaskKey: task.key, actor: 'olga', action: 'approve' }))).message).toMatch(/assigned to 'quinn'/);
    const approve = pending(h.engine.completeUserTask({ userTaskKey: task.key, actor: 'quinn', action: 'approve', reason: 'fine' }));
    await h.engine.whenIdle();
    await completeListener('tl-4eyes-complete');
    await approve.promise;
    expect(isLive(h, pi)).toBe(false);
    expect((await records(h, pi, 'USER_TASK')).at(-1)).toMatchObject({ intent: 'COMPLETED', value: { variables: { decision: 'approved', decidedBy: 'quinn', decisionReason: 'fine' } } });
  });
});
