import { describe, it, expect } from 'vitest';
import { ScopeSet, WARDEN_RESOURCES, parseScope, type ScopePolicy } from './scopes.js';

const STRICT: ScopePolicy = { writeRequiresRead: true };
const LAX: ScopePolicy = { writeRequiresRead: false };
const POLICIES = [STRICT, LAX];

const set = (...names: string[]) => new ScopeSet(names);

describe('parseScope', () => {
  it('parses resource:action', () => {
    expect(parseScope('deals:read')).toEqual({ resource: 'deals', action: 'read' });
    expect(parseScope('api-keys:write')).toEqual({ resource: 'api-keys', action: 'write' });
    expect(parseScope('deals:*')).toEqual({ resource: 'deals', action: '*' });
    expect(parseScope('*:read')).toEqual({ resource: '*', action: 'read' });
    expect(parseScope('*:*')).toEqual({ resource: '*', action: '*' });
    expect(parseScope('a1-b2:read')).toEqual({ resource: 'a1-b2', action: 'read' });
  });

  it('returns null for malformed scopes', () => {
    for (const text of [
      'deals', 'deals:delete', 'Deals:read', ':read', 'deals:', ':', '', '*', 'deals:READ', 'deals:read:write',
      ' deals:read', 'deals:read ', 'deals :read', '1deals:read', '-deals:read', 'de_als:read', 'deals:read\n',
      '**:read', 'deals*:read', 'd'.repeat(41) + ':read',
    ]) {
      expect(parseScope(text), JSON.stringify(text)).toBeNull();
    }
    expect(parseScope('d'.repeat(40) + ':read')).toEqual({ resource: 'd'.repeat(40), action: 'read' });
  });
});

describe('ScopeSet.allows', () => {
  it('*:* allows read and write (and res:*) on every resource under both policies', () => {
    const s = set('*:*');
    for (const policy of POLICIES) {
      for (const res of ['deals', 'documents', ...WARDEN_RESOURCES]) {
        expect(s.allows(`${res}:read`, policy)).toBe(true);
        expect(s.allows(`${res}:write`, policy)).toBe(true);
        expect(s.allows(`${res}:*`, policy)).toBe(true);
      }
    }
  });

  it('res:* allows read and write on res only', () => {
    const s = set('deals:*');
    for (const policy of POLICIES) {
      expect(s.allows('deals:read', policy)).toBe(true);
      expect(s.allows('deals:write', policy)).toBe(true);
      expect(s.allows('deals:*', policy)).toBe(true);
      expect(s.allows('documents:read', policy)).toBe(false);
      expect(s.allows('documents:write', policy)).toBe(false);
    }
  });

  it('res:read allows read on res only', () => {
    const s = set('deals:read');
    for (const policy of POLICIES) {
      expect(s.allows('deals:read', policy)).toBe(true);
      expect(s.allows('deals:write', policy)).toBe(false);
      expect(s.allows('deals:*', policy)).toBe(false);
      expect(s.allows('documents:read', policy)).toBe(false);
    }
  });

  it('res:write alone is allowed without the policy and denied with writeRequiresRead', () => {
    const s = set('deals:write');
    expect(s.allows('deals:write', LAX)).toBe(true);
    expect(s.allows('deals:write', STRICT)).toBe(false);
    for (const policy of POLICIES) {
      expect(s.allows('deals:read', policy)).toBe(false);
      expect(s.allows('deals:*', policy)).toBe(false);
      expect(s.allows('documents:write', policy)).toBe(false);
    }
  });

  it('res:write together with res:read is allowed under writeRequiresRead', () => {
    const s = set('deals:write', 'deals:read');
    for (const policy of POLICIES) {
      expect(s.allows('deals:write', policy)).toBe(true);
      expect(s.allows('deals:read', policy)).toBe(true);
      expect(s.allows('deals:*', policy)).toBe(true);
    }
  });

  it('read on a different resource does not satisfy writeRequiresRead', () => {
    const s = set('deals:write', 'documents:read');
    expect(s.allows('deals:write', STRICT)).toBe(false);
    expect(s.allows('deals:write', LAX)).toBe(true);
  });

  it('*:read allows read everywhere, never write; it satisfies writeRequiresRead for a held write', () => {
    const s = set('*:read');
    for (const policy of POLICIES) {
      expect(s.allows('deals:read', policy)).toBe(true);
      expect(s.allows('api-keys:read', policy)).toBe(true);
      expect(s.allows('deals:write', policy)).toBe(false);
      expect(s.allows('deals:*', policy)).toBe(false);
    }
    const withWrite = set('*:read', 'deals:write');
    expect(withWrite.allows('deals:write', STRICT)).toBe(true);
    expect(withWrite.allows('deals:*', STRICT)).toBe(true);
    expect(withWrite.allows('documents:write', STRICT)).toBe(false);
  });

  it('*:write alone is write-only: denied under writeRequiresRead', () => {
    const s = set('*:write');
    expect(s.allows('deals:write', LAX)).toBe(true);
    expect(s.allows('deals:write', STRICT)).toBe(false);
    expect(s.allows('deals:read', LAX)).toBe(false);
  });

  it('required res:* needs both read and write', () => {
    expect(set('deals:read').allows('deals:*', LAX)).toBe(false);
    expect(set('deals:write').allows('deals:*', LAX)).toBe(false);
    expect(set('deals:read', 'deals:write').allows('deals:*', LAX)).toBe(true);
    expect(set('deals:read', 'deals:write').allows('deals:*', STRICT)).toBe(true);
  });

  it('never allows a wildcard-resource or malformed requirement', () => {
    const s = set('*:*');
    for (const policy of POLICIES) {
      expect(s.allows('*:read', policy)).toBe(false);
      expect(s.allows('*:*', policy)).toBe(false);
      expect(s.allows('deals', policy)).toBe(false);
      expect(s.allows('deals:delete', policy)).toBe(false);
      expect(s.allows('Deals:read', policy)).toBe(false);
      expect(s.allows('', policy)).toBe(false);
    }
  });

  it('an empty set and a set of malformed names allow nothing', () => {
    for (const s of [set(), set('deals', 'Deals:read', 'deals:delete', ':read', '*')]) {
      for (const policy of POLICIES) {
        expect(s.allows('deals:read', policy)).toBe(false);
        expect(s.allows('deals:write', policy)).toBe(false);
      }
    }
    expect(set('deals', 'Deals:read', 'deals:delete', ':read').scopes).toEqual([]);
  });

  it('keeps names as given and parses only the valid ones', () => {
    const s = set('deals:read', 'bogus', '*:write');
    expect(s.names).toEqual(['deals:read', 'bogus', '*:write']);
    expect(s.scopes).toEqual([
      { resource: 'deals', action: 'read' },
      { resource: '*', action: 'write' },
    ]);
  });
});

