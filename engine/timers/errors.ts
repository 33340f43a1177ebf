// ---------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------

/** Raised for any timer text that cannot be used; `reason` omits the input echo. */
export class TimerDefinitionError extends Error {
  override readonly name = 'TimerDefinitionError';
  readonly text: string;
  readonly reason: string;

  constructor(what: string, text: string, reason: string) {
    super(`Invalid ${what} '${text}': ${reason}`);
    this.text = text;
    this.reason = reason;
  }
}

/** Internal: thrown by helpers that do not know which public entry point they serve. */
export class Problem extends Error {}

export function withContext<T>(what: string, text: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof Problem) throw new TimerDefinitionError(what, text, error.message);
    throw error;
  }
}

export function checkInput(what: string, text: unknown): string {
  if (typeof text !== 'string') {
    throw new TimerDefinitionError(what, String(text), `expected a string but got ${typeof text}`);
  }
  const trimmed = text.trim();
  if (trimmed === '') throw new TimerDefinitionError(what, text, 'the text is empty');
  if (trimmed.startsWith('=')) {
    throw new TimerDefinitionError(
      what,
      text,
      'this is a FEEL expression; evaluate it first and pass the resulting string',
    );
  }
  return trimmed;
}
