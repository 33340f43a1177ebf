import { callSystem, idempotencyKey } from './lib/external.ts';
import { withExternalErrors } from './lib/job-outcome.ts';
import { idOf, variablesOf } from './lib/steps.ts';
import type { WorkerModule } from './worker-module.ts';

interface Input {
  email: string;
  name?: string;
  /** The lead's record when it is already in the CRM (e.g. captured by a web form). */
  crmLeadId?: string;
  score: number;
  routing: { route: 'sales' | 'nurture' | 'discard'; reason: string; salesTeam: string; firedRules: string[] };
  enrichment: { status: string; company?: string | null };
  opportunityId?: string;
  nurtureCampaign?: string;
}

const STATUS = { sales: 'qualified', nurture: 'nurturing', discard: 'disqualified' } as const;

/**
 * Writes the qualification onto the CRM lead: status, score, route, why (the rules that
 * fired) and where it went. An existing lead is updated; a new one is created once.
 */
const updateCrm: WorkerModule = {
  taskType: 'lead.update-crm',
  taskHandler: (job) =>
    withExternalErrors(
      job,
      async () => {
        const v = variablesOf<Input>(job);
        const lead = {
          email: v.email,
          name: v.name,
          company: v.enrichment.company ?? null,
          status: STATUS[v.routing.route],
          score: v.score,
          route: v.routing.route,
          reason: v.routing.reason,
          rules: v.routing.firedRules,
          salesTeam: v.routing.salesTeam,
          enriched: v.enrichment.status === 'enriched',
          ...(v.opportunityId ? { opportunityId: v.opportunityId } : {}),
          ...(v.nurtureCampaign ? { nurtureCampaign: v.nurtureCampaign } : {}),
        };
        if (v.crmLeadId) {
          await callSystem('crm', 'PATCH', `leads/${encodeURIComponent(v.crmLeadId)}`, lead);
          return { leadStatus: lead.status };
        }
        const created = await callSystem('crm', 'POST', 'leads', lead, { idempotencyKey: idempotencyKey(job) });
        return { crmLeadId: idOf(created, 'crm lead'), leadStatus: lead.status };
      },
      { maxRetries: 5 },
    ),
};

export default updateCrm;
