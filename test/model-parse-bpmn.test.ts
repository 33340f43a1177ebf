import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TYPE_DISPLAY_NAMES, type EngineFeature } from '../engine/model/element-types.ts';
import { feelSyntaxError, toExpression } from '../engine/model/expressions.ts';
import { parseBpmn, type ParseOptions } from '../engine/model/parse-bpmn.ts';
import { DeploymentRejected, type BpmnElementType, type ExecutableProcess, type FlowNode, type ModelProblem } from '../engine/model/types.ts';

/** Every element type, so that extraction can be inspected whatever the engine runs today. */
const ALL_TYPES: ReadonlySet<BpmnElementType> = new Set(Object.keys(TYPE_DISPLAY_NAMES) as BpmnElementType[]);
const ALL_FEATURES: ReadonlySet<EngineFeature> = new Set(['executionListeners', 'taskListeners', 'calledDecisions']);
const ALL: ParseOptions = { executableTypes: ALL_TYPES, features: ALL_FEATURES };

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

  it('parses embedded sub-processes, manual and undefined tasks', async () => {
    const process = await single(await fixture('sub-process.bpmn'));
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
      'conditional catch event (Zeebe 8.8 has no conditional events)',
      bpmn(`${START}<bpmn:intermediateCatchEvent id="c"><bpmn:conditionalEventDefinition><bpmn:condition xsi:type="bpmn:tFormalExpression">=x</bpmn:condition></bpmn:conditionalEventDefinition></bpmn:intermediateCatchEvent>`),
      { elementId: 'c', message: 'Event definition must be one of: message, timer, signal, or link' },
    ],
    [
      'conditional boundary event',
      bpmn(`${START}${task('t')}<bpmn:boundaryEvent id="b" attachedToRef="t"><bpmn:conditionalEventDefinition><bpmn:condition xsi:type="bpmn:tFormalExpression">=x</bpmn:condition></bpmn:conditionalEventDefinition></bpmn:boundaryEvent>`),
      { elementId: 'b', message: 'Event definition of this type is not supported' },
    ],
    [
      'standard loop',
      bpmn(`${START}<bpmn:serviceTask id="t"><bpmn:extensionElements><zeebe:taskDefinition type="x" /></bpmn:extensionElements><bpmn:standardLoopCharacteristics /></bpmn:serviceTask>`),
      { elementId: 't', message: 'Standard loop characteristics are not supported; use a multi-instance activity or a loop with a gateway' },
    ],
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
    expect(await problemsOf(xml, ALL)).toContainEqual(expected);
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

// ---------------------------------------------------------------------------
// Everything else Zeebe 8.8 executes
// ---------------------------------------------------------------------------

const END = '<bpmn:endEvent id="end" />';
const signalRoot = (id: string, name: string) => `<bpmn:signal id="${id}" name="${name}" />`;
const escalationRoot = (id: string, code?: string) =>
  code === undefined ? `<bpmn:escalation id="${id}" />` : `<bpmn:escalation id="${id}" escalationCode="${code}" />`;
const timer = (kind: 'timeDuration' | 'timeDate' | 'timeCycle', value: string) =>
  `<bpmn:timerEventDefinition><bpmn:${kind}>${value}</bpmn:${kind}></bpmn:timerEventDefinition>`;
const multiInstance = (zeebeAttributes: string, extra = '', attributes = '') =>
  `<bpmn:multiInstanceLoopCharacteristics ${attributes}><bpmn:extensionElements><zeebe:loopCharacteristics ${zeebeAttributes} /></bpmn:extensionElements>${extra}</bpmn:multiInstanceLoopCharacteristics>`;
const taskWith = (id: string, body: string) => `<bpmn:serviceTask id="${id}"><bpmn:extensionElements><zeebe:taskDefinition type="work" /></bpmn:extensionElements>${body}</bpmn:serviceTask>`;
const subProcess = (id: string, body: string, attributes = '') => `<bpmn:subProcess id="${id}" ${attributes}>${body}</bpmn:subProcess>`;
const eventSubProcess = (id: string, start: string) =>
  subProcess(id, `${start}<bpmn:endEvent id="${id}End" />`, 'triggeredByEvent="true"');

describe('parseBpmn: multi-instance, call activities, scripts, decisions and job workers', () => {
  it('extracts parallel and sequential multi-instance loops', async () => {
    const process = await single(
      bpmn(
        `${START}${taskWith(
          'each',
          multiInstance(
            'inputCollection="= items" inputElement="item" outputCollection="results" outputElement="={id: item.id, ok: true}"',
            '<bpmn:completionCondition xsi:type="bpmn:tFormalExpression">=numberOfCompletedInstances &gt;= 2</bpmn:completionCondition>',
          ),
        )}${taskWith('oneByOne', multiInstance('inputCollection="=[1, 2, 3]"', '', 'isSequential="true"'))}` +
          taskWith('staticCondition', multiInstance('inputCollection="=xs"', '<bpmn:completionCondition>true</bpmn:completionCondition>')),
      ),
      ALL,
    );
    expect(node(process, 'each').loop).toEqual({
      sequential: false,
      inputCollection: 'items',
      inputElement: 'item',
      outputCollection: 'results',
      outputElement: '{id: item.id, ok: true}',
      completionCondition: 'numberOfCompletedInstances >= 2',
    });
    expect(node(process, 'oneByOne').loop).toEqual({ sequential: true, inputCollection: '[1, 2, 3]' });
    expect(node(process, 'staticCondition').loop?.completionCondition).toBe('true');
  });

  it('rejects multi-instance activities unless MULTI_INSTANCE_BODY is executable', async () => {
    const xml = bpmn(`${START}${taskWith('each', multiInstance('inputCollection="=items"'))}`);
    const withoutBody = new Set([...ALL_TYPES].filter((type) => type !== 'MULTI_INSTANCE_BODY'));
    expect(await problemsOf(xml, { executableTypes: withoutBody })).toEqual([{ elementId: 'each', message: 'Multi-instance activities are not supported yet' }]);
  });

  it('extracts call activities with their variable propagation and binding', async () => {
    const call = (id: string, attributes: string) =>
      `<bpmn:callActivity id="${id}"><bpmn:extensionElements><zeebe:calledElement ${attributes} /></bpmn:extensionElements></bpmn:callActivity>`;
    const process = await single(
      bpmn(
        `${START}${call('plain', 'processId="child"')}${call('dynamic', 'processId="=childId" propagateAllChildVariables="false" propagateAllParentVariables="false" bindingType="versionTag" versionTag="v1"')}`,
      ),
      ALL,
    );
    expect(node(process, 'plain')).toMatchObject({
      type: 'CALL_ACTIVITY',
      calledElement: { processId: { kind: 'static', value: 'child' }, propagateAllChildVariables: true, propagateAllParentVariables: true },
    });
    expect(node(process, 'plain').calledElement?.bindingType).toBeUndefined();
    expect(node(process, 'dynamic').calledElement).toEqual({
      processId: { kind: 'feel', source: 'childId' },
      propagateAllChildVariables: false,
      propagateAllParentVariables: false,
      bindingType: 'versionTag',
      versionTag: 'v1',
    });
  });

  it('extracts script tasks, business rule tasks and send tasks, as FEEL, DMN or job workers', async () => {
    const ext = (body: string) => `<bpmn:extensionElements>${body}</bpmn:extensionElements>`;
    const process = await single(
      bpmn(
        START +
          `<bpmn:scriptTask id="feel">${ext('<zeebe:script expression="=a + b" resultVariable="sum" />')}</bpmn:scriptTask>` +
          `<bpmn:scriptTask id="scriptJob">${ext('<zeebe:taskDefinition type="groovy" retries="2" /><zeebe:taskHeaders><zeebe:header key="lang" value="groovy" /></zeebe:taskHeaders>')}</bpmn:scriptTask>` +
          `<bpmn:businessRuleTask id="decide">${ext('<zeebe:calledDecision decisionId="=decision" resultVariable="outcome" />')}</bpmn:businessRuleTask>` +
          `<bpmn:businessRuleTask id="ruleJob">${ext('<zeebe:taskDefinition type="rules" />')}</bpmn:businessRuleTask>` +
          `<bpmn:sendTask id="send">${ext('<zeebe:taskDefinition type="mail" />')}</bpmn:sendTask>`,
      ),
      ALL,
    );
    expect(node(process, 'feel')).toMatchObject({ type: 'SCRIPT_TASK', script: { expression: 'a + b', resultVariable: 'sum' } });
    expect(node(process, 'feel').job).toBeUndefined();
    expect(node(process, 'scriptJob').job).toEqual({
      type: { kind: 'static', value: 'groovy' },
      retries: { kind: 'static', value: '2' },
      headers: { lang: 'groovy' },
    });
    expect(node(process, 'decide')).toMatchObject({
      type: 'BUSINESS_RULE_TASK',
      calledDecision: { decisionId: { kind: 'feel', source: 'decision' }, resultVariable: 'outcome' },
    });
    expect(node(process, 'ruleJob').job?.type).toEqual({ kind: 'static', value: 'rules' });
    expect(node(process, 'send')).toMatchObject({ type: 'SEND_TASK', job: { type: { kind: 'static', value: 'mail' } } });
  });

  it('runs message intermediate throw and message end events as jobs', async () => {
    const process = await single(
      bpmn(
        `${START}<bpmn:intermediateThrowEvent id="notify"><bpmn:extensionElements><zeebe:taskDefinition type="notify" /></bpmn:extensionElements><bpmn:messageEventDefinition messageRef="m" /></bpmn:intermediateThrowEvent>` +
          '<bpmn:endEvent id="reply"><bpmn:extensionElements><zeebe:taskDefinition type="reply" /></bpmn:extensionElements><bpmn:messageEventDefinition /></bpmn:endEvent>' +
          '<bpmn:intermediateThrowEvent id="nothing" />',
        '<bpmn:message id="m" name="order-shipped" />',
      ),
      ALL,
    );
    expect(node(process, 'notify')).toMatchObject({
      type: 'INTERMEDIATE_THROW_EVENT',
      event: { type: 'message', messageName: { kind: 'static', value: 'order-shipped' } },
      job: { type: { kind: 'static', value: 'notify' } },
    });
    expect(node(process, 'reply')).toMatchObject({ event: { type: 'message' }, job: { type: { kind: 'static', value: 'reply' } } });
    expect(node(process, 'nothing').event).toEqual({ type: 'none' });
  });
});

describe('parseBpmn: start events, signals, escalations and links', () => {
  it('lists every start event of a process: none, timer, message and signal', async () => {
    const process = await single(
      bpmn(
        START +
          `<bpmn:startEvent id="daily">${timer('timeCycle', 'R/2030-01-01T08:00:00Z/P1D')}</bpmn:startEvent>` +
          `<bpmn:startEvent id="once">${timer('timeDate', '2030-01-01T08:00:00Z')}</bpmn:startEvent>` +
          '<bpmn:startEvent id="byMessage"><bpmn:messageEventDefinition messageRef="m" /></bpmn:startEvent>' +
          '<bpmn:startEvent id="bySignal"><bpmn:signalEventDefinition signalRef="s" /></bpmn:startEvent>',
        // A start event's message needs no subscription, and has no correlation key.
        `<bpmn:message id="m" name="=&quot;order-&quot; + &quot;placed&quot;" />${signalRoot('s', 'go')}`,
      ),
      ALL,
    );
    expect(process.noneStartEventId).toBe('start');
    expect(node(process, 'p').startEvents).toEqual(['start', 'daily', 'once', 'byMessage', 'bySignal']);
    expect(node(process, 'daily').event).toEqual({ type: 'timer', timer: { kind: 'cycle', expression: { kind: 'static', value: 'R/2030-01-01T08:00:00Z/P1D' } } });
    expect(node(process, 'once').event).toMatchObject({ type: 'timer', timer: { kind: 'date' } });
    expect(node(process, 'byMessage').event).toEqual({ type: 'message', messageName: { kind: 'feel', source: '"order-" + "placed"' } });
    expect(node(process, 'bySignal').event).toEqual({ type: 'signal', signalName: { kind: 'static', value: 'go' } });
  });

  it('deploys a process whose only start event is a message start event (no none start event)', async () => {
    const process = await single(
      bpmn('<bpmn:startEvent id="byMessage"><bpmn:messageEventDefinition messageRef="m" /></bpmn:startEvent>', '<bpmn:message id="m" name="hello" />'),
      ALL,
    );
    expect(process.noneStartEventId).toBeUndefined();
    expect(node(process, 'p').startEvents).toEqual(['byMessage']);
  });

  it('extracts signal catch, throw, boundary and end events', async () => {
    const process = await single(
      bpmn(
        START +
          '<bpmn:intermediateCatchEvent id="wait"><bpmn:signalEventDefinition signalRef="s" /></bpmn:intermediateCatchEvent>' +
          '<bpmn:intermediateThrowEvent id="broadcast"><bpmn:signalEventDefinition signalRef="dyn" /></bpmn:intermediateThrowEvent>' +
          `${task('t')}<bpmn:boundaryEvent id="stop" attachedToRef="t" cancelActivity="false"><bpmn:outgoing>fs</bpmn:outgoing><bpmn:signalEventDefinition signalRef="s" /></bpmn:boundaryEvent>` +
          '<bpmn:endEvent id="stopped" /><bpmn:sequenceFlow id="fs" sourceRef="stop" targetRef="stopped" />' +
          '<bpmn:endEvent id="done"><bpmn:signalEventDefinition signalRef="s" /></bpmn:endEvent>',
        signalRoot('s', 'go') + signalRoot('dyn', '=&quot;go-&quot; + region'),
      ),
      ALL,
    );
    const go = { type: 'signal', signalName: { kind: 'static', value: 'go' } };
    expect(node(process, 'wait').event).toEqual(go);
    expect(node(process, 'broadcast').event).toEqual({ type: 'signal', signalName: { kind: 'feel', source: '"go-" + region' } });
    expect(node(process, 'stop')).toMatchObject({ cancelActivity: false, event: go });
    expect(node(process, 'done').event).toEqual(go);
  });

  it('extracts escalation throw, end and boundary events, with catch-alls', async () => {
    const process = await single(
      bpmn(
        START +
          '<bpmn:intermediateThrowEvent id="raise"><bpmn:escalationEventDefinition escalationRef="late" /></bpmn:intermediateThrowEvent>' +
          '<bpmn:endEvent id="raiseDynamic"><bpmn:escalationEventDefinition escalationRef="dyn" /></bpmn:endEvent>' +
          subProcess('work', '<bpmn:startEvent id="ws" />') +
          '<bpmn:boundaryEvent id="onLate" attachedToRef="work" cancelActivity="false"><bpmn:outgoing>fl</bpmn:outgoing><bpmn:escalationEventDefinition escalationRef="late" /></bpmn:boundaryEvent>' +
          '<bpmn:boundaryEvent id="onAny" attachedToRef="work"><bpmn:outgoing>fa</bpmn:outgoing><bpmn:escalationEventDefinition /></bpmn:boundaryEvent>' +
          '<bpmn:endEvent id="lateEnd" /><bpmn:sequenceFlow id="fl" sourceRef="onLate" targetRef="lateEnd" />' +
          '<bpmn:endEvent id="anyEnd" /><bpmn:sequenceFlow id="fa" sourceRef="onAny" targetRef="anyEnd" />',
        escalationRoot('late', 'LATE') + escalationRoot('dyn', '=code'),
      ),
      ALL,
    );
    expect(node(process, 'raise').event).toEqual({ type: 'escalation', escalationCode: { kind: 'static', value: 'LATE' } });
    expect(node(process, 'raiseDynamic').event).toEqual({ type: 'escalation', escalationCode: { kind: 'feel', source: 'code' } });
    expect(node(process, 'onLate')).toMatchObject({ cancelActivity: false, event: { type: 'escalation', escalationCode: { kind: 'static', value: 'LATE' } } });
    expect(node(process, 'onAny')).toMatchObject({ cancelActivity: true, event: { type: 'escalation' } });
    expect(node(process, 'work').boundaryEvents).toEqual(['onLate', 'onAny']);
  });

  it('pairs link throw events with the link catch event of the same scope', async () => {
    const process = await single(
      bpmn(
        `${START}${flow('f0', 'start', 'jump')}<bpmn:intermediateThrowEvent id="jump"><bpmn:linkEventDefinition name="A" /></bpmn:intermediateThrowEvent>` +
          `<bpmn:intermediateCatchEvent id="land"><bpmn:linkEventDefinition name="A" /></bpmn:intermediateCatchEvent>${flow('f1', 'land', 'end')}${END}` +
          subProcess(
            'inner',
            '<bpmn:startEvent id="is" /><bpmn:intermediateThrowEvent id="innerJump"><bpmn:linkEventDefinition name="B" /></bpmn:intermediateThrowEvent>' +
              '<bpmn:intermediateCatchEvent id="innerLand"><bpmn:linkEventDefinition name="B" /></bpmn:intermediateCatchEvent>',
          ),
      ),
      ALL,
    );
    expect(node(process, 'jump')).toMatchObject({ type: 'INTERMEDIATE_THROW_EVENT', event: { type: 'link', linkName: 'A' }, linkTarget: 'land' });
    expect(node(process, 'land').event).toEqual({ type: 'link', linkName: 'A' });
    expect(node(process, 'innerJump').linkTarget).toBe('innerLand');
  });
});

describe('parseBpmn: gateways', () => {
  it('extracts inclusive gateways like exclusive ones, and event-based gateways', async () => {
    const process = await single(
      bpmn(
        `${START}${flow('f0', 'start', 'or')}<bpmn:inclusiveGateway id="or" default="rest" />${flow('a', 'or', 'eb', '=x &gt; 1')}${flow('rest', 'or', 'end')}` +
          `<bpmn:eventBasedGateway id="eb"><bpmn:outgoing>toMsg</bpmn:outgoing><bpmn:outgoing>toTimer</bpmn:outgoing><bpmn:outgoing>toSignal</bpmn:outgoing></bpmn:eventBasedGateway>${flow('toMsg', 'eb', 'msg')}${flow('toTimer', 'eb', 'timeout')}${flow('toSignal', 'eb', 'sig')}` +
          '<bpmn:intermediateCatchEvent id="msg"><bpmn:messageEventDefinition messageRef="m" /></bpmn:intermediateCatchEvent>' +
          `<bpmn:intermediateCatchEvent id="timeout">${timer('timeDuration', 'PT1H')}</bpmn:intermediateCatchEvent>` +
          `<bpmn:intermediateCatchEvent id="sig"><bpmn:signalEventDefinition signalRef="s" /></bpmn:intermediateCatchEvent>${END}`,
        message('m', 'paid') + signalRoot('s', 'stop'),
      ),
      ALL,
    );
    expect(node(process, 'or')).toMatchObject({ type: 'INCLUSIVE_GATEWAY', defaultFlow: 'rest', outgoing: ['a', 'rest'] });
    expect(process.flows.get('a')?.condition).toBe('x > 1');
    expect(node(process, 'eb')).toMatchObject({ type: 'EVENT_BASED_GATEWAY', outgoing: ['toMsg', 'toTimer', 'toSignal'] });
  });
});

describe('parseBpmn: event sub-processes and compensation', () => {
  it('extracts event sub-processes of the process and of sub-processes, with their triggers', async () => {
    const process = await single(await fixture('event-sub-processes.bpmn'), ALL);
    expect(node(process, 'orders')).toMatchObject({ eventSubProcesses: ['reminders', 'cancellation', 'failures', 'alarms'], startEvents: ['start'] });
    expect(process.children).toEqual(['start', 'handle', 'end', 'reminders', 'cancellation', 'failures', 'alarms']);
    expect(node(process, 'handle')).toMatchObject({ eventSubProcesses: ['onEscalation'], startEventId: 'handleStart', children: ['handleStart', 'handleEnd', 'onEscalation'] });
    expect(node(process, 'reminders')).toMatchObject({
      type: 'EVENT_SUB_PROCESS',
      scopeId: 'orders',
      children: ['remind', 'remindEnd'],
      startEventId: 'remind',
      interrupting: false,
    });
    expect(node(process, 'remind')).toMatchObject({
      scopeId: 'reminders',
      interrupting: false,
      event: { type: 'timer', timer: { kind: 'cycle', expression: { kind: 'static', value: 'R/PT1H' } } },
    });
    expect(node(process, 'cancelled')).toMatchObject({
      interrupting: true,
      event: { type: 'message', messageName: { kind: 'static', value: 'order-cancelled' }, correlationKey: { kind: 'feel', source: 'orderId' } },
    });
    expect(node(process, 'cancellation').interrupting).toBe(true);
    expect(node(process, 'anyError')).toMatchObject({ interrupting: true, event: { type: 'error' } });
    expect(node(process, 'alarm')).toMatchObject({ interrupting: false, event: { type: 'signal', signalName: { kind: 'static', value: 'fire-alarm' } } });
    expect(node(process, 'escalationStart')).toMatchObject({
      scopeId: 'onEscalation',
      interrupting: false,
      event: { type: 'escalation', escalationCode: { kind: 'static', value: 'LATE' } },
    });
  });

  it('rejects event sub-processes until the engine runs them', async () => {
    const withoutEsp = new Set([...ALL_TYPES].filter((type) => type !== 'EVENT_SUB_PROCESS'));
    const problems = await problemsOf(await fixture('event-sub-processes.bpmn'), { executableTypes: withoutEsp });
    expect(problems.map((problem) => problem.elementId)).toEqual(['onEscalation', 'reminders', 'cancellation', 'failures', 'alarms']);
    expect(problems[0]?.message).toBe('Event sub-processes are not supported yet');
  });

  it('links a compensation boundary event to its handler and extracts compensation throw events', async () => {
    const process = await single(await fixture('compensation.bpmn'), ALL);
    expect(node(process, 'bookHotel')).toMatchObject({ boundaryEvents: ['undoHotel'], compensationHandler: 'cancelHotel' });
    expect(node(process, 'undoHotel')).toMatchObject({ type: 'BOUNDARY_EVENT', outgoing: [], event: { type: 'compensation', waitForCompletion: true } });
    expect(node(process, 'cancelHotel')).toMatchObject({ isForCompensation: true, incoming: [], outgoing: [], job: { type: { kind: 'static', value: 'cancel-hotel' } } });
    expect(node(process, 'compensateHotel').event).toEqual({ type: 'compensation', activityRef: 'bookHotel', waitForCompletion: true });
    expect(node(process, 'compensateAll').event).toEqual({ type: 'compensation', waitForCompletion: true });
  });
});

describe('parseBpmn: listeners', () => {
  it('extracts execution listeners of the process and of flow nodes, and task listeners of Zeebe user tasks', async () => {
    const listeners = (body: string) => `<zeebe:executionListeners>${body}</zeebe:executionListeners>`;
    const process = await single(
      bpmn(
        `<bpmn:extensionElements>${listeners('<zeebe:executionListener eventType="start" type="process-audit" />')}</bpmn:extensionElements>` +
          START +
          task('t', listeners('<zeebe:executionListener eventType="start" type="audit" retries="5" /><zeebe:executionListener eventType="end" type="=endType" />')) +
          '<bpmn:userTask id="u"><bpmn:extensionElements><zeebe:userTask /><zeebe:taskListeners>' +
          '<zeebe:taskListener eventType="creating" type="on-create" /><zeebe:taskListener eventType="complete" type="on-complete" retries="=r" />' +
          '<zeebe:taskListener eventType="canceling" type="on-cancel" />' +
          '</zeebe:taskListeners></bpmn:extensionElements></bpmn:userTask>',
      ),
      ALL,
    );
    expect(node(process, 'p').executionListeners).toEqual([
      { eventType: 'start', type: { kind: 'static', value: 'process-audit' }, retries: { kind: 'static', value: '3' } },
    ]);
    expect(node(process, 't').executionListeners).toEqual([
      { eventType: 'start', type: { kind: 'static', value: 'audit' }, retries: { kind: 'static', value: '5' } },
      { eventType: 'end', type: { kind: 'feel', source: 'endType' }, retries: { kind: 'static', value: '3' } },
    ]);
    expect(node(process, 'u').taskListeners).toEqual([
      { eventType: 'creating', type: { kind: 'static', value: 'on-create' }, retries: { kind: 'static', value: '3' } },
      // The deprecated name is read as the current one.
      { eventType: 'completing', type: { kind: 'static', value: 'on-complete' }, retries: { kind: 'feel', source: 'r' } },
      // Zeebe 8.8 listens to the canceling event too.
      { eventType: 'canceling', type: { kind: 'static', value: 'on-cancel' }, retries: { kind: 'static', value: '3' } },
    ]);
  });
});

describe('parseBpmn: element types the engine does not run yet', () => {
  it('rejects each node whose type is not executable, naming the type', async () => {
    const xml = bpmn(
      `${START}<bpmn:callActivity id="ca"><bpmn:extensionElements><zeebe:calledElement processId="x" /></bpmn:extensionElements></bpmn:callActivity>` +
        '<bpmn:intermediateThrowEvent id="it" />',
    );
    const problems = await problemsOf(xml, { executableTypes: new Set(['PROCESS', 'START_EVENT']) });
    expect(problems).toEqual([
      { elementId: 'ca', message: "Elements of type 'CallActivity' are not supported yet" },
      { elementId: 'it', message: "Elements of type 'IntermediateThrowEvent' are not supported yet" },
    ]);
  });

  it('rejects listeners and called decisions unless the engine lists them as features', async () => {
    const xml = bpmn(
      START +
        task('t', '<zeebe:executionListeners><zeebe:executionListener eventType="end" type="audit" /></zeebe:executionListeners>') +
        '<bpmn:userTask id="u"><bpmn:extensionElements><zeebe:userTask /><zeebe:taskListeners><zeebe:taskListener eventType="creating" type="x" /></zeebe:taskListeners></bpmn:extensionElements></bpmn:userTask>' +
        '<bpmn:businessRuleTask id="b"><bpmn:extensionElements><zeebe:calledDecision decisionId="d" resultVariable="r" /></bpmn:extensionElements></bpmn:businessRuleTask>',
    );
    expect(await problemsOf(xml, { executableTypes: ALL_TYPES, features: new Set() })).toEqual([
      { elementId: 't', message: 'Execution listeners are not supported yet' },
      { elementId: 'u', message: 'Task listeners are not supported yet' },
      { elementId: 'b', message: 'Business rule tasks with a called decision (DMN) are not supported yet' },
    ]);
    await expect(parseBpmn(xml, 'test.bpmn', ALL)).resolves.toHaveLength(1);
  });

  it('deploys what the engine runs today with the default options', async () => {
    for (const name of ['event-sub-processes.bpmn', 'compensation.bpmn', 'sub-process.bpmn', 'gateways.bpmn', 'events.bpmn']) {
      await expect(parseBpmn(await fixture(name), name)).resolves.toHaveLength(1);
    }
  });
});

describe('parseBpmn: Zeebe rejections of the constructs above', () => {
  const ext = (body: string) => `<bpmn:extensionElements>${body}</bpmn:extensionElements>`;
  const cases: Array<[name: string, xml: string, expected: ModelProblem]> = [
    // multi-instance
    [
      'multi-instance without zeebe:loopCharacteristics',
      bpmn(`${START}${taskWith('t', '<bpmn:multiInstanceLoopCharacteristics />')}`),
      { elementId: 't', message: "Must have exactly one 'zeebe:loopCharacteristics' extension element" },
    ],
    ['multi-instance without input collection', bpmn(`${START}${taskWith('t', multiInstance('inputElement="x"'))}`), { elementId: 't', message: "Attribute 'inputCollection' must be present and not empty" }],
    [
      'multi-instance with a static input collection',
      bpmn(`${START}${taskWith('t', multiInstance('inputCollection="items"'))}`),
      { elementId: 't', message: "Expected expression but found static value 'items'. An expression must start with '=' (e.g. '=items')." },
    ],
    [
      'multi-instance output collection without output element',
      bpmn(`${START}${taskWith('t', multiInstance('inputCollection="=items" outputCollection="out"'))}`),
      { elementId: 't', message: "Attribute 'outputElement' must be present if the attribute 'outputCollection' is set" },
    ],
    [
      'multi-instance output element without output collection',
      bpmn(`${START}${taskWith('t', multiInstance('inputCollection="=items" outputElement="=x"'))}`),
      { elementId: 't', message: "Attribute 'outputCollection' must be present if the attribute 'outputElement' is set" },
    ],
    // call activities, scripts, decisions, send tasks, message throws
    ['call activity without called element', bpmn(`${START}<bpmn:callActivity id="ca" />`), { elementId: 'ca', message: "Must have exactly one 'zeebe:calledElement' extension element" }],
    [
      'call activity without process id',
      bpmn(`${START}<bpmn:callActivity id="ca">${ext('<zeebe:calledElement processId="" />')}</bpmn:callActivity>`),
      { elementId: 'ca', message: "Attribute 'processId' must be present and not empty" },
    ],
    [
      'call activity with an unknown binding type',
      bpmn(`${START}<bpmn:callActivity id="ca">${ext('<zeebe:calledElement processId="x" bindingType="newest" />')}</bpmn:callActivity>`),
      { elementId: 'ca', message: "Attribute 'bindingType' must be one of: deployment, latest, versionTag" },
    ],
    [
      'script task with neither script nor task definition',
      bpmn(`${START}<bpmn:scriptTask id="s" />`),
      { elementId: 's', message: "Must have either one 'zeebe:script' or one 'zeebe:taskDefinition' extension element" },
    ],
    [
      'script task with both script and task definition',
      bpmn(`${START}<bpmn:scriptTask id="s">${ext('<zeebe:script expression="=1" resultVariable="r" /><zeebe:taskDefinition type="x" />')}</bpmn:scriptTask>`),
      { elementId: 's', message: "Must have either one 'zeebe:script' or one 'zeebe:taskDefinition' extension element" },
    ],
    [
      'script without result variable',
      bpmn(`${START}<bpmn:scriptTask id="s">${ext('<zeebe:script expression="=1" />')}</bpmn:scriptTask>`),
      { elementId: 's', message: "Attribute 'resultVariable' must be present and not empty" },
    ],
    [
      'static script expression',
      bpmn(`${START}<bpmn:scriptTask id="s">${ext('<zeebe:script expression="1 + 1" resultVariable="r" />')}</bpmn:scriptTask>`),
      { elementId: 's', message: "Expected expression but found static value '1 + 1'. An expression must start with '=' (e.g. '=1 + 1')." },
    ],
    [
      'business rule task with neither decision nor task definition',
      bpmn(`${START}<bpmn:businessRuleTask id="b" />`),
      { elementId: 'b', message: "Must have either one 'zeebe:calledDecision' or one 'zeebe:taskDefinition' extension element" },
    ],
    [
      'called decision without result variable',
      bpmn(`${START}<bpmn:businessRuleTask id="b">${ext('<zeebe:calledDecision decisionId="d" />')}</bpmn:businessRuleTask>`),
      { elementId: 'b', message: "Attribute 'resultVariable' must be present and not empty" },
    ],
    ['send task without task definition', bpmn(`${START}<bpmn:sendTask id="s" />`), { elementId: 's', message: "Must have exactly one 'zeebe:taskDefinition' extension element" }],
    [
      'message throw event without task definition',
      bpmn(`${START}<bpmn:intermediateThrowEvent id="m"><bpmn:messageEventDefinition /></bpmn:intermediateThrowEvent>`),
      { elementId: 'm', message: "Must have exactly one 'zeebe:taskDefinition' extension element" },
    ],
    // start events
    [
      'error start event of a process',
      bpmn(`${START}<bpmn:startEvent id="s2"><bpmn:errorEventDefinition /></bpmn:startEvent>`),
      { elementId: 's2', message: 'Start events of a process must be one of: none, timer, message or signal' },
    ],
    [
      'message referenced by two start events',
      bpmn('<bpmn:startEvent id="a"><bpmn:messageEventDefinition messageRef="m" /></bpmn:startEvent><bpmn:startEvent id="b"><bpmn:messageEventDefinition messageRef="m" /></bpmn:startEvent>', '<bpmn:message id="m" name="go" />'),
      { elementId: 'm', message: 'A message cannot be referred by more than one start event' },
    ],
    [
      'two message start events with the same message name',
      bpmn('<bpmn:startEvent id="a"><bpmn:messageEventDefinition messageRef="m1" /></bpmn:startEvent><bpmn:startEvent id="b"><bpmn:messageEventDefinition messageRef="m2" /></bpmn:startEvent>', '<bpmn:message id="m1" name="go" /><bpmn:message id="m2" name="go" />'),
      { elementId: 'p', message: "Multiple message event definitions with the same name 'go' are not allowed." },
    ],
    [
      'message start event whose name needs variables',
      bpmn('<bpmn:startEvent id="a"><bpmn:messageEventDefinition messageRef="m" /></bpmn:startEvent>', '<bpmn:message id="m" name="=topic" />'),
      { elementId: 'm', message: "Expected constant expression of type String for message name '=topic', but was NULL" },
    ],
    [
      'two signal start events with the same signal name',
      bpmn('<bpmn:startEvent id="a"><bpmn:signalEventDefinition signalRef="s1" /></bpmn:startEvent><bpmn:startEvent id="b"><bpmn:signalEventDefinition signalRef="s2" /></bpmn:startEvent>', signalRoot('s1', 'go') + signalRoot('s2', 'go')),
      { elementId: 'p', message: "Multiple signal event definitions with the same name 'go' are not allowed." },
    ],
    // signals
    ['signal event without a signal', bpmn(`${START}<bpmn:intermediateCatchEvent id="c"><bpmn:signalEventDefinition /></bpmn:intermediateCatchEvent>`), { elementId: 'c', message: 'Must reference a signal' }],
    [
      'signal without a name',
      bpmn(`${START}<bpmn:endEvent id="e"><bpmn:signalEventDefinition signalRef="s" /></bpmn:endEvent>`, '<bpmn:signal id="s" />'),
      { elementId: 's', message: 'Name must be present and not empty' },
    ],
    [
      'two signal boundary events with the same name',
      bpmn(
        `${START}${task('t')}<bpmn:boundaryEvent id="b1" attachedToRef="t"><bpmn:signalEventDefinition signalRef="s" /></bpmn:boundaryEvent><bpmn:boundaryEvent id="b2" attachedToRef="t" cancelActivity="false"><bpmn:signalEventDefinition signalRef="s" /></bpmn:boundaryEvent>`,
        signalRoot('s', 'go'),
      ),
      { elementId: 't', message: "Multiple signal event definitions with the same name 'go' are not allowed." },
    ],
    // escalations
    ['escalation throw without an escalation', bpmn(`${START}<bpmn:endEvent id="e"><bpmn:escalationEventDefinition /></bpmn:endEvent>`), { elementId: 'e', message: 'Must reference an escalation' }],
    [
      'thrown escalation without a code',
      bpmn(`${START}<bpmn:intermediateThrowEvent id="e"><bpmn:escalationEventDefinition escalationRef="esc" /></bpmn:intermediateThrowEvent>`, escalationRoot('esc')),
      { elementId: 'esc', message: 'EscalationCode must be present and not empty' },
    ],
    [
      'escalation catch event with an expression code',
      bpmn(`${START}${subProcess('sp', '<bpmn:startEvent id="ss" />')}<bpmn:boundaryEvent id="b" attachedToRef="sp"><bpmn:escalationEventDefinition escalationRef="esc" /></bpmn:boundaryEvent>`, escalationRoot('esc', '=code')),
      { elementId: 'b', message: 'The escalationCode of the escalation catch event is not allowed to be an expression' },
    ],
    [
      'escalation boundary event on a task',
      bpmn(`${START}${task('t')}<bpmn:boundaryEvent id="b" attachedToRef="t"><bpmn:escalationEventDefinition /></bpmn:boundaryEvent>`),
      { elementId: 'b', message: 'An escalation boundary event should only be attached to a subprocess, or a call activity.' },
    ],
    [
      'two catch-all escalation boundaries',
      bpmn(
        `${START}${subProcess('sp', '<bpmn:startEvent id="ss" />')}<bpmn:boundaryEvent id="b1" attachedToRef="sp"><bpmn:escalationEventDefinition /></bpmn:boundaryEvent><bpmn:boundaryEvent id="b2" attachedToRef="sp" cancelActivity="false"><bpmn:escalationEventDefinition /></bpmn:boundaryEvent>`,
      ),
      {
        elementId: 'sp',
        message:
          'The same scope can not contain more than one escalation catch event without escalation code. An escalation catch event without escalation code catches all escalations.',
      },
    ],
    // links
    ['link event without a name', bpmn(`${START}<bpmn:intermediateCatchEvent id="c"><bpmn:linkEventDefinition /></bpmn:intermediateCatchEvent>`), { elementId: 'c', message: 'Link name must be present and not empty.' }],
    [
      'link throw without a catch in its scope',
      bpmn(
        `${START}<bpmn:intermediateThrowEvent id="t"><bpmn:linkEventDefinition name="A" /></bpmn:intermediateThrowEvent>${subProcess('sp', '<bpmn:startEvent id="ss" /><bpmn:intermediateCatchEvent id="c"><bpmn:linkEventDefinition name="A" /></bpmn:intermediateCatchEvent>')}`,
      ),
      { elementId: 'p', message: "Can't find an catch link event for the throw link event with the name 'A'." },
    ],
    [
      'two link catch events with the same name',
      bpmn(
        `${START}<bpmn:intermediateCatchEvent id="c1"><bpmn:linkEventDefinition name="A" /></bpmn:intermediateCatchEvent><bpmn:intermediateCatchEvent id="c2"><bpmn:linkEventDefinition name="A" /></bpmn:intermediateCatchEvent>`,
      ),
      { elementId: 'p', message: "Multiple intermediate catch link event definitions with the same name 'A' are not allowed." },
    ],
    // event-based gateways
    [
      'event-based gateway with one outgoing flow',
      bpmn(`${START}<bpmn:eventBasedGateway id="g" />${flow('f', 'g', 'c')}<bpmn:intermediateCatchEvent id="c">${timer('timeDuration', 'PT1M')}</bpmn:intermediateCatchEvent>`),
      { elementId: 'g', message: 'Event-based gateway must have at least 2 outgoing sequence flows.' },
    ],
    [
      'event-based gateway leading to a task',
      bpmn(`${START}<bpmn:eventBasedGateway id="g"><bpmn:outgoing>f1</bpmn:outgoing><bpmn:outgoing>f2</bpmn:outgoing></bpmn:eventBasedGateway>${flow('f1', 'g', 'c')}${flow('f2', 'g', 't')}<bpmn:intermediateCatchEvent id="c">${timer('timeDuration', 'PT1M')}</bpmn:intermediateCatchEvent>${task('t')}`),
      {
        elementId: 'g',
        message: 'Event-based gateway must not have an outgoing sequence flow to other elements than message/timer/signal intermediate catch events.',
      },
    ],
    [
      'event-based gateway target with another incoming flow',
      bpmn(
        `${START}${flow('f0', 'start', 'c1')}<bpmn:eventBasedGateway id="g"><bpmn:outgoing>f1</bpmn:outgoing><bpmn:outgoing>f2</bpmn:outgoing></bpmn:eventBasedGateway>${flow('f1', 'g', 'c1')}${flow('f2', 'g', 'c2')}` +
          `<bpmn:intermediateCatchEvent id="c1">${timer('timeDuration', 'PT1M')}</bpmn:intermediateCatchEvent><bpmn:intermediateCatchEvent id="c2">${timer('timeDuration', 'PT2M')}</bpmn:intermediateCatchEvent>`,
      ),
      {
        elementId: 'g',
        message: 'Target elements of an event gateway must not have any additional incoming sequence flows other than that from the event gateway.',
      },
    ],
    // event sub-processes
    [
      'event sub-process with a none start event',
      bpmn(`${START}${eventSubProcess('esp', '<bpmn:startEvent id="es" />')}`),
      { elementId: 'esp', message: 'Start events in event subprocesses must be one of: message, timer, error, signal or escalation' },
    ],
    [
      'event sub-process without a start event',
      bpmn(`${START}${subProcess('esp', '', 'triggeredByEvent="true"')}`),
      { elementId: 'esp', message: 'Must have exactly one start event' },
    ],
    [
      'compensation event sub-process at the process level',
      bpmn(`${START}${eventSubProcess('esp', '<bpmn:startEvent id="es"><bpmn:compensateEventDefinition /></bpmn:startEvent>')}`),
      { elementId: 'esp', message: 'A compensation event subprocess is not allowed on the process level' },
    ],
    [
      'non-interrupting error event sub-process',
      bpmn(`${START}${eventSubProcess('esp', '<bpmn:startEvent id="es" isInterrupting="false"><bpmn:errorEventDefinition /></bpmn:startEvent>')}`),
      { elementId: 'esp', message: 'Non-Interrupting event of this type is not allowed' },
    ],
    [
      'interrupting timer event sub-process with a cycle',
      bpmn(`${START}${eventSubProcess('esp', `<bpmn:startEvent id="es">${timer('timeCycle', 'R/PT1H')}</bpmn:startEvent>`)}`),
      { elementId: 'esp', message: 'Interrupting timer event with time cycle is not allowed.' },
    ],
    [
      'message event sub-process whose message has no subscription',
      bpmn(`${START}${eventSubProcess('esp', '<bpmn:startEvent id="es"><bpmn:messageEventDefinition messageRef="m" /></bpmn:startEvent>')}`, '<bpmn:message id="m" name="go" />'),
      { elementId: 'm', message: 'Must have exactly one zeebe:subscription extension element' },
    ],
    [
      'two catch-all error event sub-processes',
      bpmn(
        `${START}${eventSubProcess('e1', '<bpmn:startEvent id="s1"><bpmn:errorEventDefinition /></bpmn:startEvent>')}${eventSubProcess('e2', '<bpmn:startEvent id="s2"><bpmn:errorEventDefinition /></bpmn:startEvent>')}`,
      ),
      {
        elementId: 'p',
        message: 'The same scope can not contain more than one error catch event without error code. An error catch event without error code catches all errors.',
      },
    ],
    [
      'two event sub-processes for the same message',
      bpmn(
        `${START}${eventSubProcess('e1', '<bpmn:startEvent id="s1"><bpmn:messageEventDefinition messageRef="m" /></bpmn:startEvent>')}${eventSubProcess('e2', '<bpmn:startEvent id="s2" isInterrupting="false"><bpmn:messageEventDefinition messageRef="m" /></bpmn:startEvent>')}`,
        message('m', 'go'),
      ),
      { elementId: 'p', message: "Multiple message event definitions with the same name 'go' are not allowed." },
    ],
    // compensation
    [
      'compensation boundary event without an association',
      bpmn(`${START}${task('t')}<bpmn:boundaryEvent id="b" attachedToRef="t"><bpmn:compensateEventDefinition /></bpmn:boundaryEvent>`),
      { elementId: 'b', message: 'Compensation boundary events must have a compensation association and no outgoing sequence flows' },
    ],
    [
      'compensation handler with an incoming flow',
      bpmn(`${START}${flow('f', 'start', 'h')}<bpmn:task id="h" isForCompensation="true" />`),
      { elementId: 'h', message: 'A compensation handler should have no incoming sequence flows' },
    ],
    [
      'receive task as a compensation handler',
      bpmn(`${START}<bpmn:receiveTask id="h" isForCompensation="true" messageRef="m" />`, message('m', 'go')),
      { elementId: 'h', message: 'Compensation task must be one of: service task, user task, send task, script task, manual task, or undefined task.' },
    ],
    [
      'compensation throw for an activity without compensation',
      bpmn(`${START}${task('t')}<bpmn:intermediateThrowEvent id="c"><bpmn:compensateEventDefinition activityRef="t" /></bpmn:intermediateThrowEvent>`),
      { elementId: 'c', message: "The referenced compensation activity 't' must have either a compensation boundary event or be a subprocess" },
    ],
    [
      'compensation throw for an activity of another scope',
      bpmn(`${START}${subProcess('sp', '<bpmn:startEvent id="ss" /><bpmn:endEvent id="c"><bpmn:compensateEventDefinition activityRef="inner" /></bpmn:endEvent>')}${subProcess('inner', '<bpmn:startEvent id="is" />')}`),
      { elementId: 'c', message: "The referenced compensation activity 'inner' must be in the same scope as the compensation throw event" },
    ],
    [
      'compensation end event that does not wait',
      bpmn(`${START}<bpmn:endEvent id="e"><bpmn:compensateEventDefinition waitForCompletion="false" /></bpmn:endEvent>`),
      { elementId: 'e', message: 'A compensation end event waitForCompletion attribute must be true or not present' },
    ],
    // listeners
    [
      'start execution listener on a start event',
      bpmn(`<bpmn:startEvent id="s">${ext('<zeebe:executionListeners><zeebe:executionListener eventType="start" type="x" /></zeebe:executionListeners>')}</bpmn:startEvent>`),
      { elementId: 's', message: "Execution listeners of type 'start' are not supported by start events" },
    ],
    [
      'end execution listener on a gateway',
      bpmn(`${START}<bpmn:parallelGateway id="g">${ext('<zeebe:executionListeners><zeebe:executionListener eventType="end" type="x" /></zeebe:executionListeners>')}</bpmn:parallelGateway>`),
      { elementId: 'g', message: "Execution listeners of type 'end' are not supported by gateway element" },
    ],
    [
      'duplicate execution listeners',
      bpmn(`${START}${task('t', '<zeebe:executionListeners><zeebe:executionListener eventType="end" type="x" /><zeebe:executionListener eventType="end" type="x" /></zeebe:executionListeners>')}`),
      { elementId: 't', message: "Found '2' duplicates based on eventType[end] and type[x], these combinations should be unique." },
    ],
    [
      'execution listener without a type',
      bpmn(`${START}${task('t', '<zeebe:executionListeners><zeebe:executionListener eventType="start" /></zeebe:executionListeners>')}`),
      { elementId: 't', message: "Attribute 'type' must be present and not empty" },
    ],
    [
      'task listeners on a job-based user task',
      bpmn(`${START}<bpmn:userTask id="u">${ext('<zeebe:taskListeners><zeebe:taskListener eventType="creating" type="x" /></zeebe:taskListeners>')}</bpmn:userTask>`),
      { elementId: 'u', message: 'Task listeners are only allowed on Camunda user tasks.' },
    ],
    [
      'unknown task listener event type',
      bpmn(`${START}<bpmn:userTask id="u">${ext('<zeebe:userTask /><zeebe:taskListeners><zeebe:taskListener eventType="deleting" type="x" /></zeebe:taskListeners>')}</bpmn:userTask>`),
      { elementId: 'u', message: "Attribute 'eventType' must be present and not empty" },
    ],
  ];

  it.each(cases)('%s', async (_name, xml, expected) => {
    expect(await problemsOf(xml, ALL)).toContainEqual(expected);
  });
});
