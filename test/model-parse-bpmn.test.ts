import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENGINE_EXECUTABLE_TYPES } from '../engine/model/element-types.ts';
import { feelSyntaxError, toExpression } from '../engine/model/expressions.ts';
import { parseBpmn, type ParseOptions } from '../engine/model/parse-bpmn.ts';
import { DeploymentRejected, type ExecutableProcess, type FlowNode, type ModelProblem } from '../engine/model/types.ts';

const fixture = (name: string) => readFile(path.join(import.meta.dirname, 'fixtures', 'bpmn', name), 'utf8');

/** A definitions document around `process` (the process body) and extra root elements. */
function bpmn(processBody: string, roots = '', processAttributes = 'id="p" isExecutable="true"'): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
    xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"
    xmlns:modeler="http://camunda.org/schema/modeler/1.0"
    id="defs" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process ${processAttributes}>${processBody}</bpmn:process>${roots}
</bpmn:definitions>`;
}

const START = '<bpmn:startEvent id="start" />';
const task = (id: string, extra = '') =>
  `<bpmn:serviceTask id="${id}"><bpmn:extensionElements><zeebe:taskDefinition type="work" />${extra}</bpmn:extensionElements></bpmn:serviceTask>`;
const flow = (id: string, from: string, to: string, condition?: string) =>
  condition === undefined
    ? `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}" />`
    : `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${condition}</bpmn:conditionExpression></bpmn:sequenceFlow>`;
const message = (id: string, name: string, correlationKey = '=key') =>
  `<bpmn:message id="${id}" name="${name}"><bpmn:extensionElements><zeebe:subscription correlationKey="${correlationKey}" /></bpmn:extensionElements></bpmn:message>`;

async function problemsOf(xml: string, options?: ParseOptions): Promise<ModelProblem[]> {
  try {
    await parseBpmn(xml, 'test.bpmn', options);
  } catch (error) {
    if (error instanceof DeploymentRejected) return error.problems;
    throw error;
  }
  throw new Error('expected the deployment to be rejected');
}

function node(process: ExecutableProcess, id: string): FlowNode {
  const found = process.nodes.get(id);
  if (!found) throw new Error(`no node ${id}`);
  return found;
}

async function single(xml: string, options?: ParseOptions): Promise<ExecutableProcess> {
  const [process, ...rest] = await parseBpmn(xml, 'test.bpmn', options);
  expect(rest).toEqual([]);
  if (!process) throw new Error('no process');
  return process;
}

