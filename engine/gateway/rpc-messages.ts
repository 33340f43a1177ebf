/** PublishMessage: correlation (name + correlation key, TTL buffering) is the engine's. */
import type { GatewayContext, RpcHandlers } from './context.ts';
import { unary } from './status.ts';
import { checkTenants, parseDocument, toNumber, type Int64 } from './wire.ts';

interface PublishMessageRequest {
  name: string;
  correlationKey: string;
  timeToLive: Int64;
  messageId: string;
  variables: string;
  tenantId: string;
}

interface PublishMessageResponse {
  key: string;
  tenantId: string;
}

export function messageRpcs({ engine, log }: GatewayContext): RpcHandlers {
  return {
    PublishMessage: unary<PublishMessageRequest, PublishMessageResponse>('PublishMessage', log, async (request) => {
      checkTenants('PublishMessage', [request.tenantId]);
      const result = await engine.publishMessage({
        name: request.name,
        correlationKey: request.correlationKey,
        // 0 (the proto default) is a real TTL: correlate now or never, as in Zeebe.
        timeToLive: toNumber(request.timeToLive),
        messageId: request.messageId || undefined,
        variables: parseDocument(request.variables),
      });
      return { key: result.key, tenantId: result.tenantId };
    }),
  };
}
