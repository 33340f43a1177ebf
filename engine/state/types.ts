import type { BpmnElementType, ExecutableProcess } from '../model/types.ts';

/** Runtime state: what is live now. Finished things leave it; their history is the record log. */

export interface DeployedProcess {
  key: string;
  bpmnProcessId: string;
  version: number;
  resourceName: string;
  checksum: string;
  deploymentKey: string;
  xml: string;
  model: ExecutableProcess;
}

export type ElementState =
  | 'ACTIVATING'
  | 'ACTIVATED'
  | 'COMPLETING'
  | 'COMPLETED'
  | 'TERMINATING'
  | 'TERMINATED';

export interface ElementInstance {
  key: string;
  processInstanceKey: string;
  processDefinitionKey: string;
  bpmnProcessId: string;
  version: number;
  elementId: string;
  elementType: BpmnElementType;
  /** null for the process instance itself. */
  flowScopeKey: string | null;
  state: ElementState;
  /** Live child element instances (scopes only). */
  activeChildren: number;
  /** Tokens waiting at a parallel join in this scope: gateway id → flow id → count. */
  joins?: Record<string, Record<string, number>>;
  jobKey?: string;
  userTaskKey?: string;
  /** Timers and message subscriptions this instance opened (its own or its boundary events'). */
  timerKeys?: string[];
  subscriptionKeys?: string[];
  /** Set on a boundary event's activity when an interrupting event is terminating it. */
  interruptedBy?: { boundaryId: string; variables?: Record<string, unknown>; local?: boolean };
  incidentKey?: string;
  /** Variables delivered with the event that completes this element (job, message, user task). */
  pendingVariables?: Record<string, unknown>;
  /** Execution listeners: the next listener to run in the current phase; mappings already applied. */
  listenerIndex?: number;
  inputsApplied?: boolean;
  outputsApplied?: boolean;
  /** Event-based gateways: the event that fired, and its payload. */
  gatewayEvent?: { targetElementId: string; variables?: Record<string, unknown> };
  /** Catch events entered from an event-based gateway whose event already arrived. */
  eventTriggered?: boolean;
  /** An interrupting event sub-process waits for the scope's other children to terminate. */
  pendingEventSubProcess?: { id: string; variables?: Record<string, unknown>; local?: boolean };
  /** Multi-instance body: the evaluated collection and progress. */
  multiInstance?: { items: unknown[]; nextIndex: number; completed: number; terminated: number; completionConditionMet?: boolean };
  /** Multi-instance inner instance: its 1-based loop counter. */
  loopCounter?: number;
  /** Process instances started by a call activity: the call activity's instance. */
  parentElementInstanceKey?: string;
  parentProcessInstanceKey?: string;
  /** Call activities: the process instance they started. */
  childProcessInstanceKey?: string;
  /** Process instances started by a message start event: its correlation key. */
  startCorrelationKey?: string;
  /** Scopes: completed activities whose compensation handler may still be invoked. */
  compensable?: CompensableActivity[];
  /** Compensation handlers: the throw event waiting for them. */
  compensationThrowKey?: string;
  /** Compensation throw events: how many handlers they still wait for. */
  waitingHandlers?: number;
  /** Process instances started at given elements rather than the none start event. */
  startAt?: string[];
  /** Gateways: the flows chosen on activation, taken on completion. */
  selectedFlows?: string[];
  startedAt: number;
  /** For instances started from the API: who waits for the result. */
  awaitingResult?: boolean;
}

/** A completed activity with a compensation handler, remembered by its flow scope. */
export interface CompensableActivity {
  elementId: string;
  handlerId: string;
  /** For entries of a completed sub-process: the sub-process element id (activityRef can name it). */
  viaSubProcess?: string;
}

export type JobState = 'ACTIVATABLE' | 'ACTIVATED' | 'FAILED' | 'ERROR_THROWN';

export interface Job {
  key: string;
  type: string;
  state: JobState;
  retries: number;
  worker: string;
  /** Epoch ms while ACTIVATED. */
  deadline: number;
  /** Epoch ms while FAILED with a back-off. */
  recurAt: number;
  errorMessage: string;
  errorCode?: string;
  customHeaders: Record<string, string>;
  elementInstanceKey: string;
  processInstanceKey: string;
  processDefinitionKey: string;
  bpmnProcessId: string;
  version: number;
  elementId: string;
  /** Execution listener jobs: which listener of the element (jobs of the element's own work have none). */
  listener?: { eventType: 'start' | 'end'; index: number };
  /** Task listener jobs (Zeebe user tasks): which listener of which lifecycle transition. */
  taskListener?: { eventType: TaskListenerEventType; index: number };
  /** Incident raised on this job, if any. */
  incidentKey?: string;
}

export type IncidentErrorType =
  | 'JOB_NO_RETRIES'
  | 'IO_MAPPING_ERROR'
  | 'CONDITION_ERROR'
  | 'EXTRACT_VALUE_ERROR'
  | 'UNHANDLED_ERROR_EVENT'
  | 'CALLED_ELEMENT_ERROR'
  | 'EXECUTION_LISTENER_NO_RETRIES'
  | 'TASK_LISTENER_NO_RETRIES'
  | 'CALLED_DECISION_ERROR'
  | 'DECISION_EVALUATION_ERROR'
  | 'UNKNOWN';