describe('ScopeSet.missing', () => {
  it('lists the scopes to add so that every required one is allowed, in order, once each', () => {
    const s = set('deals:read', 'documents:write');
    const required = ['deals:read', 'deals:write', 'documents:write', 'documents:read', 'deals:*'];
    expect(s.missing(required, LAX)).toEqual(['deals:write', 'documents:read']);
    // Under the rule documents:write is held but useless: documents:read is what is missing.
    expect(s.missing(required, STRICT)).toEqual(['deals:write', 'documents:read']);
    expect(set().missing(['jobs:write'], STRICT)).toEqual(['jobs:read', 'jobs:write']);
    expect(set().missing(['jobs:*', '*:read'], LAX)).toEqual(['jobs:read', 'jobs:write', '*:read']);
  });

  it('writesWithoutRead names the write grants no read grant of the same resource backs', () => {
    expect(set('jobs:write', 'feeds:write', 'feeds:read', 'banks:write', '*:read').writesWithoutRead()).toEqual([]);
    expect(set('jobs:write', 'feeds:write', 'feeds:*').writesWithoutRead()).toEqual(['jobs:write']);
    expect(set('*:write', 'jobs:read').writesWithoutRead()).toEqual(['*:write']);
    expect(set('*:write', '*:*').writesWithoutRead()).toEqual([]);
  });

  it('is empty when everything is allowed or nothing is required', () => {
    expect(set('*:*').missing(['deals:read', 'deals:write', 'api-keys:*'], STRICT)).toEqual([]);
    expect(set().missing([], STRICT)).toEqual([]);
  });
});

describe('ScopeSet.covers / uncovered', () => {
  it('*:* covers everything well-formed', () => {
    const s = set('*:*');
    for (const requested of ['deals:read', 'deals:write', 'deals:*', '*:read', '*:write', '*:*', 'api-keys:write']) {
      expect(s.covers(requested), requested).toBe(true);
    }
  });

  it('deals:read does not cover deals:write, deals:* or *:read', () => {
    const s = set('deals:read');
    expect(s.covers('deals:read')).toBe(true);
    expect(s.covers('deals:write')).toBe(false);
    expect(s.covers('deals:*')).toBe(false);
    expect(s.covers('*:read')).toBe(false);
    expect(s.covers('documents:read')).toBe(false);
  });

  it('deals:read + deals:write covers deals:*, but not *:read or *:*', () => {
    const s = set('deals:read', 'deals:write');
    expect(s.covers('deals:*')).toBe(true);
    expect(s.covers('*:read')).toBe(false);
    expect(s.covers('*:*')).toBe(false);
  });

  it('deals:* covers deals:read, deals:write and deals:*', () => {
    const s = set('deals:*');
    expect(s.covers('deals:read')).toBe(true);
    expect(s.covers('deals:write')).toBe(true);
    expect(s.covers('deals:*')).toBe(true);
    expect(s.covers('*:read')).toBe(false);
  });

  it('*:read covers deals:read and *:read but not writes or *:*', () => {
    const s = set('*:read');
    expect(s.covers('deals:read')).toBe(true);
    expect(s.covers('*:read')).toBe(true);
    expect(s.covers('deals:write')).toBe(false);
    expect(s.covers('deals:*')).toBe(false);
    expect(s.covers('*:write')).toBe(false);
    expect(s.covers('*:*')).toBe(false);
  });

  it('*:read + *:write covers *:*', () => {
    expect(set('*:read', '*:write').covers('*:*')).toBe(true);
    expect(set('*:read', 'deals:write').covers('*:*')).toBe(false);
  });

  it('malformed requested scopes are never covered', () => {
    const s = set('*:*');
    for (const requested of ['deals', 'deals:delete', 'Deals:read', ':read', '', '*']) {
      expect(s.covers(requested), JSON.stringify(requested)).toBe(false);
      expect(parseScope(requested)).toBeNull();
    }
  });

  it('malformed held scopes cover nothing', () => {
    const s = set('Deals:read', 'deals', 'deals:delete', ':read');
    expect(s.covers('deals:read')).toBe(false);
    expect(s.covers('deals:write')).toBe(false);
  });

  it('uncovered lists the requested scopes that are not covered, in order', () => {
    const s = set('deals:read', '*:read');
    expect(s.uncovered(['deals:read', 'deals:write', 'documents:read', '*:*', 'Deals:read', 'deals:*'])).toEqual([
      'deals:write', '*:*', 'Deals:read', 'deals:*',
    ]);
    expect(set('*:*').uncovered(['deals:*', '*:*', 'x:read'])).toEqual([]);
    expect(set().uncovered(['deals:read'])).toEqual(['deals:read']);
  });
});
