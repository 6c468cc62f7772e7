/**
 * Scopes are `resource:action`, action ∈ read | write | *, resource a name or `*`.
 * `*:*` grants everything; `res:*` grants read and write on res; `*:read` grants read on all.
 */
export type Action = 'read' | 'write' | '*';

export interface Scope {
  resource: string;
  action: Action;
}

export const WARDEN_RESOURCES = ['api-keys', 'oauth-clients', 'agents', 'workspaces', 'events', 'usage', 'verify'] as const;

const SCOPE_SHAPE = /^([a-z][a-z0-9-]{0,39}|\*):(read|write|\*)$/;

export function parseScope(text: string): Scope | null {
  const match = SCOPE_SHAPE.exec(text);
  if (!match) return null;
  return { resource: match[1]!, action: match[2] as Action };
}

function grants(granted: Scope, resource: string, action: 'read' | 'write'): boolean {
  return (granted.resource === '*' || granted.resource === resource) && (granted.action === '*' || granted.action === action);
}

export interface ScopePolicy {
  /** BankSync's rule: write is only effective together with read on the same resource. */
  writeRequiresRead: boolean;
}

/** Pre-parsed scope set; parse once per credential (cached), check many times. */
export class ScopeSet {
  readonly scopes: readonly Scope[];
  constructor(readonly names: readonly string[]) {
    this.scopes = names.map((name) => parseScope(name)).filter((scope): scope is Scope => scope !== null);
  }

  private has(resource: string, action: 'read' | 'write'): boolean {
    return this.scopes.some((scope) => grants(scope, resource, action));
  }

  /** Does this set allow `required` (e.g. `api-keys:write`)? */
  allows(required: string, policy: ScopePolicy): boolean {
    const scope = parseScope(required);
    if (!scope || scope.resource === '*') return false;
    if (scope.action === '*') return this.allows(`${scope.resource}:read`, policy) && this.allows(`${scope.resource}:write`, policy);
    if (!this.has(scope.resource, scope.action)) return false;
    if (scope.action === 'write' && policy.writeRequiresRead) return this.has(scope.resource, 'read');
    return true;
  }

  /**
   * What this set lacks to allow `required`: the scopes to add, not the ones asked for — under
   * writeRequiresRead a held `jobs:write` without `jobs:read` lacks `jobs:read`.
   */
  missing(required: readonly string[], policy: ScopePolicy): string[] {
    const lacking = new Set<string>();
    for (const name of required) {
      if (this.allows(name, policy)) continue;
      const scope = parseScope(name);
      if (!scope || scope.resource === '*') {
        lacking.add(name);
        continue;
      }
      const needsRead = scope.action === 'read' || scope.action === '*' || policy.writeRequiresRead;
      const needsWrite = scope.action !== 'read';
      if (needsRead && !this.has(scope.resource, 'read')) lacking.add(`${scope.resource}:read`);
      if (needsWrite && !this.has(scope.resource, 'write')) lacking.add(`${scope.resource}:write`);
    }
    return [...lacking];
  }

  /**
   * The write grants of this set that are useless under writeRequiresRead: `res:write` (or
   * `*:write`) with no read grant on the same resource.
   */
  writesWithoutRead(): string[] {
    return this.scopes
      .filter((scope) => scope.action === 'write' && !this.scopes.some(
        (held) => (held.resource === '*' || held.resource === scope.resource) && held.action !== 'write' &&
          (scope.resource !== '*' || held.resource === '*'),
      ))
      .map((scope) => `${scope.resource}:${scope.action}`);
  }

  /**
   * Is `requested` no wider than this set? Used so a credential can never mint or widen a
   * credential beyond what it holds itself. `res:*` needs res read and write; `*:x` needs a
   * wildcard-resource grant because the resource list is open-ended.
   */
  covers(requested: string): boolean {
    const scope = parseScope(requested);
    if (!scope) return false;
    const actions: ('read' | 'write')[] = scope.action === '*' ? ['read', 'write'] : [scope.action];
    return actions.every((action) =>
      this.scopes.some(
        (held) =>
          (held.resource === '*' || (scope.resource !== '*' && held.resource === scope.resource)) &&
          (held.action === '*' || held.action === action),
      ),
    );
  }

  uncovered(requested: readonly string[]): string[] {
    return requested.filter((scope) => !this.covers(scope));
  }
}
