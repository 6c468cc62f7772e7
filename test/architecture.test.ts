import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { folderOf, importEdges, type ImportEdge } from './helpers/import-graph.js';

/**
 * Which way dependencies point (shared/DESIGN.md): `server/` (assembly) → domains → `store/` and
 * `lib/`. `lib/` knows nothing of Warden, `store/` knows no domain, and a domain reaches another
 * only through its exported services, never its `*-store.ts` (its tables).
 *
 * KNOWN lists the imports that still point the wrong way (issue 13 removes them). The test fails on
 * a new one, and on a listed one that is gone (delete it from the list: the ratchet only tightens).
 */

const edges = importEdges(fileURLToPath(new URL('../src', import.meta.url)));
const edgeName = (edge: ImportEdge): string => `${edge.from} -> ${edge.to}`;
const ASSEMBLY = new Set(['server', 'cli']);
const BELOW_DOMAINS = new Set(['lib', 'store', 'errors']);

/** Domain → `server/` (the HTTP kit and the Services bag live there today). */
const KNOWN_UPWARD = new Set<string>([
  'gateway/gateway-plugin.ts -> server/services.ts',
  'gateway/gateway-auth.ts -> server/services.ts', 'gateway/gateway-auth.ts -> server/auth-hook.ts',
  'agents/agent-routes.ts -> server/services.ts', 'agents/agent-routes.ts -> server/auth-hook.ts', 'agents/agent-routes.ts -> server/schemas.ts', 'agents/agent-routes.ts -> server/cursor.ts',
  'agents/agent-service.ts -> server/cursor.ts',
  'audit/chain-routes.ts -> server/services.ts', 'audit/chain-routes.ts -> server/auth-hook.ts', 'audit/chain-routes.ts -> server/schemas.ts',
  'audit/event-routes.ts -> server/services.ts', 'audit/event-routes.ts -> server/auth-hook.ts', 'audit/event-routes.ts -> server/schemas.ts', 'audit/event-routes.ts -> server/cursor.ts',
  'audit/request-audit.ts -> server/services.ts',
  'audit/usage-routes.ts -> server/services.ts', 'audit/usage-routes.ts -> server/auth-hook.ts', 'audit/usage-routes.ts -> server/schemas.ts',
  'auth/me-routes.ts -> server/services.ts', 'auth/me-routes.ts -> server/auth-hook.ts', 'auth/me-routes.ts -> server/schemas.ts',
  'auth/verify-token.ts -> server/services.ts',
  'keys/key-routes.ts -> server/services.ts', 'keys/key-routes.ts -> server/auth-hook.ts', 'keys/key-routes.ts -> server/schemas.ts', 'keys/key-routes.ts -> server/cursor.ts',
  'keys/key-schemas.ts -> server/schemas.ts',
  'keys/verify-routes.ts -> server/services.ts', 'keys/verify-routes.ts -> server/auth-hook.ts', 'keys/verify-routes.ts -> server/schemas.ts',
  'oauth/client-routes.ts -> server/services.ts', 'oauth/client-routes.ts -> server/auth-hook.ts', 'oauth/client-routes.ts -> server/schemas.ts', 'oauth/client-routes.ts -> server/cursor.ts',
  'oauth/client-service.ts -> server/cursor.ts',
  'oauth/oauth-routes.ts -> server/services.ts', 'oauth/oauth-routes.ts -> server/config.ts', 'oauth/oauth-routes.ts -> server/auth-hook.ts',
  'sessions/auth-routes.ts -> server/services.ts', 'sessions/auth-routes.ts -> server/auth-hook.ts', 'sessions/auth-routes.ts -> server/schemas.ts',
  'sessions/password-routes.ts -> server/services.ts', 'sessions/password-routes.ts -> server/auth-hook.ts', 'sessions/password-routes.ts -> server/schemas.ts',
  'sessions/session-routes.ts -> server/services.ts', 'sessions/session-routes.ts -> server/auth-hook.ts', 'sessions/session-routes.ts -> server/schemas.ts',
  'tokens/jwks-routes.ts -> server/services.ts',
  'twofactor/two-factor-routes.ts -> server/services.ts', 'twofactor/two-factor-routes.ts -> server/auth-hook.ts', 'twofactor/two-factor-routes.ts -> server/schemas.ts',
  'workspaces/workspace-routes.ts -> server/services.ts', 'workspaces/workspace-routes.ts -> server/auth-hook.ts', 'workspaces/workspace-routes.ts -> server/schemas.ts',
]);

