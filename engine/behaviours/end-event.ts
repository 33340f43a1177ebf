import { catchError, findErrorCatch, uncaughtErrorMessage } from '../processing/errors.ts';
import { evaluateToString } from '../processing/expressions.ts';
import { raiseElementIncident } from '../processing/incidents.ts';
import { completeElement, terminateElement, transitionToActivated } from '../processing/lifecycle.ts';
import { scopeLookup } from '../processing/variables.ts';
import type { ElementBehaviour } from './behaviour.ts';

/** None end: the token ends here. Error end: throws to the nearest catching boundary. Terminate end: ends its whole scope. */
export const endEventBehaviour: ElementBehaviour = {
  onActivate(ctx, instance, node) {
    const event = node.event;
    if (event?.type === 'error') {
      const code = event.errorCode ? evaluateToString(event.errorCode, scopeLookup(ctx.state, instance.key)) : { ok: true as const, value: '' };
      if (!code.ok) {
        raiseElementIncident(ctx, instance, 'EXTRACT_VALUE_ERROR', code.message);
        return;
      }
      const scope = instance.flowScopeKey ? ctx.state.elements.get(instance.flowScopeKey) : undefined;
      const found = scope ? findErrorCatch(ctx, scope, code.value) : undefined;
      if (!found) {
        raiseElementIncident(ctx, instance, 'UNHANDLED_ERROR_EVENT', uncaughtErrorMessage(ctx, scope, code.value, ''));
        return;
      }
      catchError(ctx, found, undefined);
      return;
    }
    transitionToActivated(ctx, instance);
    if (event?.type === 'terminate') {
      const scope = instance.flowScopeKey ? ctx.state.elements.get(instance.flowScopeKey) : undefined;
      if (scope) {
        scope.joins = undefined;
        ctx.state.putElement(scope);
        for (const sibling of ctx.state.childrenOf(scope.key)) {
          if (sibling.key !== instance.key) terminateElement(ctx, sibling);
        }
      }
    }
    completeElement(ctx, instance);
  },
};
