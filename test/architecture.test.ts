import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { folderOf, importEdges, type ImportEdge } from './helpers/import-graph.js';

/**
 * Which way dependencies point (shared/DESIGN.md): `server/` (assembly) → domains → `store/` and
 * `lib/`. `lib/` knows nothing of Warden, `store/` knows no domain, and a domain reaches another
 * only through its exported services, never its `*-store.ts` (its tables).
 *
 * The HTTP kit (`http/`: auth hook, schemas, cursor, problem mapping) sits below the domains' routes.
 *
 * KNOWN lists the imports that still point the wrong way (issue 13 removes them). The test fails on
 * a new one, and on a listed one that is gone (delete it from the list: the ratchet only tightens).
 */

const edges = importEdges(fileURLToPath(new URL('../src', import.meta.url)));
const edgeName = (edge: ImportEdge): string => `${edge.from} -> ${edge.to}`;
const ASSEMBLY = new Set(['server', 'cli']);
const BELOW_DOMAINS = new Set(['lib', 'store', 'errors']);

/** Domain → another domain's `*-store.ts` (none left: each domain exports what others may use, e.g. grants/grants.ts). */
const KNOWN_FOREIGN_STORE = new Set<string>([]);

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

  it('a domain (and the HTTP kit) does not import server/ (the assembly): route plugins get what they use as options', () => {
    const upward = edges.filter((edge) => !ASSEMBLY.has(folderOf(edge.from)) && !BELOW_DOMAINS.has(folderOf(edge.from)) && folderOf(edge.to) === 'server').map(edgeName);
    expect(upward).toEqual([]);
  });

  it('the HTTP kit (http/) imports neither server/ nor a domain\'s routes', () => {
    const wrong = edges.filter((edge) => folderOf(edge.from) === 'http' && (folderOf(edge.to) === 'server' || /-routes\.ts$/.test(edge.to))).map(edgeName);
    expect(wrong).toEqual([]);
  });

  // The gateway is an HTTP proxy through and through: all of it is edge code.
  const HTTP_EDGE = new Set(['http', 'gateway']);

  it('only routes (and their schemas) use the HTTP kit: a domain service knows nothing of HTTP', () => {
    const wrong = edges
      .filter((edge) => folderOf(edge.to) === 'http' && !ASSEMBLY.has(folderOf(edge.from)) && !HTTP_EDGE.has(folderOf(edge.from)) && !/-(routes|schemas)\.ts$/.test(edge.from))
      .map(edgeName);
    expect(wrong).toEqual([]);
  });

  it('a domain does not import another domain\'s *-store.ts (its tables); known cases only shrink', () => {
    const foreign = edges
      .filter((edge) => !ASSEMBLY.has(folderOf(edge.from)) && folderOf(edge.from) !== folderOf(edge.to) && /-store\.ts$/.test(edge.to) && !BELOW_DOMAINS.has(folderOf(edge.to)))
      .map(edgeName);
    expect(ratchet(foreign, KNOWN_FOREIGN_STORE)).toEqual({ added: [], gone: [] });
  });
});
