import type { EngineState } from '../state/engine-state.ts';
import type { ElementInstance } from '../state/types.ts';
import type { BatchContext } from './context.ts';

export type VariableLookup = (name: string) => unknown;

/** Name lookup from a scope outwards: an inner variable shadows an outer one. */
export function scopeLookup(state: EngineState, scopeKey: string, overlay?: Record<string, unknown>): VariableLookup {
  return (name) => {
    if (overlay && Object.hasOwn(overlay, name)) return overlay[name];
    for (let key: string | null = scopeKey; key; key = state.elements.get(key)?.flowScopeKey ?? null) {
      if (state.variables.has(key, name)) return state.variables.get(key, name);
    }
    return undefined;
  };
}

/** Every visible variable (or only `names`), as a job or a result sees them. */
export function visibleVariables(state: EngineState, scopeKey: string, names?: readonly string[]): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  if (names && names.length) {
    const lookup = scopeLookup(state, scopeKey);
    for (const name of names) {
      const value = lookup(name);
      if (value !== undefined) result[name] = value;
    }
    return result;
  }
  const chain: string[] = [];
  for (let key: string | null = scopeKey; key; key = state.elements.get(key)?.flowScopeKey ?? null) chain.push(key);
  for (let i = chain.length - 1; i >= 0; i--) {
    for (const [name, value] of state.variables.local(chain[i]!)) result[name] = value;
  }
  return result;
}

/** Sets one variable in exactly this scope, writing VARIABLE CREATED/UPDATED (nothing if unchanged). */
export function setLocalVariable(ctx: BatchContext, scope: ElementInstance, name: string, value: unknown): void {
  const vars = ctx.state.variables;
  const exists = vars.has(scope.key, name);
  if (exists && sameJson(vars.get(scope.key, name), value)) return;
  vars.set(scope.key, scope.processInstanceKey, name, value);
  ctx.record({
    key: ctx.state.nextKey(),
    valueType: 'VARIABLE',
    intent: exists ? 'UPDATED' : 'CREATED',
    processInstanceKey: scope.processInstanceKey,
    bpmnProcessId: scope.bpmnProcessId,
    value: { name, value: value ?? null, scopeKey: scope.key, processDefinitionKey: scope.processDefinitionKey },
  });
}

export function mergeLocal(ctx: BatchContext, scope: ElementInstance, document: Record<string, unknown>): void {
  for (const [name, value] of Object.entries(document)) setLocalVariable(ctx, scope, name, value);
}

/**
 * Zeebe's propagation: each variable is set in the nearest scope, starting at `scope`,
 * that already holds a variable of that name; failing that, in the process instance.
 */
export function mergeDocument(ctx: BatchContext, scope: ElementInstance, document: Record<string, unknown>): void {
  const { state } = ctx;
  for (const [name, value] of Object.entries(document)) {
    let target: ElementInstance = scope;
    for (let s: ElementInstance | undefined = scope; s; s = s.flowScopeKey ? state.elements.get(s.flowScopeKey) : undefined) {
      target = s;
      if (state.variables.has(s.key, name)) break;
    }
    setLocalVariable(ctx, target, name, value);
  }
}

function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}
