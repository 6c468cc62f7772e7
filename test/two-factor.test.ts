import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/lib/clock.js';
import { base32Decode } from '../src/lib/base32.js';
import { hotp, totpCounter } from '../src/twofactor/totp.js';
import { call, createKey, createTestApp, registerOwner, STORE_KIND, type Owner, type TestApp } from './helpers/test-app.js';
import { expectProblem } from './helpers/assertions.js';

describe(`TOTP two-factor (${STORE_KIND})`, () => {
  let t: TestApp;
  let clock: ManualClock;
  let owner: Owner;
  let secret: Buffer;
  let recoveryCodes: string[];
  const outbox = mkdtempSync(join(tmpdir(), 'warden-2fa-outbox-'));
  const code = (stepOffset = 0): string => hotp(secret, totpCounter(clock.nowMs()) + stepOffset);
  const login = (body: Record<string, unknown>) => call(t.app, 'POST', '/auth/login', { body });
  const withPassword = (extra: Record<string, unknown> = {}) => login({ email: owner.email, password: owner.password, ...extra });

  beforeAll(async () => {
    clock = new ManualClock(Date.UTC(2035, 6, 1, 12, 0, 5));
    t = await createTestApp({ clock, env: { WARDEN_TOTP_ISSUER: 'Bank Co', WARDEN_OUTBOX_DIR: outbox } });
    owner = await registerOwner(t.app);
  });
  afterAll(async () => t.close());

  it('setup gives a base32 secret, an otpauth:// URI and an SVG QR code; enable needs a right code', async () => {
    const setup = await call(t.app, 'POST', '/auth/2fa/setup', { auth: { bearer: owner.session } });
    expect(setup.statusCode).toBe(200);
    expect(setup.headers['cache-control']).toBe('no-store');
    const body = setup.json();
    expect(body.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(body.otpauth_url).toBe(
      `otpauth://totp/Bank%20Co%3A${encodeURIComponent(owner.email)}?secret=${body.secret}&issuer=Bank+Co&algorithm=SHA1&digits=6&period=30`,
    );
    expect(body.qr_svg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    secret = base32Decode(body.secret);
    // Set up but not confirmed: still off.
    expect((await call(t.app, 'GET', '/auth/2fa', { auth: { bearer: owner.session } })).json()).toEqual({ enabled: false, enabled_at: null });
    expectProblem(await call(t.app, 'POST', '/auth/2fa/enable', { auth: { bearer: owner.session }, body: { code: '000000' } }), 401, 'invalid_two_factor_code');
    const enabled = await call(t.app, 'POST', '/auth/2fa/enable', { auth: { bearer: owner.session }, body: { code: code() } });
    expect(enabled.statusCode).toBe(200);
    recoveryCodes = enabled.json().recovery_codes;
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    expect((await call(t.app, 'GET', '/auth/2fa', { auth: { bearer: owner.session } })).json()).toEqual({ enabled: true, enabled_at: new Date(clock.nowMs()).toISOString() });
    for (const c of recoveryCodes) expect(c).toMatch(/^[a-z2-7]{5}-[a-z2-7]{5}$/);
    const stored = await t.db.query<{ code_hash: string }>('select code_hash from recovery_codes');
    expect(stored).toHaveLength(10);
    expect(stored.map((r) => r.code_hash)).not.toContain(recoveryCodes[0]);
    expectProblem(await call(t.app, 'POST', '/auth/2fa/setup', { auth: { bearer: owner.session } }), 409, 'two_factor_already_enabled');
  });

  it('login without a code answers 401 two_factor_required with a challenge id; the code completes it', async () => {
    clock.advanceSeconds(30);
    const first = await withPassword();
    const problem = expectProblem(first, 401, 'two_factor_required');
    expect(problem.challenge_id).toMatch(/^chl_[0-9A-Za-z]{32}$/);
    expect(first.json()).not.toHaveProperty('token');
    const second = await login({ challenge_id: problem.challenge_id, twoFactorCode: code() });
    expect(second.statusCode).toBe(200);
    expect(second.json().token).toMatch(/^sess_/);
    // The challenge is spent, and the code cannot be used twice.
    expectProblem(await login({ challenge_id: problem.challenge_id, twoFactorCode: code() }), 401, 'invalid_credentials');
    expectProblem(await withPassword({ twoFactorCode: code() }), 401, 'invalid_two_factor_code');
  });

  it('accepts ±1 step of clock drift in one call with the password', async () => {
    clock.advanceSeconds(30);
    expect((await withPassword({ twoFactorCode: code(1) })).statusCode).toBe(200); // the phone runs ahead
    expectProblem(await withPassword({ twoFactorCode: code(0) }), 401, 'invalid_two_factor_code'); // older step than one used
    clock.advanceSeconds(90);
    expectProblem(await withPassword({ twoFactorCode: code(-2) }), 401, 'invalid_two_factor_code');
  });

  it('takes each recovery code once', async () => {
    expect((await withPassword({ recoveryCode: recoveryCodes[0]!.toUpperCase() })).statusCode).toBe(200);
    expectProblem(await withPassword({ recoveryCode: recoveryCodes[0] }), 401, 'invalid_two_factor_code');
  });

  it('limits attempts per challenge', async () => {
    const challenge = expectProblem(await withPassword(), 401, 'two_factor_required').challenge_id as string;
    for (let i = 0; i < 5; i++) expectProblem(await login({ challenge_id: challenge, twoFactorCode: '000000' }), 401, 'invalid_two_factor_code');
    expectProblem(await login({ challenge_id: challenge, twoFactorCode: code() }), 401, 'invalid_credentials');
  });

  it('a password reset does not bypass the second factor', async () => {
    expect((await call(t.app, 'POST', '/auth/password/forgot', { body: { email: owner.email } })).statusCode).toBe(202);
    await t.app.warden.flush();
    const mail = readdirSync(outbox).map((file) => readFileSync(join(outbox, file), 'utf8')).at(-1)!;
    const token = /prt_[0-9A-Za-z]{32}/.exec(mail)![0];
    const newPassword = 'a reset but still two factors';
    expect((await call(t.app, 'POST', '/auth/password/reset', { body: { token, new_password: newPassword } })).statusCode).toBe(204);
    owner = { ...owner, password: newPassword };
    clock.advanceSeconds(60); // past the back-off the previous test's wrong codes earned
    expectProblem(await withPassword(), 401, 'two_factor_required');
    clock.advanceSeconds(30);
    const session = await withPassword({ twoFactorCode: code() });
    expect(session.statusCode).toBe(200);
    owner = { ...owner, session: session.json().token };
  });

  it('is for sessions, and disabling needs a code or a recovery code', async () => {
    clock.advanceSeconds(60);
    const session = (await withPassword({ twoFactorCode: code() })).json().token as string;
    const key = await createKey(t.app, { bearer: session }, { name: 'k', scopes: [] });
    expectProblem(await call(t.app, 'POST', '/auth/2fa/setup', { auth: { apiKey: key.key } }), 403, 'session_required');
    expectProblem(await call(t.app, 'GET', '/auth/2fa', { auth: { apiKey: key.key } }), 403, 'session_required');
    expectProblem(await call(t.app, 'POST', '/auth/2fa/disable', { auth: { bearer: session }, body: { recovery_code: 'aaaaa-aaaaa' } }), 401, 'invalid_two_factor_code');
    expect((await call(t.app, 'POST', '/auth/2fa/disable', { auth: { bearer: session }, body: { recovery_code: recoveryCodes[1] } })).statusCode).toBe(204);
    expect((await withPassword()).statusCode).toBe(200);
    expect((await call(t.app, 'GET', '/auth/2fa', { auth: { bearer: session } })).json()).toEqual({ enabled: false, enabled_at: null });
    const audit = await t.db.query<{ type: string }>(`select type from audit_events where type like '2fa.%' order by id`);
    expect(audit.map((r) => r.type)).toEqual(['2fa.enabled', '2fa.disabled']);
  });
});
