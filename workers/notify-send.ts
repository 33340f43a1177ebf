import { callSystem, idempotencyKey } from './lib/external.ts';
import { header, runJob, type Variables } from './lib/run-job.ts';
import { renderNotification, type Channel, CHANNELS } from './lib/notification-templates.ts';
import type { WorkerModule } from './worker-module.ts';

/** Where each channel takes its messages in the customer's systems. */
const RESOURCE: Record<Channel, string> = { email: 'messages', chat: 'messages', webhook: 'deliveries' };

interface Sent {
  template: string;
  channels: Partial<Record<Channel, string>>;
}

/**
 * Notification orchestrator (`notify.send`): sends the message named by the `template` header
 * over each channel of the `channels` header (email, chat, webhook), with one idempotency key
 * per channel and task instance, so a retry after a partial failure resends nothing that
 * already went out. Appends to `notifications` what was sent where.
 */
const notifySend: WorkerModule = {
  taskType: 'notify.send',
  taskHandler: (job) =>
    runJob(job, async (): Promise<Variables> => {
      const template = header(job, 'template');
      const channels = header(job, 'channels', 'email')
        .split(',')
        .map((c) => c.trim())
        .filter(Boolean);
      const unknown = channels.filter((c) => !CHANNELS.includes(c as Channel));
      // A model error, not something a retry fixes: fail into an incident that names it.
      if (!template || unknown.length) throw new Error(`notify.send task '${job.elementId}': needs a template header and channels among ${CHANNELS.join(', ')} (got '${unknown.join(', ')}')`);
      const variables = job.variables as Variables;
      const sent: Sent = { template, channels: {} };
      for (const channel of channels as Channel[]) {
        const message = renderNotification(template, channel, variables);
        const answer = await callSystem<{ id: string }>(channel, 'POST', RESOURCE[channel], message, { idempotencyKey: idempotencyKey(job, channel) });
        sent.channels[channel] = answer.id;
      }
      const before = Array.isArray(variables.notifications) ? (variables.notifications as Sent[]) : [];
      return { notifications: [...before, sent] };
    }),
};

export default notifySend;
