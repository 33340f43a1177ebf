import { evaluateFeel } from '../feel/expression.ts';
import type { FlowNode } from '../model/types.ts';
import type { BatchContext } from '../processing/context.ts';
import { evaluateToBoolean, feelType } from '../processing/expressions.ts';
import { raiseElementIncident } from '../processing/incidents.ts';
import { activateElement, completeElement, definitionOf, nodeOf, subscribeAndActivate, terminateElement } from '../processing/lifecycle.ts';
import { mergeDocument, scopeLookup, setLocalVariable } from '../processing/variables.ts';
import type { ElementInstance } from '../state/types.ts';
import type { ElementBehaviour } from './behaviour.ts';

/**
 * The multi-instance body wraps the inner instances of a multi-instance activity: it evaluates
 * the input collection once, starts one inner instance per item (all at once, or one after
 * another), collects each inner output into the output collection, and completes when all are
 * done or the completion condition holds. Boundary events belong to the body.
 */
export const multiInstanceBodyBehaviour: ElementBehaviour = {
  childrenTakeNoFlows: true,

  onActivate(ctx, body, node) {
    const loop = node.loop!;
    const collection = evaluateFeel(loop.inputCollection, scopeLookup(ctx.state, body.key));
    if (!collection.ok) return void raiseElementIncident(ctx, body, 'EXTRACT_VALUE_ERROR', collection.message);
    if (!Array.isArray(collection.value)) {
      const message = `Expected result of the expression '${loop.inputCollection}' to be 'ARRAY', but was '${feelType(collection.value)}'.`;
      return void raiseElementIncident(ctx, body, 'EXTRACT_VALUE_ERROR', message);
    }
    if (!subscribeAndActivate(ctx, body, node)) return;
    const items = collection.value as unknown[];
    body.multiInstance = { items, nextIndex: 0, completed: 0, terminated: 0 };
    if (loop.outputCollection) setLocalVariable(ctx, body, loop.outputCollection, items.map(() => null));
    if (!items.length) return void completeElement(ctx, body);
    const count = loop.sequential ? 1 : items.length;
    for (let i = 0; i < count; i++) startInner(ctx, body, node);
  },

  beforeChildCompletes(ctx, body, inner) {
    const loop = nodeOf(ctx, body).loop!;
    const mi = body.multiInstance!;
    const lookup = scopeLookup(ctx.state, inner.key);
    if (loop.outputCollection && loop.outputElement) {
      const element = evaluateFeel(loop.outputElement, lookup);
      if (!element.ok) {
        raiseElementIncident(ctx, inner, 'EXTRACT_VALUE_ERROR', element.message);
        return false;
      }
      const current = ctx.state.variables.get(body.key, loop.outputCollection);
      const collected = Array.isArray(current) ? [...current] : mi.items.map(() => null);
      collected[(inner.loopCounter ?? 1) - 1] = element.value;
      setLocalVariable(ctx, body, loop.outputCollection, collected);
    }
    if (loop.completionCondition) {
      const active = ctx.state.childrenOf(body.key).filter((c) => c.state !== 'TERMINATING').length;
      const loopVariables = {
        numberOfInstances: mi.items.length,
        numberOfActiveInstances: active - 1,
        numberOfCompletedInstances: mi.completed + 1,
        numberOfTerminatedInstances: mi.terminated,
      };
      const met = evaluateToBoolean(loop.completionCondition, (name) => (name in loopVariables ? loopVariables[name as keyof typeof loopVariables] : lookup(name)));
      if (!met.ok) {
        raiseElementIncident(ctx, inner, 'EXTRACT_VALUE_ERROR', met.message);
        return false;
      }
      if (met.value) {
        mi.completionConditionMet = true;
        ctx.enqueue(() => terminateOthers(ctx, body, inner.key));
      }
    }
    mi.completed++;
    ctx.state.putElement(body);
    return true;
  },

  onEmpty(ctx, body, node) {
    const mi = body.multiInstance!;
    if (!mi.completionConditionMet && node.loop!.sequential && mi.nextIndex < mi.items.length) {
      startInner(ctx, body, node);
      return;
    }
    completeElement(ctx, body);
  },

  onComplete(ctx, body, node) {
    const name = node.loop!.outputCollection;
    const flowScope = body.flowScopeKey ? ctx.state.elements.get(body.flowScopeKey) : undefined;
    if (name && flowScope) mergeDocument(ctx, flowScope, { [name]: ctx.state.variables.get(body.key, name) ?? [] });
    return true;
  },
};

function startInner(ctx: BatchContext, body: ElementInstance, node: FlowNode): void {
  const mi = body.multiInstance!;
  const index = mi.nextIndex++;
  ctx.state.putElement(body);
  const inner = activateElement(ctx, definitionOf(ctx, body), node, body, { inner: true });
  inner.loopCounter = index + 1;
  ctx.state.putElement(inner);
  // Local to the inner instance, set before its input mappings run.
  const loop = node.loop!;
  if (loop.inputElement) setLocalVariable(ctx, inner, loop.inputElement, mi.items[index] ?? null);
  // Zeebe (MultiInstanceBodyProcessor.setLoopVariables): an output element that is just a variable
  // (or a property of one) gets that variable as a local null, so each inner instance collects its
  // own value instead of one leaking into (and racing in) the process scope.
  const outputVariable = loop.outputElement ? PLAIN_VARIABLE.exec(loop.outputElement.trim())?.[1] : undefined;
  if (outputVariable && outputVariable !== loop.inputElement && outputVariable !== 'loopCounter') setLocalVariable(ctx, inner, outputVariable, null);
  setLocalVariable(ctx, inner, 'loopCounter', index + 1);
}

const PLAIN_VARIABLE = /^([A-Za-z_$][\w$]*)(?:\.[A-Za-z_$][\w$]*)*$/;

function terminateOthers(ctx: BatchContext, body: ElementInstance, except: string): void {
  for (const child of ctx.state.childrenOf(body.key)) {
    if (child.key === except) continue;
    body.multiInstance!.terminated++;
    terminateElement(ctx, child);
  }
  ctx.state.putElement(body);
}
