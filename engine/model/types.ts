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
  /**
   * Catch events: what they wait for (start events of a process have no correlation key).
   * Throw events are job workers (`FlowNode.job`); their messageName is informational (static
   * '' when no message is referenced).
   */
  | { type: 'message'; messageName: Expression; correlationKey?: Expression }
  | { type: 'timer'; timer: TimerDefinition }
  /** errorCode undefined = catch-all (boundary) / no code (end event is rejected at deploy). */
  | { type: 'error'; errorCode?: Expression }
  | { type: 'terminate' }
  | { type: 'signal'; signalName: Expression }
  /** escalationCode undefined = catch-all (catch events only). */
  | { type: 'escalation'; escalationCode?: Expression }
  | { type: 'link'; linkName: string }
  /** Throw events: all completed activities of the scope, or only `activityRef`. */
  | { type: 'compensation'; activityRef?: string; waitForCompletion: boolean };

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
  /** `zeebe:taskHeaders` of an engine-managed user task (approval rules read them). */
  headers?: Record<string, string>;
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
  /**
   * Job workers: service and send tasks, script and business rule tasks with a
   * `zeebe:taskDefinition`, message intermediate throw and message end events.
   */
  job?: JobDefinition;
  userTask?: UserTaskDefinition;
  /** Receive tasks: the message they wait for. */
  message?: { messageName: Expression; correlationKey?: Expression };
  /**
   * Sub-processes and event sub-processes: the ids of their direct children and their (single)
   * start event; for an event sub-process that start event carries the trigger (`event`).
   */
  children?: string[];
  startEventId?: string;
  /** Multi-instance activities (`bpmn:multiInstanceLoopCharacteristics` + `zeebe:loopCharacteristics`); FEEL sources without `=`. */
  loop?: {
    sequential: boolean;
    inputCollection: string;
    inputElement?: string;
    outputCollection?: string;
    outputElement?: string;
    completionCondition?: string;
  };
  /** Call activities. `bindingType` is Zeebe's (`latest` by default; `deployment`, `versionTag`). */
  calledElement?: {
    processId: Expression;
    propagateAllChildVariables: boolean;
    propagateAllParentVariables: boolean;
    bindingType?: string;
    versionTag?: string;
  };
  /** Script tasks with `zeebe:script` (FEEL source without `=`). */
  script?: { expression: string; resultVariable: string };
  /** Business rule tasks with `zeebe:calledDecision` (with `zeebe:taskDefinition` they have `job`). */
  calledDecision?: { decisionId: Expression; resultVariable: string; bindingType?: string; versionTag?: string };
  /** Activities with a compensation boundary event: the handler activity's id. */
  compensationHandler?: string;
  /** Compensation handler activities: never reached by a sequence flow. */
  isForCompensation?: boolean;
  /** Event sub-process start events, and the event sub-process node itself (same value). */
  interrupting?: boolean;
  /** Link throw events: the id of the link catch event (same scope, same name) they jump to. */
  linkTarget?: string;
  /** Process and sub-process nodes: their event sub-processes. */
  eventSubProcesses?: string[];
  /** Process node: every start event (none, timer, message, signal). */
  startEvents?: string[];
  /** `zeebe:executionListeners` (any flow node and the process), in document order; retries default '3'. */
  executionListeners?: Array<{ eventType: 'start' | 'end'; type: Expression; retries: Expression }>;
  /**
   * `zeebe:taskListeners` of Zeebe user tasks, in document order; retries default '3'. Event
   * types are normalised: the deprecated `create`, `assignment`, `update`, `complete` become
   * `creating`, `assigning`, `updating`, `completing`.
   */
  taskListeners?: Array<{ eventType: string; type: Expression; retries: Expression }>;
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
        problems.map((p) => (p.elementId ? `- Element: ${p.elementId}\n    - ERROR: ${p.message}` : `- ${p.message}`)).join('\n') +
        // Zeebe's message ends with a line break after the last problem.
        '\n',
    );
  }
}
