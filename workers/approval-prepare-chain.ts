import { isApproverRole } from './lib/approval-ladder.ts';
import { runJob, type Variables } from './lib/run-job.ts';
import type { WorkerModule } from './worker-module.ts';

interface Input {
  /** The approval-chain rule set's outcome. */
  approvalChain?: { approverRole?: unknown; requiredApprovals?: unknown };
  approvalSla?: unknown;
  maxEscalations?: unknown;
}

const DEFAULT_SLA = 'PT1H';
const DEFAULT_MAX_ESCALATIONS = 2;
// ISO 8601 durations the timer accepts (PnDTnHnMnS and PnW); FEEL would fail the timer later.
const ISO_DURATION = /^P(?:\d+W|(?:\d+D)?(?:T(?=\d)(?:\d+H)?(?:\d+M)?(?:\d+(?:\.\d+)?S)?)?)$/;

/**
 * Approval coordinator (`approval.prepare-chain`): turns the rules' answer into what the
 * approval tasks read: the candidate group, how many approvers, the SLA and the escalation
 * budget. An unknown role or a malformed SLA is a modelling/data error: an incident, not a guess.
 */
export function prepareChain(input: Input): Variables {
  const role = input.approvalChain?.approverRole;
  if (!isApproverRole(role)) throw new Error(`the approval chain names no known approver role (got '${String(role)}')`);
  const sla = input.approvalSla ?? DEFAULT_SLA;
  if (typeof sla !== 'string' || !ISO_DURATION.test(sla)) throw new Error(`approvalSla '${String(sla)}' is not an ISO 8601 duration such as PT1H`);
  const max = input.maxEscalations ?? DEFAULT_MAX_ESCALATIONS;
  if (typeof max !== 'number' || !Number.isInteger(max) || max < 0) throw new Error(`maxEscalations '${String(max)}' is not a whole number >= 0`);
  const required = input.approvalChain?.requiredApprovals;
  return {
    approverGroup: role,
    requiredApprovals: typeof required === 'number' && required >= 2 ? 2 : 1,
    approvalSla: sla,
    maxEscalations: max,
    escalationCount: 0,
    escalations: [],
    escalationExhausted: false,
  };
}

const prepare: WorkerModule = {
  taskType: 'approval.prepare-chain',
  taskHandler: (job) => runJob(job, () => prepareChain(job.variables as Input)),
};

export default prepare;
