import { describe, expect, it } from 'vitest';
import { ManualClock } from '../lib/clock.js';
import { ScopeSet } from '../auth/scopes.js';
import type { Principal } from '../auth/principal.js';
import { IDENTITY_TOKEN_TYPE, IdentityStatements } from './identity.js';

const principal: Principal = { type: 'api_key', id: 'key_1', workspaceId: 'wsp_1', environment: 'live', scopes: new ScopeSet(['deals:read']) };

describe('IdentityStatements', () => {
  it('signs ≤ 60 s statements with their own typ and aud, and reuses one while it has ≥ 30 s left', async () => {
    const clock = new ManualClock(1_800_000_000_000);
    const signed: Record<string, unknown>[] = [];
    const identities = new IdentityStatements(async (typ, claims) => {
      signed.push({ typ, ...claims });
      return `token-${signed.length}`;
    }, clock);
    const ask = (requestId: string, audience = 'http://upstream:9001') => identities.headers({ principal, environment: 'live', audience, requestId });

    const first = await ask('r1');
    expect(first).toMatchObject({ 'x-warden-identity': 'token-1', 'x-warden-request-id': 'r1', 'x-warden-scopes': 'deals:read', 'x-warden-environment': 'live' });
    expect(signed[0]).toMatchObject({ typ: IDENTITY_TOKEN_TYPE, aud: 'http://upstream:9001', sub: 'key_1', nbf: 1_800_000_000, exp: 1_800_000_060, workspace_id: 'wsp_1', principal_type: 'api_key' });
    clock.advanceSeconds(30);
    expect((await ask('r2'))['x-warden-identity']).toBe('token-1');
    expect((await ask('r2', 'http://other:9002'))['x-warden-identity']).toBe('token-2'); // another audience
    clock.advanceSeconds(1);
    expect((await ask('r3'))['x-warden-identity']).toBe('token-3'); // 29 s left: signed again
    expect(signed).toHaveLength(3);
  });
});
