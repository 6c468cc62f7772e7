import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/lib/clock.js';
import { call, createTestApp, registerOwner, STORE_KIND, type Owner, type TestApp } from './helpers/test-app.js';
import { expectProblem } from './helpers/assertions.js';

const NEW_PASSWORD = 'a fresh and long passphrase';

function mailsIn(dir: string): string[] {
  try {
    return readdirSync(dir).sort().map((file) => readFileSync(join(dir, file), 'utf8'));
  } catch {
    return [];
  }
}

const tokenIn = (mail: string): string => /prt_[0-9A-Za-z]{32}/.exec(mail)![0];

describe(`password reset through the outbox mailer (${STORE_KIND})`, () => {
  let t: TestApp;
  let clock: ManualClock;
  const outbox = mkdtempSync(join(tmpdir(), 'warden-outbox-'));
  let owner: Owner;
  const forgot = async (email: string) => {
    const response = await call(t.app, 'POST', '/auth/password/forgot', { body: { email } });
    await t.app.warden.flush();
    return response;
  };
  const reset = (token: string, newPassword = NEW_PASSWORD) =>
    call(t.app, 'POST', '/auth/password/reset', { body: { token, new_password: newPassword } });

  beforeAll(async () => {
    clock = new ManualClock(Date.UTC(2032, 2, 3, 9, 0, 0));
    t = await createTestApp({ clock, env: { WARDEN_OUTBOX_DIR: outbox } });
    owner = await registerOwner(t.app);
  });
  afterAll(async () => t.close());

  it('answers 202 alike for known and unknown addresses, and mails only the known one', async () => {
    const unknown = await forgot('nobody@example.com');
    expect(unknown.statusCode).toBe(202);
    expect(mailsIn(outbox)).toHaveLength(0);
    const known = await forgot(owner.email);
    expect(known.statusCode).toBe(202);
    expect(known.body).toBe(unknown.body);
    const mails = mailsIn(outbox);
    expect(mails).toHaveLength(1);
    expect(mails[0]).toContain(`To: ${owner.email}`);
    expect(mails[0]).toContain('Subject: Reset your Warden password');
    const stored = await t.db.query<{ token_hash: string }>('select token_hash from password_resets');
    expect(stored).toHaveLength(1);
    expect(stored[0]!.token_hash).not.toContain(tokenIn(mails[0]!).slice(4));
  });

  it('sets the new password once, ends every session, and the token is then dead', async () => {
    const token = tokenIn(mailsIn(outbox).at(-1)!);
    expect((await call(t.app, 'GET', '/v1/me', { auth: { bearer: owner.session } })).statusCode).toBe(200);
    const weak = expectProblem(await reset(token, 'password123'), 400, 'validation_failed');
    expect(weak.errors).toEqual([{ field: 'password', message: 'is one of the most common passwords; choose another' }]);

    expect((await reset(token)).statusCode).toBe(204); // the weak attempt did not use the token up
    expectProblem(await call(t.app, 'GET', '/v1/me', { auth: { bearer: owner.session } }), 401, 'invalid_token');
    expectProblem(await call(t.app, 'POST', '/auth/login', { body: { email: owner.email, password: owner.password } }), 401, 'invalid_credentials');
    expect((await call(t.app, 'POST', '/auth/login', { body: { email: owner.email, password: NEW_PASSWORD } })).statusCode).toBe(200);
    expectProblem(await reset(token, 'yet another passphrase'), 400, 'reset_token_invalid');
    const audit = await t.db.query<{ type: string }>(`select type from audit_events where target_id = $1 and type like 'password.%' order by id`, [owner.userId]);
    expect(audit.map((row) => row.type)).toEqual(['password.reset_requested', 'password.reset']);
  });

  it('expires tokens after 30 minutes and retires older tokens once one is used', async () => {
    const other = await registerOwner(t.app);
    await forgot(other.email);
    const first = tokenIn(mailsIn(outbox).at(-1)!);
    clock.advanceSeconds(1801);
    expectProblem(await reset(first), 400, 'reset_token_invalid');
    await forgot(other.email);
    await forgot(other.email);
    const [second, third] = mailsIn(outbox).slice(-2).map(tokenIn);
    expect((await reset(third!)).statusCode).toBe(204);
    expectProblem(await reset(second!, 'another long passphrase'), 400, 'reset_token_invalid');
    expectProblem(await reset('prt_' + 'x'.repeat(32)), 400, 'reset_token_invalid');
  });
});

describe(`password reset through SMTP (${STORE_KIND})`, () => {
  let t: TestApp;
  let smtp: SMTPServer;
  const received: string[] = [];
  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, _session, callback) {
        let raw = '';
        stream.on('data', (chunk: Buffer) => (raw += chunk.toString()));
        stream.on('end', () => {
          received.push(raw);
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    const port = (smtp.server.address() as AddressInfo).port;
    t = await createTestApp({ env: { SMTP_URL: `smtp://127.0.0.1:${port}`, WARDEN_MAIL_FROM: 'Bank Security <security@bank.example>' } });
  });
  afterAll(async () => {
    await t.close();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  });

  it('delivers the reset mail to the SMTP server', async () => {
    const owner = await registerOwner(t.app);
    expect((await call(t.app, 'POST', '/auth/password/forgot', { body: { email: owner.email } })).statusCode).toBe(202);
    await t.app.warden.flush();
    expect(received).toHaveLength(1);
    expect(received[0]).toContain('From: Bank Security <security@bank.example>');
    expect(received[0]).toContain(`To: ${owner.email}`);
    expect((await call(t.app, 'POST', '/auth/password/reset', { body: { token: tokenIn(received[0]!), new_password: NEW_PASSWORD } })).statusCode).toBe(204);
  });
});
