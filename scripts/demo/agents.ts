/**
 * Which of the eight agents of SCENARIOS.md did a piece of work. Jobs are mapped by task type
 * (exact types first, then the type's prefix), human tasks by element. The enterprise
 * workflows have workers of their own; each belongs to the agent whose kind of work it does:
 * reading and normalising what comes in is intake, writing to a system of record with retries
 * and a rollback is what the migration manager does, checks and evidence are the QA
 * coordinator's, anything that tells people is the notification orchestrator's.
 */

export const AGENTS = [
  'intake',
  'rules classifier',
  'approval coordinator',
  'migration manager',
  'QA coordinator',
  'incident manager',
  'notification orchestrator',
  'master orchestrator',
] as const;

export type Agent = (typeof AGENTS)[number];

const BY_TYPE: Record<string, Agent> = {
  'baton.rules': 'rules classifier',
  'notify.send': 'notification orchestrator',
  'orchestrator.summarise': 'master orchestrator',
  // Enterprise workers, by what they do.
  'onboarding.validate-customer': 'intake',
  'onboarding.send-welcome-email': 'notification orchestrator',
  'invoice.extract-fields': 'intake',
  'invoice.match-purchase-order': 'approval coordinator',
  'invoice.notify-requester': 'notification orchestrator',
  'lead.enrich': 'intake',
  'etl.notify-completion': 'notification orchestrator',
  'automation.notify-stakeholders': 'notification orchestrator',
  'audit.remind-reviewers': 'notification orchestrator',
};

const BY_PREFIX: Record<string, Agent> = {
  intake: 'intake',
  approval: 'approval coordinator',
  migration: 'migration manager',
  qa: 'QA coordinator',
  incident: 'incident manager',
  orchestrator: 'master orchestrator',
  onboarding: 'migration manager',
  etl: 'migration manager',
  invoice: 'migration manager',
  lead: 'migration manager',
  automation: 'incident manager',
  audit: 'QA coordinator',
};

/** The agent of a job type, or undefined for a type nobody mapped (the demo test lists those). */
export function agentOfJobType(type: string): Agent | undefined {
  return BY_TYPE[type] ?? BY_PREFIX[type.split('.')[0] ?? ''];
}

/** Human tasks: approvals and reviews are the approval coordinator's; on-call work the incident manager's. */
export function agentOfUserTask(elementId: string): Agent {
  return elementId === 'resolve-incident' ? 'incident manager' : 'approval coordinator';
}

/** Agents in the order SCENARIOS.md lists them. */
export function inAgentOrder(agents: Iterable<Agent>): Agent[] {
  const found = new Set(agents);
  return AGENTS.filter((a) => found.has(a));
}
