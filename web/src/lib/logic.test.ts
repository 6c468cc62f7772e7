import { describe, expect, it } from 'vitest';
import { scopeCatalog, toggleScope } from './scopes';
import { overlapChoices } from './rotation';
import { eventsQuery, matchesFilters, EMPTY_FILTERS } from './audit-filters';
import { createKeyBody, createKeySchema, CREATE_KEY_DEFAULTS } from './key-form';
import { csrfToken, queryString } from './api';
import { parsePublicKey } from './public-key';
import { chartSeries, perActor, rangeQuery } from './usage';

describe('scopes: the write-requires-read rule', () => {
  it('ticking write ticks read; unticking read unticks write; other resources untouched', () => {
    expect(toggleScope([], 'deals:write', true)).toEqual(['deals:read', 'deals:write']);
    expect(toggleScope(['deals:read', 'deals:write', 'events:read'], 'deals:read', false)).toEqual(['events:read']);
    expect(toggleScope(['deals:read', 'deals:write'], 'deals:write', false)).toEqual(['deals:read']);
  });
  it('groups the catalog by resource, in its order', () => {
    expect(scopeCatalog(['api-keys:read', 'api-keys:write', 'deals:read'])).toEqual([
      { resource: 'api-keys', scopes: ['api-keys:read', 'api-keys:write'] },
      { resource: 'deals', scopes: ['deals:read'] },
    ]);
  });
});

describe('rotation overlap choices', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  it('offers every step for a key that does not expire', () => {
    expect(overlapChoices(null, now).map((c) => c.seconds)).toEqual([0, 3600, 86_400, 604_800]);
  });
  it('never offers an overlap past the key\'s own expiry (or the deployment cap)', () => {
    expect(overlapChoices('2026-01-02T12:00:00Z', now).map((c) => c.seconds)).toEqual([0, 3600, 86_400]);
    expect(overlapChoices('2026-01-01T00:30:00Z', now).map((c) => c.seconds)).toEqual([0]);
    expect(overlapChoices(null, now, 3600).map((c) => c.seconds)).toEqual([0, 3600]);
  });
});

describe('audit filters', () => {
  it('builds the /v1/events query from the filled filters only', () => {
    expect(eventsQuery(EMPTY_FILTERS, null)).toBe('?limit=50');
    const q = new URLSearchParams(eventsQuery({ type: ' key.created ', actorType: 'api_key', apiKeyId: 'key_1', since: '2026-01-01T10:00', until: '', }, 'cur', 20).slice(1));
    expect(Object.fromEntries(q)).toEqual({ type: 'key.created', actor_type: 'api_key', api_key_id: 'key_1', since: new Date('2026-01-01T10:00').toISOString(), cursor: 'cur', limit: '20' });
  });
  it('lets live events through only when they match', () => {
    const event = { type: 'request', actor: { type: 'api_key', id: 'key_1' }, created_at: '2026-01-01T10:00:00Z' };
    expect(matchesFilters(event, EMPTY_FILTERS)).toBe(true);
    expect(matchesFilters(event, { ...EMPTY_FILTERS, type: 'key.created' })).toBe(false);
    expect(matchesFilters(event, { ...EMPTY_FILTERS, apiKeyId: 'key_1' })).toBe(true);
    expect(matchesFilters(event, { ...EMPTY_FILTERS, apiKeyId: 'key_2' })).toBe(false);
    expect(matchesFilters(event, { ...EMPTY_FILTERS, actorType: 'user' })).toBe(false);
  });
});

