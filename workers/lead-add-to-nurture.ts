import { callSystem, idempotencyKey } from './lib/external.ts';
import { withExternalErrors } from './lib/job-outcome.ts';
import { idOf, variablesOf } from './lib/steps.ts';
import type { WorkerModule } from './worker-module.ts';

/** Puts the lead on the nurture campaign of its industry (or the general one), once. */
const addToNurture: WorkerModule = {
  taskType: 'lead.add-to-nurture',
  taskHandler: (job) =>
    withExternalErrors(
      job,
      async () => {
        const { email, name, enrichment } = variablesOf<{ email: string; name?: string; enrichment: { industry?: string } }>(job);
        const campaign = `nurture-${enrichment.industry ?? 'general'}`;
        const member = await callSystem('email', 'POST', 'campaign-members', { email, name, campaign }, { idempotencyKey: idempotencyKey(job) });
        return { nurtureCampaign: campaign, campaignMemberId: idOf(member, 'campaign member') };
      },
      { maxRetries: 5 },
    ),
};

export default addToNurture;
