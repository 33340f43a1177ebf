/**
 * The engine's operations: what the gRPC gateway, the REST API and in-process tests call.
 * One semantics, several doors: every door goes through these functions.
 * Keys are 64-bit integers carried as decimal strings (like Zeebe's int64 on the wire).
 */

export type JsonObject = Record<string, unknown>;

/** Why an operation was refused; maps onto the gRPC status Zeebe's gateway uses. */
export type RejectionCode =
  | 'NOT_FOUND'
  | 'INVALID_ARGUMENT'
  | 'FAILED_PRECONDITION'
  | 'ALREADY_EXISTS'
  | 'RESOURCE_EXHAUSTED'
  | 'DEADLINE_EXCEEDED'
  | 'UNIMPLEMENTED'
  | 'UNAVAILABLE';

/** A refused command. Nothing was written. */
export class EngineRejection extends Error {
  override name = 'EngineRejection';
  constructor(
    readonly code: RejectionCode,
    message: string,
  ) {
    super(message);
  }
}

export interface DeployResource {
  name: string;
  content: Buffer | string;
}

export interface DeployedProcessInfo {
  bpmnProcessId: string;
  version: number;
  processDefinitionKey: string;
  resourceName: string;
  tenantId: string;
}

export interface DeployedDecisionInfo {
  dmnDecisionId: string;
  dmnDecisionName: string;
  version: number;
  decisionKey: string;
  dmnDecisionRequirementsId: string;
  decisionRequirementsKey: string;
  tenantId: string;
}

export interface DeployedDecisionRequirementsInfo {
  dmnDecisionRequirementsId: string;
  dmnDecisionRequirementsName: string;
  version: number;
  decisionRequirementsKey: string;
  resourceName: string;
  tenantId: string;
}

export interface DeploymentResult {
  key: string;
  processes: DeployedProcessInfo[];
  decisions: DeployedDecisionInfo[];
  decisionRequirements: DeployedDecisionRequirementsInfo[];
  tenantId: string;
}

export interface EvaluateDecisionRequest {
  /** Either the key of one decision version, or a decision id (latest version). */
  decisionKey?: string;
  decisionId?: string;
  variables?: JsonObject;
}

export interface EvaluatedDecisionInfo {
  decisionKey: string;
  decisionId: string;
  decisionName: string;
  decisionVersion: number;
  decisionType: string;
  decisionOutput: unknown;
  matchedRules: Array<{ ruleId: string; ruleIndex: number; evaluatedOutputs: Array<{ outputId: string; outputName: string; outputValue: unknown }> }>;
  evaluatedInputs: Array<{ inputId: string; inputName: string; inputValue: unknown }>;
}

export interface DecisionEvaluationResult {
  decisionKey: string;
  decisionId: string;
  decisionName: string;
  decisionVersion: number;
  decisionRequirementsId: string;
  decisionRequirementsKey: string;
  decisionOutput: unknown;
  evaluatedDecisions: EvaluatedDecisionInfo[];
  failedDecisionId: string;
  failureMessage: string;
  decisionInstanceKey: string;
  tenantId: string;
}

export interface CreateInstanceRequest {
  /** Either processDefinitionKey or bpmnProcessId (+ version, -1/undefined = latest). */
  processDefinitionKey?: string;
  bpmnProcessId?: string;
  version?: number;
  variables?: JsonObject;
  /** Zeebe 8.x: start at these elements instead of the none start event. */
  startInstructions?: Array<{ elementId: string }>;
}

export interface ProcessInstanceCreated {
  processDefinitionKey: string;
  bpmnProcessId: string;
  version: number;
  processInstanceKey: string;
  tenantId: string;
}

export interface ProcessInstanceResult extends ProcessInstanceCreated {
  variables: JsonObject;
}

export interface ActivateJobsRequest {
  type: string;
  worker: string;
  /** Milliseconds the worker has before the job times out. */
  timeout: number;
  maxJobsToActivate: number;
  /** Empty/undefined = all visible variables. */
  fetchVariable?: string[];
  /**
   * Long polling: how long to wait for jobs when none are available (ms).
   * 0 = the gateway default (10 s), negative = answer at once.
   */
  requestTimeout?: number;
}

export interface ActivatedJob {
  key: string;
  type: string;
  processInstanceKey: string;
  bpmnProcessId: string;
  processDefinitionVersion: number;
  processDefinitionKey: string;
  elementId: string;
  elementInstanceKey: string;
  customHeaders: Record<string, string>;
  worker: string;
  retries: number;
  /** Epoch ms. */
  deadline: number;
  variables: JsonObject;
  tenantId: string;
}

export interface CompleteJobRequest {
  jobKey: string;
  variables?: JsonObject;
  /** Zeebe 8.8's job result: only task listener jobs use it (deny the transition, or correct the task). */
  result?: JobResult;
}

export interface JobResult {
  denied?: boolean;
  deniedReason?: string;
  /** Only the attributes given are corrected: '' / [] clears one, omitting it keeps it. */
  corrections?: UserTaskCorrections;
}

export interface UserTaskCorrections {
  assignee?: string;
  dueDate?: string;
  followUpDate?: string;
  candidateUsers?: string[];
  candidateGroups?: string[];
  priority?: number;
}

export interface FailJobRequest {
  jobKey: string;
  retries: number;
  errorMessage?: string;
  /** ms before the job can be activated again. */
  retryBackOff?: number;
  variables?: JsonObject;
}

export interface ThrowErrorRequest {
  jobKey: string;
  errorCode: string;
  errorMessage?: string;
  variables?: JsonObject;
}

