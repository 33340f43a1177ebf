/**
 * DMN for the embedded engine: `parseDmn` at deploy time, `evaluateDecision` when a business
 * rule task (or EvaluateDecision) runs. Pure functions over plain data; the caller owns
 * state and records.
 */
export { parseDmn } from './parse-dmn.ts';
export { evaluateDecision } from './evaluate-decision.ts';
export * from './types.ts';
