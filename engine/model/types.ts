/**
 * The executable model: what the engine needs from a BPMN process, extracted once at
 * deploy time so that no moddle object is touched while instances run.
 */

/** A model attribute: `=expr` is FEEL, anything else a static value (Zeebe's rule). */
export type Expression = { kind: 'static'; value: string } | { kind: 'feel'; source: string };

/** Zeebe's BpmnElementType names, as they appear in records. */
export type BpmnElementType =
  | 'PROCESS'
  | 'START_EVENT'
  | 'END_EVENT'
  | 'SERVICE_TASK'
  | 'USER_TASK'
  | 'RECEIVE_TASK'
  | 'SEND_TASK'
  | 'SCRIPT_TASK'
  | 'BUSINESS_RULE_TASK'
  | 'MANUAL_TASK'
  | 'TASK'
  | 'EXCLUSIVE_GATEWAY'
  | 'PARALLEL_GATEWAY'
  | 'INCLUSIVE_GATEWAY'
  | 'EVENT_BASED_GATEWAY'
  | 'INTERMEDIATE_CATCH_EVENT'
  | 'INTERMEDIATE_THROW_EVENT'
  | 'BOUNDARY_EVENT'
  | 'SUB_PROCESS'
  | 'EVENT_SUB_PROCESS'
  | 'CALL_ACTIVITY'
  | 'MULTI_INSTANCE_BODY'
  | 'SEQUENCE_FLOW';

export interface Mapping {
  /** FEEL source (without `=`); a plain name like `a.b` is also valid FEEL. */
  source: string;
  /** Variable name, optionally a dotted path into a context (`order.total`). */
  target: string;
}

export type EventDefinition =
  | { type: 'none' }
  | { type: 'message'; messageName: Expression; correlationKey?: Expression }
  | { type: 'timer'; timer: TimerDefinition }
  /** errorCode undefined = catch-all (boundary) / no code (end event is rejected at deploy). */
  | { type: 'error'; errorCode?: Expression }
  | { type: 'terminate' };

export interface TimerDefinition {
  kind: 'duration' | 'date' | 'cycle';
  expression: Expression;
}

export interface JobDefinition {
  type: Expression;
  retries: Expression; // default '3'
  headers: Record<string, string>;
}

export interface UserTaskDefinition {
  /** true for `zeebe:userTask` (engine-managed); false = job-based (type io.camunda.zeebe:userTask). */
  zeebeUserTask: boolean;
  assignee?: Expression;
  candidateGroups?: Expression;
  candidateUsers?: Expression;
  dueDate?: Expression;
  followUpDate?: Expression;
  priority?: Expression;
  formKey?: string;
  /** A linked (deployed) form's id (`zeebe:formDefinition formId`); may be FEEL. */
  formId?: Expression;
  /** Zeebe user tasks: a custom form's reference (`zeebe:formDefinition externalReference`). */
  externalReference?: Expression;
  /** Set for job-based user tasks; the job carries it as a header like Zeebe. */
  job?: JobDefinition;
}

export interface FlowNode {
  id: string;
  name?: string;
  type: BpmnElementType;
  /** The id of the flow scope (the process or a sub-process). */
  scopeId: string;
  incoming: string[];
  outgoing: string[];
  inputs: Mapping[];
  outputs: Mapping[];
  /** Boundary events attached to this activity, in document order. */
  boundaryEvents: string[];
  /** Events: what they catch or throw. Tasks: undefined. */
  event?: EventDefinition;
  /** Boundary events only. */
  attachedTo?: string;
  cancelActivity?: boolean;
  /** Gateways with a default flow. */
  defaultFlow?: string;
  job?: JobDefinition;
  userTask?: UserTaskDefinition;
  /** Receive tasks: the message they wait for. */
  message?: { messageName: Expression; correlationKey?: Expression };
  /** Sub-processes: the ids of their direct children and their none start event. */
  children?: string[];
  startEventId?: string;
}

export interface SequenceFlow {
  id: string;
  sourceId: string;
  targetId: string;
  /** FEEL source without `=`, if the flow has a condition. */
  condition?: string;
}

export interface ExecutableProcess {
  bpmnProcessId: string;
  name?: string;
  /** The process's own node (type PROCESS), also a key in `nodes`. */
  nodes: Map<string, FlowNode>;
  flows: Map<string, SequenceFlow>;
  /** Direct children of the process scope. */
  children: string[];
  /** The none start event that CreateProcessInstance starts at. */
  noneStartEventId?: string;
}

/** A problem that rejects a deployment; `elementId` where one element is to blame. */
export interface ModelProblem {
  elementId?: string;
  message: string;
}

export class DeploymentRejected extends Error {
  override name = 'DeploymentRejected';
  constructor(
    readonly resourceName: string,
    readonly problems: ModelProblem[],
  ) {
    super(
      `Expected to deploy new resources, but encountered the following errors:\n'${resourceName}': ` +
        problems.map((p) => (p.elementId ? `- Element: ${p.elementId}\n    - ERROR: ${p.message}` : `- ${p.message}`)).join('\n'),
    );
  }
}
