/**
 * The messages the notification orchestrator sends, by template id (the `template` header of
 * a notify.send task). Each renders from the process variables, for one channel's shape.
 */
export const CHANNELS = ['email', 'chat', 'webhook'] as const;
export type Channel = (typeof CHANNELS)[number];

type Vars = Record<string, unknown>;
interface Text {
  subject: string;
  text: string;
}

const str = (v: unknown, fallback = '?') => (typeof v === 'string' && v ? v : typeof v === 'number' ? String(v) : fallback);
const field = (v: unknown, name: string) => (v && typeof v === 'object' ? (v as Vars)[name] : undefined);

const TEMPLATES: Record<string, (v: Vars) => Text> = {
  'approval-approved': (v) => ({ subject: `Approved: ${str(v.title)}`, text: `Your request ${str(v.businessKey)} was approved by ${str(v.decidedBy)}. ${str(v.decisionReason, '')}`.trim() }),
  'approval-rejected': (v) => ({ subject: `Rejected: ${str(v.title)}`, text: `Your request ${str(v.businessKey)} was rejected by ${str(v.decidedBy)}. Reason: ${str(v.decisionReason, 'none given')}` }),
  'request-cancelled': (v) => ({ subject: `Cancelled: ${str(v.title)}`, text: `Request ${str(v.businessKey)} was cancelled. ${str(v.cancelReason, '')}`.trim() }),
  'migration-completed': (v) => ({ subject: `Migration of ${str(v.dataset)} completed`, text: `${str(field(v.reconciliation, 'migrated'))} records migrated and reconciled.` }),
  'migration-rolled-back': (v) => ({
    subject: `Migration of ${str(v.dataset)} rolled back`,
    text: `Rolled back batches ${Array.isArray(v.rolledBack) ? v.rolledBack.join(', ') : '-'}; incident ${str(field(v.incidentTicket, 'id'))} is open.`,
  }),
  'migration-source-invalid': (v) => ({ subject: `Migration of ${str(v.dataset)} refused`, text: `The source cannot be migrated: ${str(v.sourceProblem)}` }),
  'qa-passed': (v) => ({ subject: `Release ${str(v.release)} passed the quality gate`, text: str(field(v.gate, 'reason')) }),
  'qa-rejected': (v) => ({ subject: `Release ${str(v.release)} rejected`, text: `Quality gate: ${str(field(v.gate, 'reason'))}` }),
  'incident-resolved': (v) => ({
    subject: `Incident ${str(v.ticketId)} on ${str(v.service)} resolved`,
    text: `Severity ${str(field(v.severityAssessment, 'severity'))}; ${str(v.incidentOutcome)}.`,
  }),
};

/** The request body for the channel's resource (email/messages, chat/messages, webhook/deliveries). */
export function renderNotification(template: string, channel: Channel, v: Vars): Vars {
  const render = TEMPLATES[template];
  if (!render) throw new Error(`no notification template '${template}'; known: ${Object.keys(TEMPLATES).join(', ')}`);
  const { subject, text } = render(v);
  const about = { template, businessKey: str(v.businessKey, '') };
  switch (channel) {
    case 'email':
      return { ...about, to: `${str(v.requester ?? v.initiator, 'operations')}@example.com`, subject, text };
    case 'chat':
      return { ...about, channel: '#operations', text: `${subject}: ${text}` };
    case 'webhook':
      return { ...about, event: template, payload: { subject, text } };
  }
}
