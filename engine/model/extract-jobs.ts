/**
 * Job workers: `zeebe:taskDefinition` + `zeebe:taskHeaders`, shared by service, send, script and
 * business rule tasks and by message throw events, with Zeebe's checks.
 */
import type { ExtractContext } from './extract-context.ts';
import { expressionProblems, requiredAttributeProblem, toExpression } from './expressions.ts';
import { extensions, list, str, type ModdleElement } from './moddle.ts';
import type { JobDefinition } from './types.ts';

export const RESERVED_HEADER_PREFIX = 'io.camunda.zeebe:';

/** Zeebe's default when `retries` is absent (ZeebeTaskDefinition.DEFAULT_RETRIES). */
export const DEFAULT_RETRIES = '3';

export const EXACTLY_ONE_TASK_DEFINITION = "Must have exactly one 'zeebe:taskDefinition' extension element";

/** Elements that must be job workers (service and send tasks, message throw events). */
export function extractRequiredJob(el: ModdleElement, id: string, ctx: ExtractContext): JobDefinition | undefined {
  const definitions = extensions(el, 'zeebe:TaskDefinition');
  const definition = definitions[0];
  if (definitions.length !== 1 || !definition) {
    ctx.problems.add(id, EXACTLY_ONE_TASK_DEFINITION);
    return undefined;
  }
  return jobOf(el, definition, id, ctx);
}

/**
 * Script and business rule tasks: exactly one of `zeebe:<alternative>` or
 * `zeebe:taskDefinition` (Zeebe's ScriptTask/BusinessRuleTask validators). Returns the job when
 * the task is a job worker, the alternative element otherwise.
 */
export function extractJobOr(
  el: ModdleElement,
  id: string,
  alternative: { type: string; name: string },
  ctx: ExtractContext,
): { job: JobDefinition } | { alternative: ModdleElement } | undefined {
  const others = extensions(el, alternative.type);
  const definitions = extensions(el, 'zeebe:TaskDefinition');
  const [other] = others;
  const [definition] = definitions;
  if (others.length === 1 && definitions.length === 0 && other) return { alternative: other };
  if (others.length === 0 && definitions.length === 1 && definition) return { job: jobOf(el, definition, id, ctx) };
  ctx.problems.add(id, `Must have either one 'zeebe:${alternative.name}' or one 'zeebe:taskDefinition' extension element`);
  return undefined;
}

function jobOf(el: ModdleElement, definition: ModdleElement, id: string, ctx: ExtractContext): JobDefinition {
  const type = str(definition, 'type');
  const retries = str(definition, 'retries') ?? DEFAULT_RETRIES;
  for (const [value, attribute] of [
    [type, 'type'],
    [retries, 'retries'],
  ] as const) {
    const missing = requiredAttributeProblem(value, attribute);
    if (missing) ctx.problems.add(id, missing);
    else ctx.problems.addAll(id, expressionProblems(value, { mandatory: true }));
  }
  return { type: toExpression(type ?? ''), retries: toExpression(retries), headers: extractHeaders(el, id, ctx) };
}

/** `zeebe:taskHeaders`, with Zeebe's reserved-key and duplicate-key checks. */
export function extractHeaders(el: ModdleElement, id: string, ctx: ExtractContext): Record<string, string> {
  const headers: Record<string, string> = {};
  const seen = new Set<string>();
  for (const header of extensions(el, 'zeebe:TaskHeaders').flatMap((container) => list(container, 'values'))) {
    const key = str(header, 'key');
    const value = str(header, 'value');
    if (key?.startsWith(RESERVED_HEADER_PREFIX)) {
      ctx.problems.add(id, `Attribute 'key' contains '${key}', but header keys starting with '${RESERVED_HEADER_PREFIX}' are reserved for internal use.`);
    }
    if (key !== undefined && seen.has(key)) ctx.problems.add(id, `Headers contain duplicate entries for key '${key}'`);
    if (key !== undefined) seen.add(key);
    // Zeebe drops (and logs) headers with an empty key or value instead of rejecting them.
    if (key && value) headers[key] = value;
  }
  return headers;
}
