/** Scope picking for keys, clients and agents: the deployment's catalog and the write-requires-read rule. */

export const WRITE_REQUIRES_READ =
  'A write scope only works together with read on the same resource, so ticking write also ticks read (and unticking read unticks write).';

/** `scopes_supported` of /.well-known/oauth-authorization-server → resources with their scopes, in order. */
export function scopeCatalog(scopesSupported: readonly string[]): { resource: string; scopes: string[] }[] {
  const byResource = new Map<string, string[]>();
  for (const scope of scopesSupported) {
    const [resource] = scope.split(':');
    if (!resource) continue;
    byResource.set(resource, [...(byResource.get(resource) ?? []), scope]);
  }
  return [...byResource].map(([resource, scopes]) => ({ resource, scopes }));
}

/** The selection after ticking or unticking one scope, keeping write only with read. */
export function toggleScope(selected: readonly string[], scope: string, checked: boolean): string[] {
  const [resource, action] = scope.split(':');
  const next = new Set(selected);
  if (checked) {
    next.add(scope);
    if (action === 'write') next.add(`${resource}:read`);
  } else {
    next.delete(scope);
    if (action === 'read') next.delete(`${resource}:write`);
  }
  return [...next].sort();
}
