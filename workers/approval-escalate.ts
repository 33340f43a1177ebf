import { isApproverRole, nextLevel } from './lib/approval-ladder.ts';
import { runJob, type Variables } from './lib/run-job.ts';
import type { WorkerModule } from './worker-module.ts';

interface Input {
  approverGroup?: unknown;
  escalationCount?: number;
  maxEscalations?: number;
  escalations?: Array<{ from: string; to: string }>;
  approvalSla?: string;
}

/**
 * Approval coordinator (`approval.escalate`), run when the approvers missed the SLA: hands the
 * request to the next level up, or, when the escalation budget is spent (or there is no level
 * above), decides it: rejected, with the reason, by the SLA policy rather than a person.
 */
export function escalate(input: Input): Variables {
  const from = input.approverGroup;
  if (!isApproverRole(from)) throw new Error(`cannot escalate from unknown approver group '${String(from)}'`);
  const count = input.escalationCount ?? 0;
  const max = input.maxEscalations ?? 0;
  const to = nextLevel(from);
  if (count >= max || !to) {
    const why = !to ? `no level above ${from}` : `${count} escalation(s) allowed`;
    return {
      escalationExhausted: true,
      decision: 'rejected',
      decisionReason: `not decided within ${input.approvalSla ?? 'the SLA'} by ${from} (${why})`,
      decidedBy: 'sla-policy',
    };
  }
  return { approverGroup: to, escalationCount: count + 1, escalations: [...(input.escalations ?? []), { from, to }], escalationExhausted: false };
}

const escalateWorker: WorkerModule = {
  taskType: 'approval.escalate',
  taskHandler: (job) => runJob(job, () => escalate(job.variables as Input)),
};

export default escalateWorker;
