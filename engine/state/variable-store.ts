export interface VariableChange {
  scopeKey: string;
  name: string;
  processInstanceKey: string;
  value: unknown;
}

/** Variables per scope (element instance key). Values are JSON-compatible. */
export class VariableStore {
  private readonly scopes = new Map<string, Map<string, unknown>>();
  private readonly scopeOwner = new Map<string, string>();
  private upserts = new Map<string, VariableChange>();
  private deletedScopes = new Set<string>();

  get(scopeKey: string, name: string): unknown {
    return this.scopes.get(scopeKey)?.get(name);
  }

  has(scopeKey: string, name: string): boolean {
    return this.scopes.get(scopeKey)?.has(name) ?? false;
  }

  local(scopeKey: string): ReadonlyMap<string, unknown> {
    return this.scopes.get(scopeKey) ?? EMPTY;
  }

  set(scopeKey: string, processInstanceKey: string, name: string, value: unknown): void {
    let scope = this.scopes.get(scopeKey);
    if (!scope) {
      scope = new Map();
      this.scopes.set(scopeKey, scope);
      this.scopeOwner.set(scopeKey, processInstanceKey);
    }
    scope.set(name, value);
    this.upserts.set(`${scopeKey}\u0000${name}`, { scopeKey, name, processInstanceKey, value });
  }

  /** Drops every variable of a finished scope. */
  dropScope(scopeKey: string): void {
    const scope = this.scopes.get(scopeKey);
    if (!scope) return;
    for (const name of scope.keys()) this.upserts.delete(`${scopeKey}\u0000${name}`);
    this.scopes.delete(scopeKey);
    this.scopeOwner.delete(scopeKey);
    this.deletedScopes.add(scopeKey);
  }

  load(scopeKey: string, processInstanceKey: string, name: string, value: unknown): void {
    let scope = this.scopes.get(scopeKey);
    if (!scope) {
      scope = new Map();
      this.scopes.set(scopeKey, scope);
      this.scopeOwner.set(scopeKey, processInstanceKey);
    }
    scope.set(name, value);
  }

  takeChanges(): { upserts: VariableChange[]; deletedScopes: string[] } {
    const changes = { upserts: [...this.upserts.values()], deletedScopes: [...this.deletedScopes] };
    this.upserts = new Map();
    this.deletedScopes = new Set();
    return changes;
  }
}

const EMPTY: ReadonlyMap<string, unknown> = new Map();
