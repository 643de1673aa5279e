// Zeebe's two ways of writing variables (VariableBehavior in the Zeebe engine):
// a local merge writes into one scope; a propagating merge starts at a scope and walks up, updating
// the first scope that holds a *different* value under the same name, and creates what is left at the root.
import { isDeepStrictEqual } from 'node:util';
import type { Changes } from '../state/changes.js';
import type { InstanceState } from './instance-state.js';

/** Variable writes for one process instance, recorded in its change set and journal. */
export class VariableWriter {
  constructor(
    private readonly state: InstanceState,
    private readonly changes: Changes,
  ) {}

  /** Writes `name` into exactly this scope; an unchanged value is not written again. */
  setLocal(scopeKey: string, name: string, value: unknown): void {
    const scope = this.state.scope(scopeKey);
    const existed = scope.has(name);
    if (existed && isDeepStrictEqual(scope.get(name), value)) return;
    scope.set(name, value);
    this.changes.setVariable({ scope_key: scopeKey, name, value, process_instance_key: this.state.key });
    this.changes.noteVariable(scopeKey, name, existed ? 'updated' : 'created');
  }

  mergeLocal(scopeKey: string, document: Record<string, unknown>): void {
    for (const [name, value] of Object.entries(document)) this.setLocal(scopeKey, name, value);
  }

  /**
   * Propagating merge. A scope holding an equal value does not stop the walk, exactly as in Zeebe,
   * so the value can still be written further up.
   */
  mergeDocument(scopeKey: string, document: Record<string, unknown>): void {
    const remaining = new Map(Object.entries(document));
    const chain = this.state.scopeChain(scopeKey);
    for (const key of chain.slice(0, -1)) {
      const scope = this.state.variables.get(key);
      if (!scope) continue;
      for (const [name, value] of remaining) {
        if (scope.has(name) && !isDeepStrictEqual(scope.get(name), value)) {
          this.setLocal(key, name, value);
          remaining.delete(name);
        }
      }
    }
    const root = chain[chain.length - 1] ?? scopeKey;
    for (const [name, value] of remaining) this.setLocal(root, name, value);
  }
}
