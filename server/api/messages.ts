import { z } from 'zod';
import type { ApiContext } from './context.ts';
import type { RouteRegistry } from './route.ts';
import { reason, variables, withoutReserved } from './schemas.ts';

/** Publishing a message: it correlates by name and correlation key, as through the gateway. */
export function messageRoutes(api: RouteRegistry, ctx: ApiContext): void {
  api.add({
    method: 'post',
    path: '/messages',
    summary: 'Publish a message (correlated by name + correlation key; buffered for timeToLive ms)',
    tag: 'messages',
    roles: ['developer', 'operator'],
    body: z.strictObject({
      name: z.string().min(1, 'must not be empty').max(255),
      correlationKey: z.string().max(255).describe('empty only for message start events'),
      timeToLive: z.number().int('must be an integer').min(0, 'must not be negative').max(30 * 24 * 3_600_000, 'must be at most 30 days').optional().describe('ms; default 0'),
      messageId: z.string().min(1).max(255).optional().describe('deduplicates while buffered'),
      variables: withoutReserved(variables).optional(),
      reason: reason.optional(),
    }),
    action: 'message.publish',
    responses: { 201: { description: 'published', schema: z.object({ messageKey: z.string() }) } },
    async handler({ body }) {
      const { key } = await ctx.engine.publishMessage({ name: body.name, correlationKey: body.correlationKey, timeToLive: body.timeToLive, messageId: body.messageId, variables: body.variables });
      return {
        status: 201,
        body: { messageKey: key },
        audit: { target: `message:${key}`, reason: body.reason, details: { name: body.name, correlationKey: body.correlationKey, messageId: body.messageId ?? null } },
      };
    },
  });
}