export interface Incident {
  key: string;
  errorType: IncidentErrorType;
  errorMessage: string;
  processInstanceKey: string;
  processDefinitionKey: string;
  bpmnProcessId: string;
  elementId: string;
  elementInstanceKey: string;
  jobKey?: string;
  createdAt: number;
}

export interface Timer {
  key: string;
  /** The element instance the timer belongs to: the catch event, or the activity a boundary is attached to. */
  elementInstanceKey: string;
  processInstanceKey: string;
  processDefinitionKey: string;
  /** The timer event's element id (catch event or boundary event). */
  targetElementId: string;
  dueDate: number;
  /** Remaining repetitions for cycles (-1 = infinite); 1 for one-shot timers. */
  repetitions: number;
  /** Cycle interval text, so the next due date can be computed after a restart. */
  cycle?: string;
}

export interface MessageSubscription {
  key: string;
  elementInstanceKey: string;
  processInstanceKey: string;
  bpmnProcessId: string;
  /** The catching element: catch event, receive task, or boundary event. */
  targetElementId: string;
  messageName: string;
  correlationKey: string;
  interrupting: boolean;
}

/** An element waiting for a signal (catch event, boundary event, event sub-process start). */
export interface SignalSubscription {
  key: string;
  elementInstanceKey: string;
  processInstanceKey: string;
  bpmnProcessId: string;
  targetElementId: string;
  signalName: string;
}

export interface Message {
  key: string;
  name: string;
  correlationKey: string;
  messageId: string;
  variables: Record<string, unknown>;
  /** Epoch ms after which it is no longer buffered. */
  deadline: number;
  /** BPMN process ids it has been correlated to: Zeebe correlates a message once per process. */
  correlatedTo: string[];
}

/**
 * A Zeebe user task's lifecycle state (Zeebe 8.8's LifecycleState). Between CREATED and the
 * next CREATED a transition waits for its task listeners in the matching -ING state.
 */
export type UserTaskState = 'CREATING' | 'CREATED' | 'ASSIGNING' | 'CLAIMING' | 'UPDATING' | 'COMPLETING' | 'CANCELING';

/** Zeebe 8.8's task listener event types. */
export type TaskListenerEventType = 'creating' | 'assigning' | 'updating' | 'completing' | 'canceling';

/** The attributes a task listener sees in its job headers and may correct. */
export interface UserTaskAttributes {
  assignee: string;
  candidateGroups: string[];
  candidateUsers: string[];
  dueDate: string;
  followUpDate: string;
  priority: number;
}

/**
 * A lifecycle transition waiting for its task listeners. `attributes` are the task's attributes
 * as they will be once it takes effect (the command's values, then the listeners' corrections);
 * the task itself keeps its current ones until then, and keeps them if a listener denies.
 */
export interface UserTaskTransition {
  eventType: TaskListenerEventType;
  /** The command behind it (Zeebe's intents; CREATE = the element activated, CANCEL = it is terminated). */
  intent: 'CREATE' | 'ASSIGN' | 'CLAIM' | 'UPDATE' | 'COMPLETE' | 'CANCEL';
  /** The next listener of `eventType` to run. */
  listenerIndex: number;
  attributes: UserTaskAttributes;
  action: string;
  /** Completion: the variables it completes with. */
  variables?: Record<string, unknown>;
  /** Approval tasks needing several approvers: the completion records this approval instead of completing. */
  approval?: UserTaskApproval & { approvalsRequired: number };
  /** Baton's extras for the record that ends the transition (actor, reason). */
  extra?: Record<string, unknown>;
  /** Creation: the assignee the model gave (a creating listener may not correct it). */
  modelAssignee?: string;
}

export interface UserTask {
  key: string;
  elementInstanceKey: string;
  processInstanceKey: string;
  processDefinitionKey: string;
  bpmnProcessId: string;
  version: number;
  elementId: string;
  assignee: string;
  candidateGroups: string[];
  candidateUsers: string[];
  dueDate: string;
  followUpDate: string;
  priority: number;
  formKey: string;
  createdAt: number;
  /** Approval tasks needing several approvers: the approvals given so far, oldest first. */
  approvals?: UserTaskApproval[];
  /** Lifecycle state; undefined = CREATED (tasks stored before task listeners existed). */
  state?: UserTaskState;
  /** The transition waiting for task listeners, while `state` is an -ING state. */
  transition?: UserTaskTransition;
}

export interface UserTaskApproval {
  by: string;
  /** Epoch ms. */
  at: number;
  reason?: string;
  /** Variables given with this approval; merged into the completion's variables. */
  variables?: Record<string, unknown>;
}

/** A deployed DMN resource: its decision requirements graph, versioned by the definitions id. */
export interface DeployedDecisionRequirements {
  key: string;
  decisionRequirementsId: string;
  name: string;
  version: number;
  resourceName: string;
  checksum: string;
  deploymentKey: string;
  xml: string;
  drg: import('../dmn/types.ts').DecisionRequirements;
  /** decision id → key of that decision in this version. */
  decisionKeys: Record<string, string>;
}

/** One decision of a deployed DRG, versioned by its decision id. */
export interface DeployedDecision {
  key: string;
  decisionId: string;
  name: string;
  version: number;
  requirementsKey: string;
}