describe('the Create key form', () => {
  it('sends only what was filled, typed as the API wants it', () => {
    const values = createKeySchema.parse({ ...CREATE_KEY_DEFAULTS, name: ' ci ', scopes: ['deals:read'], rateLimit: '600', allowedIps: '10.0.0.0/8\n203.0.113.7', metadata: '{"team":"payments"}' });
    expect(createKeyBody(values)).toEqual({ name: 'ci', environment: 'live', scopes: ['deals:read'], rate_limit: 600, allowed_ips: ['10.0.0.0/8', '203.0.113.7'], metadata: { team: 'payments' } });
    expect(createKeyBody(createKeySchema.parse({ ...CREATE_KEY_DEFAULTS, name: 'x', scopes: ['a:read'] }))).toEqual({ name: 'x', environment: 'live', scopes: ['a:read'] });
  });
  it('refuses what the API would refuse, field by field', () => {
    const result = createKeySchema.safeParse({ ...CREATE_KEY_DEFAULTS, name: ' ', rateLimit: '1.5', allowedIps: 'not an ip', metadata: '[1]', expires: '2000-01-01T00:00' });
    expect(result.success).toBe(false);
    const fields = new Set(result.error!.issues.map((i) => i.path[0]));
    expect(fields).toEqual(new Set(['name', 'scopes', 'rateLimit', 'allowedIps', 'metadata', 'expires']));
  });
});

describe('api helpers', () => {
  it('reads the CSRF token from the warden_csrf cookie', () => {
    expect(csrfToken('a=1; warden_csrf=abc-_9; b=2')).toBe('abc-_9');
    expect(csrfToken('a=1')).toBeNull();
  });
  it('leaves empty parameters out of a query string', () => {
    expect(queryString({ a: 'x', b: '', c: undefined, d: null, e: 0 })).toBe('?a=x&e=0');
    expect(queryString({})).toBe('');
  });
});

describe('agent public keys', () => {
  const x = 'A'.repeat(43);
  it('takes a public JWK or 32 raw bytes in base64url', () => {
    expect(parsePublicKey(`{"kty":"OKP","crv":"Ed25519","x":"${x}"}`)).toEqual({ ok: true, value: { kty: 'OKP', crv: 'Ed25519', x } });
    expect(parsePublicKey(` ${x} `)).toEqual({ ok: true, value: x });
  });
  it('refuses a private JWK, another curve, and a wrong length', () => {
    expect(parsePublicKey(`{"kty":"OKP","crv":"Ed25519","x":"${x}","d":"secret"}`).ok).toBe(false);
    expect(parsePublicKey(`{"kty":"EC","crv":"P-256","x":"${x}"}`).ok).toBe(false);
    expect(parsePublicKey('abc').ok).toBe(false);
  });
});

describe('usage shaping', () => {
  const rows = [
    { bucket: '2026-01-01T01:00:00Z', actor_type: 'api_key', actor_id: 'key_1', status_class: '2xx', requests: 5 },
    { bucket: '2026-01-01T00:00:00Z', actor_type: 'api_key', actor_id: 'key_1', status_class: '4xx', requests: 2 },
    { bucket: '2026-01-01T00:00:00Z', actor_type: 'user', actor_id: 'usr_1', status_class: '2xx', requests: 9 },
  ];
  it('one chart point per bucket, oldest first, zero-filled', () => {
    expect(chartSeries(rows)).toEqual([
      { bucket: '2026-01-01T00:00:00Z', '2xx': 9, '3xx': 0, '4xx': 2, '5xx': 0 },
      { bucket: '2026-01-01T01:00:00Z', '2xx': 5, '3xx': 0, '4xx': 0, '5xx': 0 },
    ]);
  });
  it('asks from the range\'s start, letting the server\'s clock end it', () => {
    expect(rangeQuery('24h', Date.parse('2026-01-02T00:00:00Z'))).toEqual({ since: '2026-01-01T00:00:00.000Z', granularity: 'hour' });
  });
  it('totals per credential, keys first', () => {
    expect(perActor(rows)).toEqual([
      { actorType: 'api_key', actorId: 'key_1', total: 7, byClass: { '2xx': 5, '4xx': 2 } },
      { actorType: 'user', actorId: 'usr_1', total: 9, byClass: { '2xx': 9 } },
    ]);
  });
});
