/** BPMN models the API suites deploy: small, lint-clean for Camunda 8.8, readable. */
import { bpmnProcess, flow, serviceTask } from './support/bpmn.ts';

interface TaskOptions {
  assignee?: string;
  candidateGroups?: string;
  candidateUsers?: string;
  dueDate?: string;
  headers?: Record<string, string>;
  name?: string;
}

export function userTask(id: string, o: TaskOptions = {}): string {
  const assignment = [o.assignee && `assignee="${o.assignee}"`, o.candidateGroups && `candidateGroups="${o.candidateGroups}"`, o.candidateUsers && `candidateUsers="${o.candidateUsers}"`].filter(Boolean).join(' ');
  const headers = Object.entries(o.headers ?? {}).map(([k, v]) => `<zeebe:header key="${k}" value="${v}" />`).join('');
  return `<bpmn:userTask id="${id}" name="${o.name ?? id}">
    <bpmn:extensionElements>
      <zeebe:userTask />
      ${assignment ? `<zeebe:assignmentDefinition ${assignment} />` : ''}
      ${o.dueDate ? `<zeebe:taskSchedule dueDate="${o.dueDate}" />` : ''}
      ${headers ? `<zeebe:taskHeaders>${headers}</zeebe:taskHeaders>` : ''}
    </bpmn:extensionElements>
  </bpmn:userTask>`;
}

/** start → one user task → end. */
export function taskProcess(id: string, o: TaskOptions = {}): string {
  return bpmnProcess(id, `<bpmn:startEvent id="start" />${userTask('task', o)}<bpmn:endEvent id="end" />${flow('f1', 'start', 'task')}${flow('f2', 'task', 'end')}`);
}

export const MODELS = {
  /** A purchase request: one approver from the approvers group, never the requester. */
  purchase: taskProcess('purchase', { name: 'Approve purchase', candidateGroups: 'approvers', headers: { approval: 'true' } }),
  /** Large purchases: two distinct approvers. */
  bigPurchase: taskProcess('big-purchase', { name: 'Approve large purchase', candidateGroups: 'approvers', headers: { approvals: '2' } }),
  /** A badly modelled approval: the task goes straight to the requester. */
  selfAssigned: taskProcess('self-assigned', { assignee: '=initiator', headers: { approval: 'true' } }),
  /** A plain review task with a due date from a variable and candidate users. */
  review: taskProcess('review', { name: 'Review', candidateUsers: '=reviewers', dueDate: '=due' }),
  /** Work for a job worker that the tests fail into an incident. */
  job: bpmnProcess('job', `<bpmn:startEvent id="start" />${serviceTask('work', 'api-test.work')}<bpmn:endEvent id="end" />${flow('f1', 'start', 'work')}${flow('f2', 'work', 'end')}`),
  /** Waits for the message `paid` correlated by orderId. */
  payment: bpmnProcess(
    'payment',
    `<bpmn:startEvent id="start" />
     <bpmn:intermediateCatchEvent id="wait"><bpmn:messageEventDefinition messageRef="msg-paid" /></bpmn:intermediateCatchEvent>
     <bpmn:endEvent id="end" />${flow('f1', 'start', 'wait')}${flow('f2', 'wait', 'end')}`,
    `<bpmn:message id="msg-paid" name="paid"><bpmn:extensionElements><zeebe:subscription correlationKey="=orderId" /></bpmn:extensionElements></bpmn:message>`,
  ),
  /** Calls `purchase` without passing variables down: the requester must still be known. */
  caller: bpmnProcess(
    'caller',
    `<bpmn:startEvent id="start" />
     <bpmn:callActivity id="call"><bpmn:extensionElements><zeebe:calledElement processId="purchase" propagateAllParentVariables="false" /></bpmn:extensionElements></bpmn:callActivity>
     <bpmn:endEvent id="end" />${flow('f1', 'start', 'call')}${flow('f2', 'call', 'end')}`,
  ),
  /** Not deployable: a service task without a task definition (a lint error). */
  lintError: bpmnProcess('broken', `<bpmn:startEvent id="start" /><bpmn:serviceTask id="t" /><bpmn:endEvent id="end" />${flow('f1', 'start', 't')}${flow('f2', 't', 'end')}`),
};

export const DMN = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="d" name="d" namespace="http://baton.test">
  <decision id="route" name="Route"><decisionTable id="t"><output id="o" typeRef="string" /></decisionTable></decision>
</definitions>`;

export const RULES = { name: 'routing', rules: [{ conditions: { all: [{ fact: 'amount', operator: 'greaterThan', value: 100 }] }, event: { type: 'big' } }] };

export function resources(name: string, content: string) {
  return { resources: [{ name, content }] };
}
