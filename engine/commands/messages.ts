import { EngineRejection, type PublishMessageRequest, type PublishMessageResult } from '../api.ts';
import type { BatchContext } from '../processing/context.ts';
import { correlateMessage, recordMessage } from '../processing/messages.ts';
import type { Message } from '../state/types.ts';

export function publishMessage(ctx: BatchContext, request: PublishMessageRequest): PublishMessageResult {
  if (!request.name) throw new EngineRejection('INVALID_ARGUMENT', 'Expected to publish a message with a name, but the name is empty');
  const ttl = Math.max(0, request.timeToLive ?? 0);
  const messageId = request.messageId ?? '';
  if (messageId && ctx.state.findMessageById(request.name, request.correlationKey, messageId)) {
    throw new EngineRejection(
      'ALREADY_EXISTS',
      `Expected to publish a new message with id '${messageId}', but a message with that id was already published`,
    );
  }
  const message: Message = {
    key: ctx.state.nextKey(),
    name: request.name,
    correlationKey: request.correlationKey,
    messageId,
    variables: request.variables ?? {},
    deadline: ctx.now + ttl,
    correlatedTo: [],
  };
  recordMessage(ctx, message, 'PUBLISHED');
  correlateMessage(ctx, message);
  if (ttl > 0) {
    ctx.state.putMessage(message);
    ctx.watch(message.deadline, 'message-ttl', message.key);
  } else {
    recordMessage(ctx, message, 'EXPIRED');
  }
  return { key: message.key, tenantId: '<default>' };
}

export function expireMessage(ctx: BatchContext, messageKey: string): void {
  const message = ctx.state.messages.get(messageKey);
  if (!message || message.deadline > ctx.now) return;
  ctx.state.removeMessage(message.key);
  recordMessage(ctx, message, 'EXPIRED');
}