describe('parseBpmn: supported elements', () => {
  it('extracts a process with service tasks: job definition, headers, mappings and flows', async () => {
    const process = await single(await fixture('service-tasks.bpmn'));
    expect(process).toMatchObject({ bpmnProcessId: 'order-fulfilment', name: 'Order fulfilment', noneStartEventId: 'start' });
    expect(process.children).toEqual(['start', 'reserve', 'charge', 'end']);
    expect(node(process, 'order-fulfilment')).toMatchObject({ type: 'PROCESS', scopeId: '', children: process.children });
    expect(node(process, 'start')).toEqual({
      id: 'start',
      name: 'Order received',
      type: 'START_EVENT',
      scopeId: 'order-fulfilment',
      incoming: [],
      outgoing: ['f1'],
      inputs: [],
      outputs: [],
      boundaryEvents: [],
      event: { type: 'none' },
    });
    expect(node(process, 'reserve')).toMatchObject({
      type: 'SERVICE_TASK',
      incoming: ['f1'],
      outgoing: ['f2'],
      job: {
        type: { kind: 'static', value: 'reserve-stock' },
        retries: { kind: 'feel', source: 'maxRetries + 1' },
        headers: { warehouse: 'north', mode: 'strict' },
      },
      // A static input source is a string literal in Zeebe, not a variable reference.
      inputs: [
        { source: 'order.items', target: 'items' },
        { source: '"express"', target: 'shipping.mode' },
      ],
      outputs: [{ source: 'reservation.id', target: 'reservationId' }],
    });
    expect(node(process, 'charge').job).toEqual({
      type: { kind: 'feel', source: '"payment-" + region' },
      retries: { kind: 'static', value: '3' },
      headers: {},
    });
    expect(node(process, 'end')).toMatchObject({ type: 'END_EVENT', incoming: ['f3'], event: { type: 'none' } });
    expect([...process.flows.values()]).toEqual([
      { id: 'f1', sourceId: 'start', targetId: 'reserve' },
      { id: 'f2', sourceId: 'reserve', targetId: 'charge' },
      { id: 'f3', sourceId: 'charge', targetId: 'end' },
    ]);
  });

  it('extracts job-based and Zeebe user tasks', async () => {
    const process = await single(await fixture('user-tasks.bpmn'));
    expect(node(process, 'review').userTask).toEqual({
      zeebeUserTask: false,
      assignee: { kind: 'static', value: 'demo' },
      candidateGroups: { kind: 'static', value: 'clerks, managers' },
      candidateUsers: { kind: 'feel', source: 'reviewers' },
      dueDate: { kind: 'static', value: '2030-01-31T17:00:00+01:00' },
      followUpDate: { kind: 'feel', source: 'now() + duration("P1D")' },
      formKey: 'camunda-forms:bpmn:reviewForm',
      job: {
        type: { kind: 'static', value: 'io.camunda.zeebe:userTask' },
        retries: { kind: 'static', value: '1' },
        headers: { sla: 'P2D', 'io.camunda.zeebe:formKey': 'camunda-forms:bpmn:reviewForm' },
      },
    });
    expect(node(process, 'approve').userTask).toEqual({
      zeebeUserTask: true,
      assignee: { kind: 'feel', source: 'claim.owner' },
      priority: { kind: 'static', value: '75' },
      formId: { kind: 'static', value: 'payout-form' },
    });
  });

  it('extracts exclusive gateways with conditions and a default flow, and parallel gateways', async () => {
    const process = await single(await fixture('gateways.bpmn'));
    expect(node(process, 'decide')).toMatchObject({
      type: 'EXCLUSIVE_GATEWAY',
      name: 'Amount?',
      defaultFlow: 'small',
      incoming: ['toDecide'],
      outgoing: ['large', 'small'],
    });
    expect(process.flows.get('large')).toEqual({ id: 'large', sourceId: 'decide', targetId: 'split', condition: 'amount > 1000' });
    expect(process.flows.get('small')).toEqual({ id: 'small', sourceId: 'decide', targetId: 'end' });
    expect(node(process, 'split')).toMatchObject({ type: 'PARALLEL_GATEWAY', outgoing: ['a', 'b'] });
    expect(node(process, 'join')).toMatchObject({ type: 'PARALLEL_GATEWAY', incoming: ['a', 'b'], outgoing: ['joined'] });
  });

  it('extracts catch events, receive tasks, boundary events and end events', async () => {
    const process = await single(await fixture('events.bpmn'));
    expect(node(process, 'waitForPayment')).toMatchObject({
      type: 'INTERMEDIATE_CATCH_EVENT',
      event: {
        type: 'message',
        messageName: { kind: 'feel', source: '"payment-" + channel' },
        correlationKey: { kind: 'feel', source: 'orderId' },
      },
      outputs: [{ source: 'amount', target: 'paidAmount' }],
    });
    expect(node(process, 'cooldown').event).toEqual({ type: 'timer', timer: { kind: 'duration', expression: { kind: 'static', value: 'PT15M' } } });
    expect(node(process, 'deadline').event).toEqual({ type: 'timer', timer: { kind: 'date', expression: { kind: 'feel', source: 'dueAt' } } });
    expect(node(process, 'awaitConfirmation')).toMatchObject({
      type: 'RECEIVE_TASK',
      message: { messageName: { kind: 'static', value: 'order-confirmed' }, correlationKey: { kind: 'feel', source: 'order.id' } },
      boundaryEvents: ['timeout', 'reminder', 'cancelled'],
    });
    expect(node(process, 'timeout')).toMatchObject({
      type: 'BOUNDARY_EVENT',
      attachedTo: 'awaitConfirmation',
      cancelActivity: true,
      outgoing: ['f7'],
      event: { type: 'timer', timer: { kind: 'duration', expression: { kind: 'static', value: 'P1D' } } },
    });
    expect(node(process, 'reminder')).toMatchObject({
      cancelActivity: false,
      event: { type: 'timer', timer: { kind: 'cycle', expression: { kind: 'static', value: 'R3/PT1H' } } },
    });
    expect(node(process, 'cancelled').event).toEqual({
      type: 'message',
      messageName: { kind: 'static', value: 'order-cancelled' },
      correlationKey: { kind: 'feel', source: 'orderId' },
    });
    expect(node(process, 'ship').boundaryEvents).toEqual(['anyError', 'outOfStock']);
    expect(node(process, 'anyError').event).toEqual({ type: 'error' });
    expect(node(process, 'outOfStock').event).toEqual({ type: 'error', errorCode: { kind: 'static', value: 'OUT_OF_STOCK' } });
    expect(node(process, 'failed').event).toEqual({ type: 'error', errorCode: { kind: 'static', value: 'TIMEOUT' } });
    expect(node(process, 'failedDynamic').event).toEqual({ type: 'error', errorCode: { kind: 'feel', source: 'errorCodeVar' } });
    expect(node(process, 'stopAll').event).toEqual({ type: 'terminate' });
  });

  it('parses embedded sub-processes, manual and undefined tasks, but rejects them until the engine runs them', async () => {
    const xml = await fixture('sub-process.bpmn');
    const executableTypes = new Set([...ENGINE_EXECUTABLE_TYPES, 'SUB_PROCESS', 'MANUAL_TASK', 'TASK'] as const);
    const process = await single(xml, { executableTypes });
    expect(process.children).toEqual(['start', 'handle', 'handleTimeout', 'end']);
    expect(node(process, 'handle')).toMatchObject({
      type: 'SUB_PROCESS',
      scopeId: 'nested',
      children: ['innerStart', 'sign', 'note', 'innerEnd'],
      startEventId: 'innerStart',
      boundaryEvents: ['handleTimeout'],
      inputs: [{ source: 'request', target: 'local' }],
    });
    expect(node(process, 'innerStart')).toMatchObject({ scopeId: 'handle', outgoing: ['i1'] });
    expect(node(process, 'sign')).toMatchObject({ type: 'MANUAL_TASK', name: 'Sign paper', scopeId: 'handle' });
    expect(node(process, 'note')).toMatchObject({ type: 'TASK', scopeId: 'handle' });
    expect([...process.nodes.keys()]).toEqual(['nested', 'start', 'handle', 'innerStart', 'sign', 'note', 'innerEnd', 'handleTimeout', 'end']);

    expect(await problemsOf(xml)).toEqual([
      { elementId: 'handle', message: "Elements of type 'SubProcess' are not supported yet" },
    ]);
  });

  it('returns one process per executable process and ignores non-executable ones', async () => {
    const processes = await parseBpmn(await fixture('collaboration.bpmn'), 'collaboration.bpmn');
    expect(processes.map((p) => [p.bpmnProcessId, p.name, p.noneStartEventId])).toEqual([
      ['shop', 'Shop', 'shopStart'],
      ['billing', undefined, 'billingStart'],
    ]);
  });

  it('rejects a resource without an executable process', async () => {
    expect(await problemsOf(await fixture('non-executable.bpmn'))).toEqual([
      { elementId: 'Definitions_sketch', message: 'Must contain at least one executable process' },
    ]);
  });

  it('accepts a Camunda Modeler export with diagram, lanes, data objects and annotations', async () => {
    const process = await single(await fixture('modeler-export.bpmn'));
    expect(process.children).toEqual(['StartEvent_1', 'Activity_check', 'Event_end']);
    expect(node(process, 'Activity_check')).toMatchObject({ incoming: ['Flow_1'], outgoing: ['Flow_2'], job: { retries: { kind: 'static', value: '5' } } });
  });

  it('ignores attributes and extensions in foreign namespaces (e.g. the modeler)', async () => {
    const xml = bpmn(`${START}`, '', 'id="p" isExecutable="true" modeler:anything="x"');
    await expect(parseBpmn(xml, 'test.bpmn')).resolves.toHaveLength(1);
  });
});

