import { z } from 'zod';

/**
 * The shape of a rule set file. Conditions are only typed loosely here: validate.ts walks
 * them node by node so that a problem is reported as "condition all[1].any[0]: …" rather
 * than as a zod union failure several levels deep.
 */

export const FACT_TYPES = ['string', 'number', 'integer', 'boolean', 'date-time', 'array', 'object', 'any'] as const;
export type FactType = (typeof FACT_TYPES)[number];

const name = z.string().regex(/^[A-Za-z_][A-Za-z0-9_-]*$/, 'must start with a letter or _ and hold only letters, digits, _ and -');
const params = z.record(z.string(), z.unknown());

export const factDeclarationSchema = z.strictObject({
  type: z.enum(FACT_TYPES),
  description: z.string().min(1, 'a fact needs a description (analysts read it in the editor)'),
  required: z.boolean().optional(),
});

export const ruleSchema = z.strictObject({
  name: z.string().min(1),
  description: z.string().optional(),
  // json-rules-engine runs higher priorities first; it rejects 0 and below.
  priority: z.number().int().min(1).optional(),
  conditions: z.record(z.string(), z.unknown()),
  event: z.strictObject({ type: z.string().min(1), params: params.optional() }),
});

export const outcomeSchema = z.strictObject({
  /** Values the outcome starts from; any fired rule's params override them. */
  default: params.optional(),
  /** Keys whose array values are concatenated over every fired rule instead of first-wins. */
  accumulate: z.array(z.string().min(1)).optional(),
  /** Keys that must be decided (by a rule or `default`), otherwise the evaluation fails. */
  required: z.array(z.string().min(1)).optional(),
});

export const ruleSetSchema = z.strictObject({
  $schema: z.string().optional(),
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lower-case letters, digits and dashes (it names the file)'),
  version: z.union([z.string().min(1), z.number().int().nonnegative()]),
  description: z.string().min(1),
  /** IANA zone for businessHours and sameDay; defaults to the registry's (UTC unless set). */
  timeZone: z.string().optional(),
  facts: z.record(name, factDeclarationSchema),
  rules: z.array(ruleSchema).min(1, 'a rule set needs at least one rule'),
  outcome: outcomeSchema.optional(),
});

export type FactDeclaration = z.infer<typeof factDeclarationSchema>;
export type RuleDefinition = Omit<z.infer<typeof ruleSchema>, 'conditions'> & { conditions: TopCondition };
export type OutcomeDefinition = z.infer<typeof outcomeSchema>;
export type RuleSetDefinition = Omit<z.infer<typeof ruleSetSchema>, 'rules'> & { rules: RuleDefinition[] };

/** A `{ fact, path?, params? }` reference, usable as a condition value or inside event params. */
export interface FactReference {
  fact: string;
  path?: string;
  params?: Record<string, unknown>;
}

export interface FactCondition extends FactReference {
  operator: string;
  value: unknown;
  name?: string;
  priority?: number;
}

interface BooleanMeta {
  name?: string;
  priority?: number;
}
export type TopCondition =
  | ({ all: Condition[] } & BooleanMeta)
  | ({ any: Condition[] } & BooleanMeta)
  | ({ not: Condition } & BooleanMeta);
export type Condition = TopCondition | FactCondition;

/** Node schemas used by the condition walker (validate.ts). */
export const factConditionSchema = z.strictObject({
  fact: z.string().min(1),
  operator: z.string().min(1),
  value: z.unknown(),
  path: z.string().startsWith('$', 'is a JSONPath and must start with $').optional(),
  params: params.optional(),
  name: z.string().optional(),
  priority: z.number().int().min(1).optional(),
});

export const booleanMetaSchema = z.strictObject({
  all: z.unknown().optional(),
  any: z.unknown().optional(),
  not: z.unknown().optional(),
  name: z.string().optional(),
  priority: z.number().int().min(1).optional(),
});

export function isFactReference(value: unknown): value is FactReference {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as { fact?: unknown }).fact === 'string';
}
