import { callSystem, idempotencyKey } from './lib/external.ts';
import { idOf, variablesOf, withGiveUp } from './lib/steps.ts';
import type { WorkerModule } from './worker-module.ts';

interface Input {
  company: string;
  contactName: string;
  email: string;
  tier: string;
  portalUserId?: string;
}

/**
 * Sends the welcome e-mail (idempotently: a retry never sends twice). Not critical: a failure
 * is recorded in partialFailures as EMAIL_FAILED and the customer is onboarded anyway.
 */
const sendWelcomeEmail: WorkerModule = {
  taskType: 'onboarding.send-welcome-email',
  taskHandler: (job) =>
    withGiveUp(
      job,
      async () => {
        const { company, contactName, email, tier, portalUserId } = variablesOf<Input>(job);
        const portal = portalUserId ? 'Your support portal login is ready.' : 'Your support portal login follows in a separate e-mail.';
        const message = await callSystem(
          'email',
          'POST',
          'messages',
          { to: email, template: 'welcome', subject: `Welcome to Baton, ${company}`, body: `Hello ${contactName}, welcome aboard (${tier} tier). ${portal}` },
          { idempotencyKey: idempotencyKey(job) },
        );
        return { welcomeEmailId: idOf(message, 'welcome e-mail') };
      },
      { businessErrorCode: 'EMAIL_FAILED', maxRetries: 4 },
    ),
};

export default sendWelcomeEmail;