/** Domain → another domain's `*-store.ts`. */
const KNOWN_FOREIGN_STORE = new Set<string>([
  'agents/agent-service.ts -> grants/grant-store.ts',
  'auth/authenticator.ts -> grants/grant-store.ts',
  'keys/key-exchange.ts -> grants/grant-store.ts',
  'keys/key-service.ts -> grants/grant-store.ts',
  'oauth/client-service.ts -> grants/grant-store.ts',
  'sessions/account-service.ts -> users/user-store.ts', 'sessions/account-service.ts -> workspaces/workspace-store.ts',
  'sessions/login-throttle.ts -> users/user-store.ts',
  'sessions/login-user.ts -> users/user-store.ts', 'sessions/login-user.ts -> workspaces/workspace-store.ts',
  'sessions/password-reset-service.ts -> users/user-store.ts', 'sessions/password-reset-service.ts -> users/password-reset-store.ts',
  'sessions/session-service.ts -> workspaces/workspace-store.ts',
  'sessions/session-verifier.ts -> workspaces/workspace-store.ts',
  'tokens/refresh-tokens.ts -> sessions/session-store.ts',
  'twofactor/two-factor-routes.ts -> users/user-store.ts',
  'users/user-admin.ts -> sessions/session-store.ts',
  'workspaces/workspace-service.ts -> users/user-store.ts', 'workspaces/workspace-service.ts -> sessions/session-store.ts',
]);

/** Everything in `actual` not in `known`, and everything in `known` no longer in `actual`. */
function ratchet(actual: string[], known: Set<string>): { added: string[]; gone: string[] } {
  const seen = new Set(actual);
  return { added: [...seen].filter((name) => !known.has(name)).sort(), gone: [...known].filter((name) => !seen.has(name)).sort() };
}

describe('dependencies point one way (the import graph of src/)', () => {
  it('reads the graph', () => {
    expect(edges.length).toBeGreaterThan(300);
    expect(edges).toContainEqual({ from: 'server/app.ts', to: 'server/services.ts' });
  });

  it('lib/ imports only lib/; errors/ only errors/ and lib/; store/ only store/, errors/ and lib/', () => {
    const allowed: Record<string, Set<string>> = {
      lib: new Set(['lib']),
      errors: new Set(['errors', 'lib']),
      store: new Set(['store', 'errors', 'lib']),
    };
    const wrong = edges.filter((edge) => allowed[folderOf(edge.from)] && !allowed[folderOf(edge.from)]!.has(folderOf(edge.to))).map(edgeName);
    expect(wrong).toEqual([]);
  });

  it('a domain does not import server/ (the assembly); known cases only shrink', () => {
    const upward = edges.filter((edge) => !ASSEMBLY.has(folderOf(edge.from)) && !BELOW_DOMAINS.has(folderOf(edge.from)) && folderOf(edge.to) === 'server').map(edgeName);
    expect(ratchet(upward, KNOWN_UPWARD)).toEqual({ added: [], gone: [] });
  });

  it('a domain does not import another domain\'s *-store.ts (its tables); known cases only shrink', () => {
    const foreign = edges
      .filter((edge) => !ASSEMBLY.has(folderOf(edge.from)) && folderOf(edge.from) !== folderOf(edge.to) && /-store\.ts$/.test(edge.to) && !BELOW_DOMAINS.has(folderOf(edge.to)))
      .map(edgeName);
    expect(ratchet(foreign, KNOWN_FOREIGN_STORE)).toEqual({ added: [], gone: [] });
  });
});
