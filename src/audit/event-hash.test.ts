import { describe, expect, it } from 'vitest';
import { eventHash } from './audit-store.js';

// Pinned: stored chains are verified with this function, so its output must never drift. The
// values were computed by the original (generic canonical-JSON) implementation.
describe('eventHash', () => {
  it('hashes the canonical event exactly as chains already stored expect', () => {
    const prev = 'f'.repeat(64);
    const request = {
      id: 'evt_0abc', workspace_id: 'wsp_1', type: 'request', actor_type: 'api_key', actor_id: 'key_1', target_type: null, target_id: null,
      ip: '127.0.0.1', method: 'GET', path: '/v1/me', status: 200, latency_ms: 1, endpoint_class: 'standard', user_agent: 'ua "x" \\ \n',
      data: {}, created_at: new Date(1700000000123), chain_seq: 5,
    };
    const readBack = {
      id: 'evt_0abd', workspace_id: null, type: 'deal.noted', actor_type: 'user', actor_id: 'usr_1', target_type: 'deal', target_id: 'd\t1',
      ip: null, method: null, path: null, status: null, latency_ms: null, endpoint_class: null, user_agent: null,
      data: { z: 1, a: [1, { y: 'é', b: null }] }, created_at: '2026-12-01T00:00:00.000Z' as unknown as Date, chain_seq: '7',
    };
    expect(eventHash(prev, request)).toBe('7b6841b92213db8bf68d6bb7512b36797de496713e22c0cdb1ebdc49a8f72f75');
    expect(eventHash(prev, readBack)).toBe('2c31829e1ee289f05fc5d95d8410b16f921627b98c051a08e2db978383a4e0b0');
    // Any field changes the hash.
    expect(eventHash(prev, { ...request, status: 201 })).not.toBe('7b6841b92213db8bf68d6bb7512b36797de496713e22c0cdb1ebdc49a8f72f75');
  });
});

describe('canonicalJson', () => {
  it('sorts keys at every level, drops undefined members and round-trips through JSON', async () => {
    const { canonicalJson } = await import('./chain-link.js');
    expect(canonicalJson({})).toBe('{}');
    expect(canonicalJson({ session_id: 'grt_1' })).toBe('{"session_id":"grt_1"}');
    const value = { b: 1, a: { d: [3, { z: null, y: 'x"y' }], c: undefined }, 'é': true, A: 'upper first' };
    const text = canonicalJson(value);
    expect(text).toBe('{"A":"upper first","a":{"d":[3,{"y":"x\\"y","z":null}]},"b":1,"é":true}');
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
    expect(canonicalJson(new Date(0))).toBe('"1970-01-01T00:00:00.000Z"');
    expect(canonicalJson([undefined, 1])).toBe('[null,1]');
  });
});

describe('eventHash and linkRows over repeating fields', () => {
  it('remembering the last value of each field never changes a hash or a COPY line', async () => {
    const { createHash } = await import('node:crypto');
    const { canonicalJson, inlineLinker } = await import('./chain-link.js');
    const agents = ['curl/8', 'ua "quoted" \\ \n', null, 'curl/8'];
    const paths = ['/v1/me', '/v1/deals/1\t2', '/v1/me', '/v1/usage?x=é'];
    const rows = Array.from({ length: 60 }, (_, i) => ({
      id: `evt_${String(i).padStart(22, '0')}`, workspace_id: 'wsp_1', type: 'request', actor_type: i % 5 ? 'api_key' : 'user',
      actor_id: i % 5 ? 'key_1' : 'usr_1', target_type: null, target_id: null, ip: i % 7 ? '127.0.0.1' : '::1',
      method: i % 3 ? 'GET' : 'POST', path: paths[i % 4]!, status: i % 6 ? 200 : 429, latency_ms: i % 4, endpoint_class: 'standard',
      user_agent: agents[(i * 3) % 4]!, data: i % 9 ? {} : { session_id: `grt_${i}` }, created_at: new Date(1_800_000_000_000 + Math.floor(i / 3)),
      chain_seq: 10 + i,
    }));
    const reference = (prev: string, row: (typeof rows)[number]) =>
      createHash('sha256').update(`${prev}\n${canonicalJson(row)}`).digest('hex');
    let prev = 'e'.repeat(64);
    const expected: string[] = [];
    for (const row of rows) {
      expect(eventHash(prev, row)).toBe(reference(prev, row));
      prev = reference(prev, row);
      expected.push(prev);
    }
    const linked = inlineLinker('e'.repeat(64), rows) as { text: string; hashes: string[] };
    expect(linked.hashes).toEqual(expected);
    const lines = linked.text.split('\n');
    expect(lines[1]!.split('\t')[9]).toBe('/v1/deals/1\\t2');
    expect(lines[1]!.split('\t')[13]).toBe('curl/8');
    expect(lines[3]!.split('\t')[13]).toBe('ua "quoted" \\\\ \\n');
    expect(lines[7]!.split('\t')[13]).toBe('ua "quoted" \\\\ \\n');
    expect(lines[2]!.split('\t')[13]).toBe('\\N');
  });
});

describe('eventBodyAroundSeq', () => {
  it('before + seq + after hashes as eventHash does, whatever the fields hold', async () => {
    const { createHash } = await import('node:crypto');
    const { eventBodyAroundSeq } = await import('./chain-format.js');
    const prev = 'a'.repeat(64);
    const tricky = ['"chain_seq":null', 'x","chain_seq":null,"y', 'é \\ \n \t "q"', null, '\u2028', 'a\u0000b', 'ü"chain_seq":1'];
    for (const actor of tricky) {
      for (const actorType of tricky) {
        const row = {
          id: 'evt_0abc', workspace_id: 'wsp_1', type: 'login.succeeded', actor_type: actorType, actor_id: actor, target_type: 'session', target_id: 'ses_1',
          ip: '::1', method: null, path: null, status: null, latency_ms: null, endpoint_class: null, user_agent: actor,
          data: { reason: actor }, created_at: new Date(1800000000123), chain_seq: null,
        };
        const [before, after] = eventBodyAroundSeq(row);
        for (const seq of [1, 42, 9007199254740991]) {
          const sqlSide = createHash('sha256').update(`${prev}\n${before}${seq}${after}`, 'utf8').digest('hex');
          expect(sqlSide).toBe(eventHash(prev, { ...row, chain_seq: seq }));
        }
      }
    }
  });
});
