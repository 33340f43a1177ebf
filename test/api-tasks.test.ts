import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditedActions, startApi, type ApiHarness, type Who } from './api-harness.ts';
import { MODELS } from './api-fixtures.ts';

/**
 * Human tasks through HTTP: listing, claim, unclaim, assign, complete, approve and reject, and
 * the segregation-of-duties rules through every door a requester could try.
 */
describe('REST API: human tasks', () => {
  let a: ApiHarness;
  beforeAll(async () => {
    a = await startApi();
    const resources = Object.entries(MODELS)
      .filter(([name]) => name !== 'lintError')
      .map(([name, content]) => ({ name: `${name}.bpmn`, content }));
    const deployed = await a.call('developer', 'POST', '/api/models', { resources });
    expect(deployed.status).toBe(201);
  });
  afterAll(async () => a?.stop());

  const start = async (who: Who, bpmnProcessId: string, variables: Record<string, unknown> = {}) => {
    const r = await a.call(who, 'POST', '/api/process-instances', { bpmnProcessId, variables });
    expect(r.status, r.text).toBe(201);
    return r.body.processInstanceKey as string;
  };
  const taskOf = (pi: string) => [...a.h.engine.view.userTasks.values()].find((t) => t.processInstanceKey === pi)?.key ?? '';
  const post = (who: Who, task: string, action: string, body: unknown = {}) => a.call(who, 'POST', `/api/tasks/${task}/${action}`, body);
  const variablesOf = async (pi: string) => (await a.call('operator', 'GET', `/api/process-instances/${pi}`)).body.variables;

  /** The call is refused with `status`, and neither the engine nor the audit log changed. */
  const refusedWithoutTrace = async (status: number, call: () => Promise<{ status: number; body: { error: string } }>, message?: RegExp) => {
    const before = await a.footprint();
    const audited = (await auditedActions(a)).length;
    const r = await call();
    expect(r.status, JSON.stringify(r.body)).toBe(status);
    if (message) expect(r.body.error).toMatch(message);
    expect(await a.footprint()).toEqual(before);
    expect((await auditedActions(a)).length).toBe(status === 403 || status === 401 ? audited + 1 : audited);
    return r;
  };

  it('a requester can never approve their own request: claim, assign to self, complete, approve, reject', async () => {
    const pi = await start('alice', 'purchase');
    const task = taskOf(pi);
    await refusedWithoutTrace(409, () => post('alice', task, 'claim'), /'alice' requested it.*four-eyes/);
    // Only operators assign others' tasks; a task user may only pass on their own.
    await refusedWithoutTrace(403, () => post('alice', task, 'assign', { assignee: 'alice' }), /may only delegate tasks assigned to them/);
    await refusedWithoutTrace(409, () => post('admin', task, 'assign', { assignee: 'alice' }), /'alice' requested it/);
    await refusedWithoutTrace(409, () => post('alice', task, 'approve'), /not assigned: claim it first/);
    await refusedWithoutTrace(409, () => post('alice', task, 'complete'), /is an approval task/);

    // bob claims, then tries to hand it to the requester.
    expect((await post('bob', task, 'claim')).status).toBe(204);
    await refusedWithoutTrace(409, () => post('bob', task, 'assign', { assignee: 'alice' }), /'alice' requested it/);
    await refusedWithoutTrace(409, () => post('alice', task, 'approve'), /assigned to 'bob': only the assignee completes/);
    await refusedWithoutTrace(409, () => post('alice', task, 'reject', { reason: 'no' }), /assigned to 'bob'/);

    expect((await post('bob', task, 'approve', { reason: 'within budget' })).status).toBe(204);
    expect(await variablesOf(pi)).toMatchObject({ initiator: 'alice', decision: 'approved', decisionReason: 'within budget', decidedBy: 'bob' });
  });

  it('a task the model assigns to the requester still cannot be decided by them', async () => {
    const pi = await start('alice', 'self-assigned');
    const task = taskOf(pi);
    expect(a.h.engine.view.userTasks.get(task)!.assignee).toBe('alice');
    await refusedWithoutTrace(409, () => post('alice', task, 'approve'), /'alice' requested it/);
    await refusedWithoutTrace(409, () => post('alice', task, 'reject', { reason: 'mine' }), /'alice' requested it/);
    await refusedWithoutTrace(409, () => post('alice', task, 'claim'), /'alice' requested it/);
    // An operator moves it to someone allowed to decide.
    expect((await post('operator', task, 'assign', { assignee: 'bob', reason: 'four-eyes' })).status).toBe(204);
    expect((await post('bob', task, 'reject', { reason: 'not needed' })).status).toBe(204);
    expect(await variablesOf(pi)).toMatchObject({ decision: 'rejected', decisionReason: 'not needed', decidedBy: 'bob' });
  });

  it('two approvals: the first is recorded and the task returns to the pool; the same approver cannot approve twice', async () => {
    const pi = await start('developer', 'big-purchase', { amount: 250_000 });
    const task = taskOf(pi);
    expect((await post('bob', task, 'claim')).status).toBe(204);
    expect((await post('bob', task, 'approve', { reason: 'ok by me', variables: { note: 'first' } })).status).toBe(204);

    const open = await a.call('carol', 'GET', `/api/tasks/${task}`);
    expect(open.body).toMatchObject({ assignee: null, approval: { approvalsRequired: 2, approvals: [{ by: 'bob' }], requestedBy: ['developer'] } });
    const updated = await a.h.db.knex('records').where({ key: task, value_type: 'USER_TASK', intent: 'UPDATED' });
    expect(updated.map((r) => r.value)).toMatchObject([{ action: 'approve', actor: 'bob', approvalsRequired: 2, approvals: [{ by: 'bob', reason: 'ok by me' }] }]);

    await refusedWithoutTrace(409, () => post('bob', task, 'claim'), /'bob' already approved it/);
    await refusedWithoutTrace(409, () => post('operator', task, 'assign', { assignee: 'bob' }), /'bob' already approved it/);
    expect((await post('carol', task, 'claim')).status).toBe(204);
    expect((await post('carol', task, 'approve')).status).toBe(204);
    expect(a.h.engine.view.userTasks.has(task)).toBe(false);
    expect(await variablesOf(pi)).toMatchObject({ decision: 'approved', decidedBy: 'carol', approvers: ['bob', 'carol'], note: 'first' });
  });

  it('a rejection needs a reason; approving or rejecting a plain task is refused', async () => {
    const pi = await start('developer', 'purchase');
    const task = taskOf(pi);
    expect((await post('bob', task, 'claim')).status).toBe(204);
    const noReason = await refusedWithoutTrace(400, () => post('bob', task, 'reject', {}));
    expect(noReason.body).toMatchObject({ field: 'reason', error: 'reason: is required' });
    await refusedWithoutTrace(400, () => post('bob', task, 'reject', { reason: '   ' }));
    await refusedWithoutTrace(400, () => post('bob', task, 'approve', { variables: { decision: 'approved' } }), /variables\.decision/);

    const plain = taskOf(await start('developer', 'review', { reviewers: ['bob'], due: '2030-01-01T00:00:00Z' }));
    await refusedWithoutTrace(409, () => post('bob', plain, 'approve'), /not an approval task/);
  });

  it('only the assignee completes; claim needs candidacy; unclaim and delegate are for one’s own tasks', async () => {
    const pi = await start('developer', 'review', { reviewers: ['bob', 'carol'], due: '2030-01-01T00:00:00Z' });
    const task = taskOf(pi);
    await refusedWithoutTrace(409, () => post('dave', task, 'claim'), /not among the candidate users \[bob, carol\]/);
    await refusedWithoutTrace(409, () => post('bob', task, 'complete'), /not assigned: claim it first/);
    expect((await post('bob', task, 'claim', { reason: 'mine' })).status).toBe(204);
    await refusedWithoutTrace(409, () => post('carol', task, 'claim'), /already been assigned/);
    await refusedWithoutTrace(409, () => post('carol', task, 'complete'), /assigned to 'bob'/);
    await refusedWithoutTrace(403, () => post('carol', task, 'unclaim'), /may only unclaim tasks assigned to them/);
    await refusedWithoutTrace(403, () => post('carol', task, 'assign', { assignee: 'carol' }), /may only delegate/);

    expect((await post('bob', task, 'assign', { assignee: 'carol', reason: 'holiday' })).status).toBe(204);
    expect((await post('carol', task, 'unclaim')).status).toBe(204);
    expect((await post('operator', task, 'assign', { assignee: 'dave' })).status).toBe(204);
    expect((await post('operator', task, 'unclaim')).status).toBe(204);
    expect((await post('carol', task, 'claim')).status).toBe(204);
    await refusedWithoutTrace(400, () => post('carol', task, 'complete', { variables: { initiator: 'carol' } }), /variables\.initiator/);
    expect((await post('carol', task, 'complete', { variables: { verdict: 'fine' } })).status).toBe(204);
    expect(await variablesOf(pi)).toMatchObject({ verdict: 'fine' });

    const records = await a.h.db.knex('records').where({ key: task, value_type: 'USER_TASK' }).orderBy('position');
    expect(records.map((r) => `${r.intent}:${r.value.action ?? ''}:${r.value.actor ?? ''}:${r.value.assignee}`)).toEqual([
      'CREATED:::',
      'ASSIGNED:claim:bob:bob',
      'ASSIGNED:delegate:bob:carol',
      // The engine's unassign carries the actor once engine.ts passes the options through.
      expect.stringMatching(/^ASSIGNED:unassign:(carol)?:$/),
      'ASSIGNED:assign:operator:dave',
      expect.stringMatching(/^ASSIGNED:unassign:(operator)?:$/),
      'ASSIGNED:claim:carol:carol',
      'COMPLETED:complete:carol:carol',
    ]);
    const actions = (await auditedActions(a)).filter((x) => x.target === `user-task:${task}`);
    expect(actions.map((x) => `${x.action}:${x.actor}:${x.role}`)).toEqual([
      'task.claim:bob:approver',
      'task.assign:bob:approver',
      'task.unclaim:carol:approver',
      'task.assign:operator:operator',
      'task.unclaim:operator:operator',
      'task.claim:carol:approver',
      'task.complete:carol:approver',
    ]);
    const denied = (await auditedActions(a)).filter((x) => x.action === 'auth.forbidden' && x.target.includes(task));
    expect(denied.map((x) => `${x.actor}:${x.target}`)).toEqual([`carol:POST /api/tasks/${task}/unclaim`, `carol:POST /api/tasks/${task}/assign`]);
    expect(actions.find((x) => x.action === 'task.claim')).toMatchObject({ reason: 'mine', process_instance_key: pi });
  });

  it('lists what each user may see, with filters and overdue flags', async () => {
    const pastDue = await start('developer', 'review', { reviewers: ['dave'], due: '2020-01-01T00:00:00Z' });
    const purchase = await start('developer', 'purchase');
    const list = async (who: Who, query = '') => {
      const r = await a.call(who, 'GET', `/api/tasks${query}`);
      expect(r.status, r.text).toBe(200);
      return r.body.tasks as Array<{ userTaskKey: string; processInstanceKey: string; overdue: boolean; approval: unknown }>;
    };
    const keys = (tasks: Array<{ processInstanceKey: string }>) => tasks.map((t) => t.processInstanceKey);
    expect(keys(await list('dave'))).toContain(pastDue);
    expect(keys(await list('dave'))).not.toContain(purchase);
    expect(keys(await list('bob'))).toContain(purchase);
    expect(keys(await list('bob'))).not.toContain(pastDue);
    expect(keys(await list('operator'))).toEqual(expect.arrayContaining([pastDue, purchase]));

    const overdue = await list('operator', '?overdue=true');
    expect(overdue.every((t) => t.overdue)).toBe(true);
    expect(keys(overdue)).toContain(pastDue);
    expect(keys(await list('operator', '?dueBefore=2021-01-01T00:00:00Z'))).toEqual([pastDue]);
    expect(keys(await list('operator', `?candidateGroup=approvers&processInstanceKey=${purchase}`))).toEqual([purchase]);
    expect(keys(await list('operator', '?candidateUser=dave'))).toEqual([pastDue]);
    expect((await list('operator', '?approval=true')).every((t) => t.approval !== null)).toBe(true);
    expect(keys(await list('operator', '?bpmnProcessId=review&unassigned=true'))).toContain(pastDue);
    expect(keys(await list('operator', '?assignee=nobody'))).toEqual([]);
    expect(await list('operator', '?limit=1')).toHaveLength(1);
    // Invisible to dave, so as good as absent.
    expect((await a.call('dave', 'GET', `/api/tasks/${taskOf(purchase)}`)).status).toBe(404);
  });

  it('bad input on every task endpoint is a 400 naming the field, and writes nothing', async () => {
    const task = taskOf(await start('developer', 'purchase'));
    const cases: Array<[Who, string, string, unknown, string]> = [
      ['operator', 'GET', '/api/tasks?overdue=maybe', undefined, 'overdue'],
      ['operator', 'GET', '/api/tasks?dueBefore=tomorrow', undefined, 'dueBefore'],
      ['operator', 'GET', '/api/tasks?limit=0', undefined, 'limit'],
      ['operator', 'GET', '/api/tasks?colour=red', undefined, 'colour'],
      ['operator', 'GET', '/api/tasks/abc', undefined, 'userTaskKey'],
      ['bob', 'POST', `/api/tasks/${task}/claim`, { owner: 'bob' }, 'owner'],
      ['bob', 'POST', `/api/tasks/${task}/unclaim`, { reason: '' }, 'reason'],
      ['operator', 'POST', `/api/tasks/${task}/assign`, {}, 'assignee'],
      ['operator', 'POST', `/api/tasks/${task}/assign`, { assignee: 42 }, 'assignee'],
      ['bob', 'POST', `/api/tasks/${task}/complete`, { variables: [1, 2] }, 'variables'],
      ['bob', 'POST', `/api/tasks/${task}/approve`, { variables: { requester: 'x' } }, 'variables.requester'],
      ['bob', 'POST', `/api/tasks/${task}/reject`, { reason: 7 }, 'reason'],
      ['bob', 'POST', '/api/tasks/0/claim', {}, 'userTaskKey'],
    ];
    for (const [who, method, path, body, field] of cases) {
      const r = await refusedWithoutTrace(400, () => a.call(who, method, path, body));
      expect(r.body, `${method} ${path}`).toMatchObject({ field });
      expect(r.body.error).toContain(field);
    }
    for (const action of ['claim', 'unclaim', 'complete', 'approve']) await refusedWithoutTrace(404, () => post('admin', '123456', action));
    await refusedWithoutTrace(404, () => post('admin', '123456', 'assign', { assignee: 'x' }));
    await refusedWithoutTrace(404, () => post('admin', '123456', 'reject', { reason: 'x' }));
  });
});
