/**
 * Every failure of the rules layer is one of these, with a stable `code`, so callers (the
 * worker, a REST endpoint) can map them to a job failure or a 4xx without parsing messages.
 */
export type RulesErrorCode =
  | 'INVALID_RULE_SET' // schema, operator, fact or value problems (load or deploy)
  | 'VERSION_CONFLICT' // a version label reused for different content
  | 'RULE_SET_NOT_FOUND' // unknown id or version
  | 'MISSING_FACT' // a required fact was not provided
  | 'INVALID_FACT' // a fact of the wrong type
  | 'INCOMPLETE_OUTCOME'; // no rule decided a key the rule set marks as required

export class RulesError extends Error {
  constructor(
    readonly code: RulesErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'RulesError';
  }
}

/** A rejected rule set: `issues` holds every problem found, each a complete sentence. */
export class RuleSetValidationError extends RulesError {
  constructor(readonly issues: string[]) {
    super('INVALID_RULE_SET', issues.join('\n'));
    this.name = 'RuleSetValidationError';
  }
}
