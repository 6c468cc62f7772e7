import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/server/app.js';
import { ConfigError, loadConfig } from '../src/server/config.js';
import { ManualClock } from '../src/lib/clock.js';
import { base32Decode } from '../src/lib/base32.js';
import { keyIdOf } from '../src/lib/secret-box.js';
import { hotp, totpCounter } from '../src/twofactor/totp.js';
import { IN_MEMORY } from '../src/store/open-database.js';
import { call, createTestApp, registerOwner, STORE_KIND, type Owner, type TestApp } from './helpers/test-app.js';

describe(`secrets at rest: WARDEN_SECRET_KEY (${STORE_KIND})`, () => {
  let t: TestApp;
  let owner: Owner;
  let totpSeed: string;
  const clock = new ManualClock(Date.UTC(2035, 6, 1, 12, 0, 5));
  const k1 = randomBytes(32);
  const k2 = randomBytes(32);
  const opened: FastifyInstance[] = [];

  /** Another Warden on the same database, as after a restart with other settings. */
  const restartWith = async (secretKey: string): Promise<FastifyInstance> => {
    const config = loadConfig({ WARDEN_LOG_LEVEL: 'silent', WARDEN_DATA_DIR: IN_MEMORY, WARDEN_RATE_LIMITS: 'off', WARDEN_SECRET_KEY: secretKey });
    const app = await buildApp({ config: { ...config, databaseUrl: process.env.DATABASE_URL }, db: t.db, clock });
    opened.push(app);
    await app.ready();
    return app;
  };
  const stored = async () => ({
    seeds: (await t.db.query<{ totp_secret: string }>('select totp_secret from users where id = $1', [owner.userId])).map((r) => r.totp_secret),
    pems: (await t.db.query<{ private_key_pem: string }>('select private_key_pem from signing_keys')).map((r) => r.private_key_pem),
  });
  const code = () => hotp(base32Decode(totpSeed), totpCounter(clock.nowMs()));

  beforeAll(async () => {
    t = await createTestApp({ clock });
    owner = await registerOwner(t.app);
    totpSeed = (await call(t.app, 'POST', '/auth/2fa/setup', { auth: { bearer: owner.session } })).json().secret;
  });
  afterAll(async () => {
    for (const app of opened) await app.close();
    await t.close();
  });

  it('without a key, seeds and signing keys are stored as they are', async () => {
    const { seeds, pems } = await stored();
    expect(seeds).toEqual([totpSeed]);
    expect(pems.length).toBeGreaterThan(0);
    for (const pem of pems) expect(pem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
  });

  it('with a key, start-up seals what is stored, and everything keeps working', async () => {
    const app = await restartWith(k1.toString('base64'));
    const { seeds, pems } = await stored();
    const prefix = `wsb1:${keyIdOf(k1)}:`;
    expect(seeds).toHaveLength(1);
    expect(seeds[0]!.startsWith(prefix)).toBe(true);
    expect(seeds[0]).not.toContain(totpSeed);
    for (const pem of pems) {
      expect(pem.startsWith(prefix)).toBe(true);
      expect(pem).not.toContain('PRIVATE KEY');
    }
    // The sealed seed still checks codes, and the sealed signing key still signs verifiable tokens.
    const enabled = await call(app, 'POST', '/auth/2fa/enable', { auth: { bearer: owner.session }, body: { code: code() } });
    expect(enabled.statusCode, enabled.body).toBe(200);
    clock.advanceSeconds(31);
    const login = await call(app, 'POST', '/auth/login', { body: { email: owner.email, password: owner.password, twoFactorCode: code() } });
    expect(login.statusCode, login.body).toBe(200);
    expect((await call(app, 'GET', '/v1/me', { auth: { bearer: login.json().access_token } })).statusCode).toBe(200);
  });

  it('rotates: a new first key re-seals everything at start-up; the old key may then go', async () => {
    const app = await restartWith(`${k2.toString('hex')},${k1.toString('base64url')}`);
    const { seeds, pems } = await stored();
    for (const value of [...seeds, ...pems]) expect(value.startsWith(`wsb1:${keyIdOf(k2)}:`)).toBe(true);
    clock.advanceSeconds(31);
    const login = await call(app, 'POST', '/auth/login', { body: { email: owner.email, password: owner.password, twoFactorCode: code() } });
    expect(login.statusCode, login.body).toBe(200);
    const alone = await restartWith(k2.toString('hex'));
    clock.advanceSeconds(31);
    expect((await call(alone, 'POST', '/auth/login', { body: { email: owner.email, password: owner.password, twoFactorCode: code() } })).statusCode).toBe(200);
  });

  it('refuses to start with a key that did not seal what is stored, saying which setting', async () => {
    await expect(restartWith(randomBytes(32).toString('hex'))).rejects.toThrow(/^WARDEN_SECRET_KEY: a stored secret is sealed with key [0-9a-f]{8}, which is not listed/);
  });

  it('rejects a malformed key without echoing it', () => {
    const bad = 'not-a-key-0123456789';
    try {
      loadConfig({ WARDEN_SECRET_KEY: bad });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toMatch(/WARDEN_SECRET_KEY/);
      expect((error as Error).message).not.toContain(bad);
    }
    expect(() => loadConfig({ WARDEN_SECRET_KEY: randomBytes(16).toString('hex') })).toThrow(ConfigError);
  });
});
