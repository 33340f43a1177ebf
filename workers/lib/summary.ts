/**
 * What the master orchestrator's summary says about a request, built from the variables the
 * agents left behind (each agent owns its variables; see the comments of bpmn/*.bpmn).
 */

interface RuleDecision {
  firedRules?: string[];
  ruleSet?: string;
  version?: string;
}

export interface RequestOutcome {
  requestId?: string;
  businessKey?: string;
  title?: string;
  requester?: string;
  cancelled?: boolean;
  classification?: RuleDecision & { route?: string; priority?: string };
  // approval
  approvalChain?: RuleDecision & { approverRole?: string; requiredApprovals?: number };
  escalations?: Array<{ from: string; to: string }>;
  decision?: string;
  decisionReason?: string;
  decidedBy?: string;
  approvers?: string[];
  // data migration
  migrationStatus?: string;
  batchResults?: Array<{ batch: string; status: string }>;
  rolledBack?: string[];
  reconciliation?: { ok?: boolean; difference?: number; failedBatches?: string[] };
  incidentTicket?: { id?: string };
  // quality assurance
  gate?: { verdict?: string; reason?: string };
  reworkCount?: number;
  qaEscalated?: boolean;
  // incident response
  severityAssessment?: RuleDecision & { severity?: string };
  remediation?: { attempted?: boolean; succeeded?: boolean; runbook?: string };
  incidentOutcome?: string;
  notifications?: Array<{ template: string }>;
}

export interface DecisionNote {
  agent: string;
  decided: string;
  why: string;
}

export interface Summary {
  requestId: string;
  businessKey: string;
  title: string;
  route: string;
  priority: string;
  outcome: string;
  path: string[];
  agents: string[];
  decisions: DecisionNote[];
}

const AGENT_OF_ROUTE: Record<string, string> = {
  approval: 'approval-coordinator',
  'data-migration': 'migration-manager',
  'quality-assurance': 'qa-coordinator',
  'incident-response': 'incident-manager',
};

const rulesWhy = (d: RuleDecision | undefined) => (d?.firedRules?.length ? `rules ${d.firedRules.join(', ')} of ${d.ruleSet ?? 'the rule set'} v${d.version ?? '?'}` : 'no rule fired');

export function summarise(v: RequestOutcome): Summary {
  const route = v.classification?.route ?? 'unrouted';
  const path: string[] = ['intake', `classify: ${route}`];
  const decisions: DecisionNote[] = [{ agent: 'rules-classifier', decided: `route ${route}, priority ${v.classification?.priority ?? 'normal'}`, why: rulesWhy(v.classification) }];
  let outcome = 'completed';

  if (v.cancelled) {
    path.push('cancelled by the requester');
    outcome = 'cancelled';
  } else if (route === 'approval') {
    path.push(`approval by ${v.approvalChain?.approverRole ?? '?'}${(v.approvalChain?.requiredApprovals ?? 1) > 1 ? ' (two approvers)' : ''}`);
    for (const e of v.escalations ?? []) path.push(`escalated ${e.from} -> ${e.to}`);
    path.push(`${v.decision ?? 'undecided'} by ${v.decidedBy ?? '?'}`);
    decisions.push({ agent: 'rules-classifier', decided: `approver ${v.approvalChain?.approverRole ?? '?'}`, why: rulesWhy(v.approvalChain) });
    decisions.push({ agent: 'approval-coordinator', decided: v.decision ?? 'undecided', why: [v.approvers?.length ? `approved by ${v.approvers.join(' and ')}` : v.decidedBy ? `decided by ${v.decidedBy}` : '', v.decisionReason ?? ''].filter(Boolean).join(': ') });
    outcome = v.decision ?? 'undecided';
  } else if (route === 'data-migration') {
    const batches = v.batchResults ?? [];
    path.push(`migrated ${batches.filter((b) => b.status === 'migrated').length}/${batches.length} batches`);
    if (v.rolledBack?.length) path.push(`rolled back ${v.rolledBack.join(', ')}`);
    if (v.incidentTicket?.id) path.push(`incident ${v.incidentTicket.id}`);
    decisions.push({
      agent: 'migration-manager',
      decided: v.migrationStatus ?? 'unknown',
      why: v.reconciliation?.ok ? 'counts reconciled' : `failed batches: ${(v.reconciliation?.failedBatches ?? []).join(', ') || 'none'}; difference ${v.reconciliation?.difference ?? '?'}`,
    });
    outcome = v.migrationStatus ?? 'unknown';
  } else if (route === 'quality-assurance') {
    path.push(`quality gate: ${v.gate?.verdict ?? '?'} after ${v.reworkCount ?? 0} rework round(s)`);
    decisions.push({ agent: 'qa-coordinator', decided: v.gate?.verdict ?? '?', why: `quality-gate decision: ${v.gate?.reason ?? '?'}` });
    if (v.qaEscalated) {
      path.push(`escalated: release ${v.decision ?? 'undecided'} by ${v.decidedBy ?? '?'}`);
      decisions.push({ agent: 'release-management', decided: v.decision ?? 'undecided', why: v.decisionReason ?? '' });
      outcome = `escalated, ${v.decision ?? 'undecided'}`;
    } else outcome = v.gate?.verdict === 'pass' ? 'passed' : (v.gate?.verdict ?? 'unknown');
  } else if (route === 'incident-response') {
    path.push(`severity ${v.severityAssessment?.severity ?? '?'}`);
    if (v.remediation?.attempted) path.push(`remediation ${v.remediation.succeeded ? 'succeeded' : 'failed'}`);
    path.push(v.incidentOutcome ?? 'open');
    decisions.push({ agent: 'incident-manager', decided: `severity ${v.severityAssessment?.severity ?? '?'}`, why: rulesWhy(v.severityAssessment) });
    outcome = v.incidentOutcome ?? 'unknown';
  }
  path.push('summarise');

  const agents = ['intake', 'rules-classifier', ...(AGENT_OF_ROUTE[route] && !v.cancelled ? [AGENT_OF_ROUTE[route]] : []), ...(v.notifications?.length ? ['notification-orchestrator'] : []), 'master-orchestrator'];
  return {
    requestId: v.requestId ?? '?',
    businessKey: v.businessKey ?? '?',
    title: v.title ?? '',
    route,
    priority: v.classification?.priority ?? 'normal',
    outcome,
    path,
    agents,
    decisions,
  };
}