describe('expressions', () => {
  it('treats `=` + text as FEEL (trimmed) and everything else as static', () => {
    expect(toExpression('= a.b ')).toEqual({ kind: 'feel', source: 'a.b' });
    expect(toExpression('plain')).toEqual({ kind: 'static', value: 'plain' });
    expect(toExpression(' =x')).toEqual({ kind: 'static', value: ' =x' });
    // Zeebe's pattern is `\=(.+)`: a lone `=` is a static value.
    expect(toExpression('=')).toEqual({ kind: 'static', value: '=' });
  });

  it('finds FEEL syntax errors the way Zeebe reports them', () => {
    expect(feelSyntaxError('a + b')).toBeUndefined();
    expect(feelSyntaxError('{a: 1, b: [1, 2]}')).toBeUndefined();
    expect(feelSyntaxError('a +')).toMatch(/^failed to parse expression 'a \+': syntax error at 1:4, found end of input$/);
    expect(feelSyntaxError('foo(')).toMatch(/^failed to parse expression 'foo\('/);
  });

  it('rejects invalid FEEL anywhere an expression is read', async () => {
    const problems = await problemsOf(
      bpmn(
        `${START}${flow('f', 'start', 't')}<bpmn:serviceTask id="t"><bpmn:extensionElements><zeebe:taskDefinition type="=job +" retries="=(" />` +
          '<zeebe:ioMapping><zeebe:input source="=[1," target="x" /><zeebe:output source="=}" target="y" /></zeebe:ioMapping></bpmn:extensionElements></bpmn:serviceTask>',
      ),
    );
    expect(problems.map((p) => [p.elementId, p.message.slice(0, p.message.indexOf(':'))])).toEqual([
      ['t', "failed to parse expression '[1,'"],
      ['t', "failed to parse expression '}'"],
      ['t', "failed to parse expression 'job +'"],
      ['t', "failed to parse expression '('"],
    ]);
  });
});

