import { evaluateFeel } from '../feel/expression.ts';
import type { FlowNode, Mapping } from '../model/types.ts';
import type { ElementInstance } from '../state/types.ts';
import type { BatchContext } from './context.ts';
import { raiseElementIncident } from './incidents.ts';
import { mergeDocument, mergeLocal, scopeLookup, type VariableLookup } from './variables.ts';

/** Input mappings become local variables of the element instance. False = incident raised. */
export function applyInputMappings(ctx: BatchContext, instance: ElementInstance, node: FlowNode): boolean {
  const scope = instance.flowScopeKey ?? instance.key;
  const result = evaluateMappings(node.inputs, scopeLookup(ctx.state, scope));
  if (!result.ok) {
    raiseElementIncident(ctx, instance, 'IO_MAPPING_ERROR', result.message);
    return false;
  }
  mergeLocal(ctx, instance, result.document);
  return true;
}

/**
 * What an element hands to its flow scope on completion. With output mappings only their
 * results leave (merged into the flow scope); without, the variables the element was
 * completed with propagate outwards from the element's own scope.
 */
export function applyOutputs(ctx: BatchContext, instance: ElementInstance, node: FlowNode): boolean {
  const delivered = instance.pendingVariables;
  const flowScope = instance.flowScopeKey ? ctx.state.elements.get(instance.flowScopeKey) : undefined;
  const isCallActivity = node.calledElement !== undefined;
  if (!node.outputs.length) {
    // A call activity with propagateAllChildVariables=false hands over only what output mappings name.
    const propagates = node.calledElement?.propagateAllChildVariables !== false;
    // Zeebe 8.6 (measured by the differential suite): a called process's variables propagate from
    // the call activity's flow scope, so a name that only the call activity's input mappings
    // created still reaches the process; other elements' from the element itself.
    const from = isCallActivity ? flowScope : instance;
    if (propagates && from && delivered && Object.keys(delivered).length) mergeDocument(ctx, from, delivered);
    return true;
  }
  // Zeebe 8.6 sets a called process's variables as local variables of the call activity before
  // its output mappings run, so they stay visible to a multi-instance output element.
  if (isCallActivity && delivered) mergeLocal(ctx, instance, delivered);
  const result = evaluateMappings(node.outputs, scopeLookup(ctx.state, instance.key, delivered));
  if (!result.ok) {
    raiseElementIncident(ctx, instance, 'IO_MAPPING_ERROR', result.message);
    return false;
  }
  // Zeebe (BpmnVariableMappingBehavior.getVariableScopeKey): an inner instance of a multi-instance
  // activity writes its output mappings from its own scope, where the output element's variable
  // lives; any other element writes them from its flow scope. Zeebe 8.6 writes a call activity's
  // from its flow scope even when it is an inner instance (measured: the mapped variable reaches
  // the process, and the output element still sees the child's value locally).
  const isInnerInstance = instance.loopCounter !== undefined && instance.elementType !== 'MULTI_INSTANCE_BODY';
  const target = isInnerInstance && !isCallActivity ? instance : flowScope;
  if (target) mergeDocument(ctx, target, result.document);
  return true;
}

type MappingResult = { ok: true; document: Record<string, unknown> } | { ok: false; message: string };

/** Later mappings see the targets of earlier ones, like entries of one FEEL context. */
function evaluateMappings(mappings: Mapping[], lookup: VariableLookup): MappingResult {
  const document: Record<string, unknown> = {};
  const withDocument: VariableLookup = (name) => (Object.hasOwn(document, name) ? document[name] : lookup(name));
  for (const mapping of mappings) {
    const missing = missingRootVariable(mapping.source, withDocument);
    if (missing) {
      return { ok: false, message: `failed to evaluate expression '${mapping.source}': no variable found for name '${missing}'` };
    }
    const evaluated = evaluateFeel(mapping.source, withDocument);
    if (!evaluated.ok) return { ok: false, message: evaluated.message };
    assignPath(document, mapping.target, evaluated.value, lookup);
  }
  return { ok: true, document };
}

const PLAIN_PATH = /^([A-Za-z_$][\w$]*)(\.[A-Za-z_$][\w$]*)*$/;

/** A mapping that is just a variable reference must find that variable (Zeebe raises an incident). */
function missingRootVariable(source: string, lookup: VariableLookup): string | undefined {
  const text = source.trim();
  if (!PLAIN_PATH.test(text)) return undefined;
  const root = text.split('.')[0]!;
  if (root === 'null' || root === 'true' || root === 'false') return undefined;
  return lookup(root) === undefined ? root : undefined;
}

/**
 * `a.b.c` targets write into nested contexts, creating them as needed. A nested target merges
 * into the variable as it exists (Zeebe: `summary.doubled` keeps the other entries of `summary`).
 */
function assignPath(document: Record<string, unknown>, target: string, value: unknown, existing: VariableLookup): void {
  const parts = target.split('.');
  if (parts.length > 1 && !Object.hasOwn(document, parts[0]!)) {
    const current = existing(parts[0]!);
    if (typeof current === 'object' && current !== null && !Array.isArray(current)) document[parts[0]!] = current;
  }
  let current = document;
  for (const part of parts.slice(0, -1)) {
    const next = current[part];
    if (typeof next === 'object' && next !== null && !Array.isArray(next)) {
      current[part] = { ...(next as Record<string, unknown>) };
    } else {
      current[part] = {};
    }
    current = current[part] as Record<string, unknown>;
  }
  current[parts[parts.length - 1]!] = value;
}
