/**
 * Root elements referenced by events and tasks — messages, signals, escalations — validated once
 * each and reported on themselves, as Zeebe's Message, Signal and Escalation validators do, plus
 * the runtime checks of their names (ZeebeRuntimeValidators, ProcessMessageStartEventMessageName
 * and ProcessSignalStartEventSignalName validators).
 */
import { evaluateFeel } from '../feel/expression.ts';
import type { ExtractContext } from './extract-context.ts';
import { expressionProblems, feelSyntaxError, toExpression } from './expressions.ts';
import { extensions, str } from './moddle.ts';

export function validateReferences(ctx: ExtractContext): void {
  validateMessages(ctx);
  validateSignals(ctx);
  for (const escalation of ctx.thrownEscalations) {
    const code = str(escalation, 'escalationCode');
    if (code === undefined || code === '') ctx.problems.add(str(escalation, 'id'), 'EscalationCode must be present and not empty');
  }
}

/** Zeebe's MessageValidator + the runtime expression checks. */
function validateMessages(ctx: ExtractContext): void {
  for (const [message, use] of ctx.messages) {
    const id = str(message, 'id');
    const name = str(message, 'name');
    const onlyStartEvents = !use.caught && !use.thrown;
    if (onlyStartEvents && use.startEvents > 1) ctx.problems.add(id, 'A message cannot be referred by more than one start event');
    else if (name === undefined || name === '') ctx.problems.add(id, 'Name must be present and not empty');
    if (name !== undefined && name !== '') {
      ctx.problems.addAll(id, expressionProblems(name, {}));
      if (use.startEvents > 0) ctx.problems.addAll(id, constantNameProblems(name, 'message'));
    }

    const subscriptions = extensions(message, 'zeebe:Subscription');
    if (use.caught && subscriptions.length !== 1) ctx.problems.add(id, 'Must have exactly one zeebe:subscription extension element');
    for (const subscription of subscriptions) {
      const correlationKey = str(subscription, 'correlationKey');
      if (correlationKey === undefined || correlationKey === '') {
        ctx.problems.add(id, "Attribute 'correlationKey' must be present and not empty");
      } else {
        ctx.problems.addAll(id, expressionProblems(correlationKey, { mandatory: true, nonStatic: true }));
      }
    }
  }
}

/** Zeebe's SignalValidator + the runtime expression checks. */
function validateSignals(ctx: ExtractContext): void {
  for (const [signal, use] of ctx.signals) {
    const id = str(signal, 'id');
    const name = str(signal, 'name');
    if (name === undefined || name === '') {
      ctx.problems.add(id, 'Name must be present and not empty');
      continue;
    }
    ctx.problems.addAll(id, expressionProblems(name, {}));
    if (use.startEvents > 0) ctx.problems.addAll(id, constantNameProblems(name, 'signal'));
  }
}

/**
 * Message and signal names of a process's start events are evaluated at deploy time, without
 * variables, and must give a string.
 */
function constantNameProblems(raw: string, what: 'message' | 'signal'): string[] {
  const expression = toExpression(raw);
  // Static names are strings; syntax errors are reported by expressionProblems.
  if (expression.kind === 'static' || feelSyntaxError(expression.source)) return [];
  const result = evaluateFeel(expression.source, () => undefined);
  if (!result.ok) return [`Expected constant expression but found '${raw}', which could not be evaluated without context: ${result.message}`];
  if (result.type !== 'STRING') return [`Expected constant expression of type String for ${what} name '${raw}', but was ${result.type}`];
  return [];
}
