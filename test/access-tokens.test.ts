import { createHmac, generateKeyPairSync, sign } from 'node:crypto';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/lib/clock.js';
import { AccessTokens } from '../src/tokens/access-tokens.js';
import { call, createTestApp, registerOwner, STORE_KIND, type Owner, type TestApp } from './helpers/test-app.js';
import { expectProblem } from './helpers/assertions.js';

const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
const ISSUER = 'https://auth.bank.example';

describe(`JWT access tokens (${STORE_KIND})`, () => {
  let t: TestApp;
  let clock: ManualClock;
  let owner: Owner;
  let login: Record<string, any>;
  const me = (token: string) => call(t.app, 'GET', '/v1/me', { auth: { bearer: token } });

  beforeAll(async () => {
    clock = new ManualClock(Date.UTC(2033, 4, 5, 6, 0, 0));
    t = await createTestApp({ clock, env: { WARDEN_PUBLIC_URL: ISSUER } });
    owner = await registerOwner(t.app);
    login = (await call(t.app, 'POST', '/auth/login', { body: { email: owner.email, password: owner.password } })).json();
  });
  afterAll(async () => t.close());

  it('come with the login: EdDSA, kid, typ at+jwt, iss/aud, sub usr_…, sid, 15 minutes', async () => {
    expect(login.expires_in).toBe(900);
    const header = decodeProtectedHeader(login.access_token);
    expect(header).toEqual({ alg: 'EdDSA', kid: expect.any(String), typ: 'at+jwt' });
    const jwks = (await call(t.app, 'GET', '/.well-known/jwks.json')).json();
    expect(jwks.keys).toEqual([{ kty: 'OKP', crv: 'Ed25519', x: expect.any(String), kid: header.kid, alg: 'EdDSA', use: 'sig' }]);
    // A resource server verifies with the JWKS alone, without calling Warden.
    const { payload } = await jwtVerify(login.access_token, createLocalJWKSet(jwks), {
      issuer: ISSUER, audience: ISSUER, typ: 'at+jwt', algorithms: ['EdDSA'], currentDate: new Date(clock.nowMs()),
    });
    expect(payload.sub).toBe(owner.userId);
    expect(payload.sid).toMatch(/^ses_/);
    expect(payload.exp! - payload.iat!).toBe(900);
  });

  it('authenticate as the user of their session', async () => {
    const response = await me(login.access_token);
    expect(response.statusCode).toBe(200);
    const { sid } = JSON.parse(Buffer.from(login.access_token.split('.')[1], 'base64url').toString());
    expect(response.json().data).toMatchObject({ principal: { type: 'user', id: owner.userId }, role: 'owner', session_id: sid, workspace_id: owner.workspaceId });
  });

  it('refuse tampering, alg none, HS256 confusion, unknown kid and a foreign audience', async () => {
    const [header, payload] = login.access_token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const tampered = `${header}.${b64({ ...claims, sub: 'usr_someoneelse00000000000' })}.${login.access_token.split('.')[2]}`;
    const none = `${b64({ alg: 'none', typ: 'at+jwt' })}.${payload}.`;
    const jwk = (await call(t.app, 'GET', '/.well-known/jwks.json')).json().keys[0];
    const hsInput = `${b64({ alg: 'HS256', kid: jwk.kid, typ: 'at+jwt' })}.${payload}`;
    const hs256 = `${hsInput}.${createHmac('sha256', JSON.stringify(jwk)).update(hsInput).digest('base64url')}`;
    const stranger = generateKeyPairSync('ed25519');
    const unknownInput = `${b64({ alg: 'EdDSA', kid: 'not-ours', typ: 'at+jwt' })}.${payload}`;
    const unknownKid = `${unknownInput}.${sign(null, Buffer.from(unknownInput), stranger.privateKey).toString('base64url')}`;
    const foreign = await new AccessTokens({ ring: t.app.warden.signingKeys, clock, issuer: ISSUER, audience: 'https://other.example', ttlSeconds: 900, cacheMaxEntries: 100 })
      .issue({ sub: claims.sub, sid: claims.sid });
    for (const token of [tampered, none, hs256, unknownKid, foreign]) {
      const response = await me(token);
      expectProblem(response, 401, 'invalid_token');
      expect(response.headers['www-authenticate']).toContain('error="invalid_token"');
    }
  });

  it('expire after 15 minutes', async () => {
    const fresh = (await call(t.app, 'POST', '/auth/login', { body: { email: owner.email, password: owner.password } })).json();
    clock.advanceSeconds(899);
    expect((await me(fresh.access_token)).statusCode).toBe(200);
    clock.advanceSeconds(2);
    expectProblem(await me(fresh.access_token), 401, 'invalid_token');
  });

  it('die with their session at once, before exp (logout, or revoked from the sessions API)', async () => {
    const a = (await call(t.app, 'POST', '/auth/login', { body: { email: owner.email, password: owner.password } })).json();
    expect((await me(a.access_token)).statusCode).toBe(200);
    expect((await call(t.app, 'POST', '/auth/logout', { auth: { bearer: a.token } })).statusCode).toBe(204);
    expectProblem(await me(a.access_token), 401, 'invalid_token');

    const b = (await call(t.app, 'POST', '/auth/login', { body: { email: owner.email, password: owner.password } })).json();
    expect((await me(b.access_token)).statusCode).toBe(200);
    const sid = JSON.parse(Buffer.from(b.access_token.split('.')[1], 'base64url').toString()).sid;
    expect((await call(t.app, 'DELETE', `/v1/sessions/${sid}`, { auth: { bearer: b.token } })).statusCode).toBe(204);
    expectProblem(await me(b.access_token), 401, 'invalid_token');
  });
});