describe('parseBpmn: rejections', () => {
  const cases: Array<[name: string, xml: string, expected: ModelProblem]> = [
    [
      'complex gateway (Zeebe does not support it)',
      bpmn(`${START}<bpmn:complexGateway id="cg" />`),
      {
        elementId: 'cg',
        message:
          "Elements of type 'ComplexGateway' are currently not supported. Please refer to the documentation for a list of supported elements: https://docs.camunda.io/docs/components/modeler/bpmn/bpmn-coverage/",
      },
    ],
    ['transaction', bpmn(`${START}<bpmn:transaction id="tx" />`), { elementId: 'tx', message: expect.stringContaining("Elements of type 'Transaction' are currently not supported") }],
    [
      'cancel end event',
      bpmn(`${START}<bpmn:endEvent id="e"><bpmn:cancelEventDefinition /></bpmn:endEvent>`),
      { elementId: 'e', message: 'End events must be one of: none, error, message, terminate, signal, escalation or compensation' },
    ],
    [
      'signal catch event',
      bpmn(`${START}<bpmn:intermediateCatchEvent id="c"><bpmn:signalEventDefinition signalRef="s" /></bpmn:intermediateCatchEvent>`, '<bpmn:signal id="s" name="go" />'),
      { elementId: 'c', message: 'Signal intermediate catch events are not supported yet' },
    ],
    [
      'link catch event',
      bpmn(`${START}<bpmn:intermediateCatchEvent id="c"><bpmn:linkEventDefinition name="l" /></bpmn:intermediateCatchEvent>`),
      { elementId: 'c', message: 'Link intermediate catch events are not supported yet' },
    ],
    [
      'conditional catch event',
      bpmn(`${START}<bpmn:intermediateCatchEvent id="c"><bpmn:conditionalEventDefinition><bpmn:condition xsi:type="bpmn:tFormalExpression">=x</bpmn:condition></bpmn:conditionalEventDefinition></bpmn:intermediateCatchEvent>`),
      { elementId: 'c', message: 'Conditional intermediate catch events are not supported yet' },
    ],
    [
      'escalation end event',
      bpmn(`${START}<bpmn:endEvent id="e"><bpmn:escalationEventDefinition escalationRef="esc" /></bpmn:endEvent>`, '<bpmn:escalation id="esc" escalationCode="E" />'),
      { elementId: 'e', message: 'Escalation end events are not supported yet' },
    ],
    [
      'compensation boundary event',
      bpmn(`${START}${task('t')}<bpmn:boundaryEvent id="b" attachedToRef="t"><bpmn:compensateEventDefinition /></bpmn:boundaryEvent>`),
      { elementId: 'b', message: 'Compensation boundary events are not supported yet' },
    ],
    [
      'message start event',
      bpmn(`${START}<bpmn:startEvent id="ms"><bpmn:messageEventDefinition messageRef="m" /></bpmn:startEvent>`, message('m', 'hello')),
      { elementId: 'ms', message: 'Message start events are not supported yet' },
    ],
    [
      'standard loop',
      bpmn(`${START}<bpmn:serviceTask id="t"><bpmn:extensionElements><zeebe:taskDefinition type="x" /></bpmn:extensionElements><bpmn:standardLoopCharacteristics /></bpmn:serviceTask>`),
      { elementId: 't', message: 'Standard loop characteristics are not supported; use a multi-instance activity or a loop with a gateway' },
    ],
    [
      'multi-instance (not yet)',
      bpmn(`${START}<bpmn:serviceTask id="t"><bpmn:extensionElements><zeebe:taskDefinition type="x" /></bpmn:extensionElements><bpmn:multiInstanceLoopCharacteristics /></bpmn:serviceTask>`),
      { elementId: 't', message: 'Multi-instance activities are not supported yet' },
    ],
    [
      'call activity (not yet)',
      bpmn(`${START}<bpmn:callActivity id="ca"><bpmn:extensionElements><zeebe:calledElement processId="x" /></bpmn:extensionElements></bpmn:callActivity>`),
      { elementId: 'ca', message: "Elements of type 'CallActivity' are not supported yet" },
    ],
    [
      'event sub-process (not yet)',
      bpmn(`${START}<bpmn:subProcess id="esp" triggeredByEvent="true" />`),
      { elementId: 'esp', message: 'Event sub-processes are not supported yet' },
    ],
    ['execution listeners (not yet)', bpmn(`${START}${task('t', '<zeebe:executionListeners><zeebe:executionListener eventType="start" type="audit" /></zeebe:executionListeners>')}`), { elementId: 't', message: 'Execution listeners are not supported yet' }],
    ['service task without task definition', bpmn(`${START}<bpmn:serviceTask id="t" />`), { elementId: 't', message: "Must have exactly one 'zeebe:taskDefinition' extension element" }],
    [
      'service task with an empty type',
      bpmn(`${START}<bpmn:serviceTask id="t"><bpmn:extensionElements><zeebe:taskDefinition type="" /></bpmn:extensionElements></bpmn:serviceTask>`),
      { elementId: 't', message: "Attribute 'type' must be present and not empty" },
    ],
    [
      'reserved task header',
      bpmn(`${START}${task('t', '<zeebe:taskHeaders><zeebe:header key="io.camunda.zeebe:assignee" value="x" /></zeebe:taskHeaders>')}`),
      { elementId: 't', message: "Attribute 'key' contains 'io.camunda.zeebe:assignee', but header keys starting with 'io.camunda.zeebe:' are reserved for internal use." },
    ],
    [
      'static output source',
      bpmn(`${START}${task('t', '<zeebe:ioMapping><zeebe:output source="result" target="r" /></zeebe:ioMapping>')}`),
      { elementId: 't', message: "Expected expression but found static value 'result'. An expression must start with '=' (e.g. '=result')." },
    ],
    [
      'invalid mapping target',
      bpmn(`${START}${task('t', '<zeebe:ioMapping><zeebe:input source="=a" target="1abc" /></zeebe:ioMapping>')}`),
      { elementId: 't', message: "Expected path expression '1abc' but doesn't match the pattern '[a-zA-Z_][a-zA-Z0-9_]*(\\.[a-zA-Z_][a-zA-Z0-9_]*)*'." },
    ],
    [
      'timer without a definition',
      bpmn(`${START}<bpmn:intermediateCatchEvent id="c"><bpmn:timerEventDefinition /></bpmn:intermediateCatchEvent>`),
      { elementId: 'c', message: 'Must be exactly one type of timer: timeDuration, timeDate or timeCycle' },
    ],
    [
      'unparsable static duration',
      bpmn(`${START}<bpmn:intermediateCatchEvent id="c"><bpmn:timerEventDefinition><bpmn:timeDuration>foo</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>`),
      { elementId: 'c', message: "Invalid timer duration expression (Invalid duration format 'foo' for expression 'foo')" },
    ],
    [
      'unparsable static date',
      bpmn(`${START}<bpmn:intermediateCatchEvent id="c"><bpmn:timerEventDefinition><bpmn:timeDate>tomorrow</bpmn:timeDate></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>`),
      { elementId: 'c', message: "Invalid timer date expression (Invalid date-time format 'tomorrow' for expression 'tomorrow')" },
    ],
    [
      'intermediate timer with only a cycle',
      bpmn(`${START}<bpmn:intermediateCatchEvent id="c"><bpmn:timerEventDefinition><bpmn:timeCycle>R/PT1M</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>`),
      { elementId: 'c', message: 'Intermediate timer catch event must have either a time duration or a time date.' },
    ],
    [
      'interrupting timer boundary with a cycle',
      bpmn(`${START}${task('t')}<bpmn:boundaryEvent id="b" attachedToRef="t"><bpmn:timerEventDefinition><bpmn:timeCycle>R/PT1M</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:boundaryEvent>`),
      { elementId: 'b', message: 'Interrupting timer event with time cycle is not allowed.' },
    ],
    [
      'message catch without a message',
      bpmn(`${START}<bpmn:intermediateCatchEvent id="c"><bpmn:messageEventDefinition /></bpmn:intermediateCatchEvent>`),
      { elementId: 'c', message: 'Must reference a message' },
    ],
    [
      'message without a subscription',
      bpmn(`${START}<bpmn:intermediateCatchEvent id="c"><bpmn:messageEventDefinition messageRef="m" /></bpmn:intermediateCatchEvent>`, '<bpmn:message id="m" name="go" />'),
      { elementId: 'm', message: 'Must have exactly one zeebe:subscription extension element' },
    ],
    [
      'message without a correlation key',
      bpmn(
        `${START}<bpmn:receiveTask id="r" messageRef="m" />`,
        '<bpmn:message id="m" name="go"><bpmn:extensionElements><zeebe:subscription /></bpmn:extensionElements></bpmn:message>',
      ),
      { elementId: 'm', message: "Attribute 'correlationKey' must be present and not empty" },
    ],
    [
      'static correlation key',
      bpmn(`${START}<bpmn:receiveTask id="r" messageRef="m" />`, message('m', 'go', 'orderId')),
      { elementId: 'm', message: "Expected expression but found static value 'orderId'. An expression must start with '=' (e.g. '=orderId')." },
    ],
    [
      'message without a name',
      bpmn(`${START}<bpmn:receiveTask id="r" messageRef="m" />`, message('m', '')),
      { elementId: 'm', message: 'Name must be present and not empty' },
    ],
    [
      'receive task and boundary event waiting for the same message',
      bpmn(`${START}<bpmn:receiveTask id="r" messageRef="m" /><bpmn:boundaryEvent id="b" attachedToRef="r"><bpmn:messageEventDefinition messageRef="m" /></bpmn:boundaryEvent>`, message('m', 'go')),
      { elementId: 'r', message: 'Cannot reference the same message name as a boundary event' },
    ],
    [
      'exclusive gateway flow without condition',
      bpmn(`${START}${flow('f0', 'start', 'g')}<bpmn:exclusiveGateway id="g" />${flow('yes', 'g', 'e', '=ok')}${flow('no', 'g', 'e')}<bpmn:endEvent id="e" />`),
      { elementId: 'no', message: 'Must have a condition or be default flow' },
    ],
    [
      'condition on a flow out of a parallel gateway',
      bpmn(`${START}<bpmn:parallelGateway id="g" />${flow('a', 'g', 'e', '=ok')}<bpmn:endEvent id="e" />`),
      { elementId: 'g', message: 'Conditional sequence flows are only supported at exclusive or inclusive gateway' },
    ],
    [
      'static condition',
      bpmn(`${START}<bpmn:exclusiveGateway id="g" />${flow('a', 'g', 'e', 'x &gt; 1')}<bpmn:endEvent id="e" />`),
      { elementId: 'a', message: "Expected expression but found static value 'x > 1'. An expression must start with '=' (e.g. '=x > 1')." },
    ],
    [
      'default flow that does not start at the gateway',
      bpmn(`${START}<bpmn:exclusiveGateway id="g" default="other" />${flow('other', 'start', 'e')}<bpmn:endEvent id="e" />`),
      { elementId: 'g', message: 'Default flow must start at gateway' },
    ],
    ['error end event without error', bpmn(`${START}<bpmn:endEvent id="e"><bpmn:errorEventDefinition /></bpmn:endEvent>`), { elementId: 'e', message: 'Must reference an error' }],
    [
      'error end event without error code',
      bpmn(`${START}<bpmn:endEvent id="e"><bpmn:errorEventDefinition errorRef="err" /></bpmn:endEvent>`, '<bpmn:error id="err" name="Failure" />'),
      { elementId: 'e', message: 'ErrorCode must be present and not empty' },
    ],
    [
      'error boundary with an expression code',
      bpmn(`${START}${task('t')}<bpmn:boundaryEvent id="b" attachedToRef="t"><bpmn:errorEventDefinition errorRef="err" /></bpmn:boundaryEvent>`, '<bpmn:error id="err" errorCode="=code" />'),
      { elementId: 'b', message: 'The errorCode of the error catch event is not allowed to be an expression' },
    ],
    [
      'non-interrupting error boundary',
      bpmn(`${START}${task('t')}<bpmn:boundaryEvent id="b" attachedToRef="t" cancelActivity="false"><bpmn:errorEventDefinition /></bpmn:boundaryEvent>`),
      { elementId: 'b', message: 'Non-Interrupting event of this type is not allowed' },
    ],
    [
      'two catch-all error boundaries on one activity',
      bpmn(
        `${START}${task('t')}<bpmn:boundaryEvent id="b1" attachedToRef="t"><bpmn:errorEventDefinition /></bpmn:boundaryEvent><bpmn:boundaryEvent id="b2" attachedToRef="t"><bpmn:errorEventDefinition /></bpmn:boundaryEvent>`,
      ),
      {
        elementId: 't',
        message: 'The same scope can not contain more than one error catch event without error code. An error catch event without error code catches all errors.',
      },
    ],
    [
      'boundary event on a gateway',
      bpmn(`${START}<bpmn:exclusiveGateway id="g" /><bpmn:boundaryEvent id="b" attachedToRef="g"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1M</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>`),
      { elementId: 'b', message: 'Must be attached to an activity' },
    ],
    ['process without start event', bpmn(task('t')), { elementId: 'p', message: 'Must have at least one start event' }],
    ['two none start events', bpmn(`${START}<bpmn:startEvent id="start2" />`), { elementId: 'p', message: 'Multiple none start events are not allowed' }],
    [
      'end event with an outgoing flow',
      bpmn(`${START}<bpmn:endEvent id="e" />${flow('f', 'e', 't')}${task('t')}`),
      { elementId: 'e', message: 'End events must not have outgoing sequence flows to other elements.' },
    ],
    [
      'sub-process with a timer start event',
      bpmn(`${START}<bpmn:subProcess id="sp"><bpmn:startEvent id="s2"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1M</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:startEvent></bpmn:subProcess>`),
      { elementId: 'sp', message: 'Start events in subprocesses must be of type none' },
    ],
    [
      'candidate groups that are not CSV',
      bpmn(`${START}<bpmn:userTask id="u"><bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="a, ,c" /></bpmn:extensionElements></bpmn:userTask>`),
      { elementId: 'u', message: "Expected static value to be a list of comma-separated values, e.g. 'a,b,c', but found 'a, ,c'." },
    ],
    [
      'invalid static due date',
      bpmn(`${START}<bpmn:userTask id="u"><bpmn:extensionElements><zeebe:taskSchedule dueDate="next week" /></bpmn:extensionElements></bpmn:userTask>`),
      { elementId: 'u', message: "Expected static value to be a valid DateTime String, e.g. '2023-03-02T15:35+02:00', but found 'next week'." },
    ],
    [
      'priority out of range',
      bpmn(`${START}<bpmn:userTask id="u"><bpmn:extensionElements><zeebe:userTask /><zeebe:priorityDefinition priority="101" /></bpmn:extensionElements></bpmn:userTask>`),
      { elementId: 'u', message: "Priority must be a number between 0 and 100, but was '101'" },
    ],
    [
      'form with both key and id',
      bpmn(`${START}<bpmn:userTask id="u"><bpmn:extensionElements><zeebe:formDefinition formKey="k" formId="f" /></bpmn:extensionElements></bpmn:userTask>`),
      { elementId: 'u', message: "Exactly one of the attributes 'formId, formKey' must be present and not blank" },
    ],
    [
      'duplicate extension element',
      bpmn(`${START}${task('t', '<zeebe:ioMapping /><zeebe:ioMapping />')}`),
      {
        elementId: 't',
        message: "Must have exactly one 'zeebe:ioMapping' extension element when exists. Please check process definition XML and retain only one extension element.",
      },
    ],
  ];

  it.each(cases)('%s', async (_name, xml, expected) => {
    expect(await problemsOf(xml)).toContainEqual(expected);
  });

  it('lists every problem of a resource at once, never a partial result', async () => {
    const xml = bpmn(`${START}<bpmn:serviceTask id="t1" /><bpmn:complexGateway id="cg" />${flow('f', 'start', 't1')}`, '', 'id="p" isExecutable="true"');
    const error = await parseBpmn(xml, 'orders.bpmn').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeploymentRejected);
    const rejected = error as DeploymentRejected;
    expect(rejected.resourceName).toBe('orders.bpmn');
    expect(rejected.problems.map((p) => p.elementId)).toEqual(['t1', 'cg']);
    expect(rejected.message).toContain("'orders.bpmn': - Element: t1\n    - ERROR: Must have exactly one 'zeebe:taskDefinition' extension element");
  });
});