export interface PublishMessageRequest {
  name: string;
  correlationKey: string;
  /** ms the message stays buffered for subscriptions opened later. */
  timeToLive?: number;
  messageId?: string;
  variables?: JsonObject;
}

export interface PublishMessageResult {
  key: string;
  tenantId: string;
}

export interface SetVariablesRequest {
  elementInstanceKey: string;
  variables: JsonObject;
  local?: boolean;
}

export interface TopologyInfo {
  brokers: Array<{ nodeId: number; host: string; port: number; partitions: Array<{ partitionId: number; role: 'LEADER'; health: 'HEALTHY' }>; version: string }>;
  clusterSize: number;
  partitionsCount: number;
  replicationFactor: number;
  gatewayVersion: string;
}

/** A stream of jobs pushed to a worker as they become available (StreamActivatedJobs). */
export interface JobStreamRequest {
  type: string;
  worker: string;
  timeout: number;
  fetchVariable?: string[];
}

export interface JobStream {
  close(): void;
}

export interface UserTaskAssignRequest {
  userTaskKey: string;
  assignee: string;
  /** Zeebe's `allowOverride`: false = only if unassigned (claim). */
  allowOverride?: boolean;
  action?: string;
  /**
   * The user asking (the REST API's principal). When set, the engine applies the human-task
   * rules to them: one claims only for oneself and only as a candidate. Undefined = a trusted
   * caller (in-process code); the four-eyes rules on the assignee apply either way.
   */
  actor?: string;
  /** The actor's groups, matched against the task's candidate groups when claiming. */
  actorGroups?: string[];
  /** Why (recorded with the USER_TASK record). */
  reason?: string;
}

export interface UserTaskUnassignOptions {
  actor?: string;
  reason?: string;
}

export interface UserTaskCompleteRequest {
  userTaskKey: string;
  variables?: JsonObject;
  /** Zeebe's custom action; approval tasks take 'approve' or 'reject'. */
  action?: string;
  /** When set, only this user may complete: they must be the assignee. */
  actor?: string;
  /** Approval tasks: the decision's reason (mandatory for 'reject'). */
  reason?: string;
}

/** Zeebe's user task update: only the attributes given change ('' / [] clears one). */
export interface UserTaskUpdateRequest {
  userTaskKey: string;
  changeset: {
    candidateGroups?: string[];
    candidateUsers?: string[];
    dueDate?: string;
    followUpDate?: string;
    priority?: number;
  };
  action?: string;
  /** The user asking (recorded with the USER_TASK record). */
  actor?: string;
  reason?: string;
}

/** MigrateProcessInstance: move a running instance to another process definition. */
export interface MigrateInstanceRequest {
  processInstanceKey: string;
  targetProcessDefinitionKey: string;
  mappingInstructions: Array<{ sourceElementId: string; targetElementId: string }>;
}

export interface ModifyInstanceRequest {
  processInstanceKey: string;
  activate: Array<{
    elementId: string;
    /** The instance of a flow scope to activate in; undefined = the element's flow scope's only running instance. */
    ancestorElementInstanceKey?: string;
    /** scopeId empty = the process instance; the element's own id = the new instance. */
    variables?: Array<{ scopeId?: string; variables: JsonObject }>;
  }>;
  terminate: string[];
}

export interface EngineOperations {
  topology(): TopologyInfo;
  deployResources(resources: DeployResource[]): Promise<DeploymentResult>;
  createProcessInstance(request: CreateInstanceRequest): Promise<ProcessInstanceCreated>;
  /** Resolves when the instance completes; rejects with DEADLINE_EXCEEDED after requestTimeout ms. */
  createProcessInstanceWithResult(
    request: CreateInstanceRequest,
    options: { requestTimeout?: number; fetchVariables?: string[] },
  ): Promise<ProcessInstanceResult>;
  cancelProcessInstance(processInstanceKey: string): Promise<void>;
  /** Resolves with the activated jobs (possibly none after the long-poll timeout). `signal` aborts the wait. */
  activateJobs(request: ActivateJobsRequest, signal?: AbortSignal): Promise<ActivatedJob[]>;
  streamJobs(request: JobStreamRequest, push: (job: ActivatedJob) => void): JobStream;
  completeJob(request: CompleteJobRequest): Promise<void>;
  failJob(request: FailJobRequest): Promise<void>;
  throwError(request: ThrowErrorRequest): Promise<void>;
  updateJobRetries(jobKey: string, retries: number): Promise<void>;
  updateJobTimeout(jobKey: string, timeoutMs: number): Promise<void>;
  publishMessage(request: PublishMessageRequest): Promise<PublishMessageResult>;
  setVariables(request: SetVariablesRequest): Promise<{ key: string }>;
  resolveIncident(incidentKey: string): Promise<void>;
  /**
   * User task operations resolve once the transition has taken effect: with task listeners,
   * after the last listener's job completed; they reject if a listener denies it.
   */
  assignUserTask(request: UserTaskAssignRequest): Promise<void>;
  unassignUserTask(userTaskKey: string, options?: UserTaskUnassignOptions): Promise<void>;
  completeUserTask(request: UserTaskCompleteRequest): Promise<void>;
  updateUserTask(request: UserTaskUpdateRequest): Promise<void>;
  broadcastSignal(signalName: string, variables?: JsonObject): Promise<{ key: string; tenantId: string }>;
  modifyProcessInstance(request: ModifyInstanceRequest): Promise<void>;
  migrateProcessInstance(request: MigrateInstanceRequest): Promise<void>;
  deleteResource(resourceKey: string): Promise<void>;
  evaluateDecision(request: EvaluateDecisionRequest): Promise<DecisionEvaluationResult>;
}