describe('parseBpmn: moddle warnings are deployment errors', () => {
  it('rejects malformed XML', async () => {
    const [problem, ...rest] = await problemsOf(await fixture('malformed.bpmn'));
    expect(rest).toEqual([]);
    expect(problem?.message).toMatch(/^Failed to parse BPMN XML: unparsable content <\/bpmn:process> detected; line: 4/);
  });

  it('rejects documents that are not BPMN definitions', async () => {
    expect(await problemsOf('')).toHaveLength(1);
    expect(await problemsOf('<nothing/>')).toEqual([{ message: expect.stringContaining('Failed to parse BPMN XML') }]);
  });

  it('rejects duplicate ids', async () => {
    const problems = await problemsOf(bpmn(`${START}<bpmn:endEvent id="start" />`));
    expect(problems).toContainEqual({ message: expect.stringMatching(/unparsable content <bpmn:endEvent> detected.*nested error: duplicate ID <start>/) });
  });

  it('rejects unresolved references', async () => {
    const problems = await problemsOf(bpmn(`${START}${flow('f', 'start', 'nowhere')}`));
    // The flow is not also reported as lacking a targetRef.
    expect(problems).toEqual([{ elementId: 'f', message: 'unresolved reference <nowhere>' }]);
  });

  it('rejects unknown elements and attributes in the BPMN and Zeebe namespaces', async () => {
    expect(await problemsOf(bpmn(`${START}<bpmn:startEventt id="x" />`))).toContainEqual({
      message: expect.stringMatching(/unparsable content <bpmn:startEventt> detected.*unknown type <bpmn:StartEventt>/),
    });
    expect(await problemsOf(bpmn(`${START}${task('t', '<zeebe:taskDefinitionn type="x" />')}`))).toContainEqual({
      message: expect.stringMatching(/unknown type <zeebe:TaskDefinitionn>/),
    });
    expect(await problemsOf(bpmn(`${START}<bpmn:serviceTask id="t" zeebe:bogus="1"><bpmn:extensionElements><zeebe:taskDefinition type="x" /></bpmn:extensionElements></bpmn:serviceTask>`))).toContainEqual({
      elementId: 't',
      message: 'unknown attribute <zeebe:bogus>',
    });
  });

  it('does not resolve external entities', async () => {
    const xml = `<?xml version="1.0"?><!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>${bpmn(START).replace('<?xml version="1.0" encoding="UTF-8"?>', '')}`;
    expect((await problemsOf(xml)).length).toBeGreaterThan(0);
  });
});
