import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createKey, createTestApp, registerOwner, type TestApp } from './helpers/test-app.js';

const HTTPS = { 'x-forwarded-proto': 'https' };

describe('production mode behind trusted proxies', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { WARDEN_ENV: 'production', TRUSTED_PROXIES: '10.0.0.1, 10.9.0.0/16' } });
  });
  afterAll(async () => t.close());

  it('refuses plain HTTP with 403 https_required and still sends HSTS', async () => {
    const response = await call(t.app, 'GET', '/v1/me', { remoteAddress: '10.0.0.1' });
    expect(response.statusCode).toBe(403);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json().code).toBe('https_required');
    expect(response.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
  });

  it('believes X-Forwarded-Proto only from a trusted proxy', async () => {
    const trusted = await call(t.app, 'GET', '/v1/me', { remoteAddress: '10.9.3.4', headers: HTTPS });
    expect(trusted.statusCode).toBe(401);
    expect(trusted.json().code).toBe('authentication_required');
    expect(trusted.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    const untrusted = await call(t.app, 'GET', '/v1/me', { remoteAddress: '198.51.100.9', headers: HTTPS });
    expect(untrusted.statusCode).toBe(403);
    expect(untrusted.json().code).toBe('https_required');
  });

  it('lets load-balancer probes use plain HTTP', async () => {
    const health = await call(t.app, 'GET', '/healthz', { remoteAddress: '198.51.100.9' });
    expect(health.statusCode).toBe(200);
    expect(health.headers['strict-transport-security']).toBeDefined();
    expect((await call(t.app, 'GET', '/readyz', { remoteAddress: '198.51.100.9' })).statusCode).toBe(200);
  });

  it('takes the client IP from X-Forwarded-For only through trusted proxies', async () => {
    const viaProxy = { remoteAddress: '10.0.0.1', headers: HTTPS };
    const register = await call(t.app, 'POST', '/auth/register', { ...viaProxy, body: { email: 'ops@bank.example', password: 'correct horse battery' } });
    expect(register.statusCode).toBe(201);
    const login = await call(t.app, 'POST', '/auth/login', { ...viaProxy, body: { email: 'ops@bank.example', password: 'correct horse battery' } });
    const session = login.json().token as string;
    const created = await call(t.app, 'POST', '/v1/keys', {
      ...viaProxy,
      auth: { bearer: session },
      body: { name: 'office only', scopes: [], allowed_ips: ['203.0.113.0/24'] },
    });
    expect(created.statusCode).toBe(201);
    const key = created.json().data.key as string;

    const fromOffice = await call(t.app, 'GET', '/v1/me', {
      auth: { apiKey: key },
      remoteAddress: '10.0.0.1',
      headers: { ...HTTPS, 'x-forwarded-for': '203.0.113.7' },
    });
    expect(fromOffice.statusCode).toBe(200);

    // A trusted proxy forwarding an outside client: the client's address decides.
    const outside = await call(t.app, 'GET', '/v1/me', {
      auth: { apiKey: key },
      remoteAddress: '10.0.0.1',
      headers: { ...HTTPS, 'x-forwarded-for': '198.51.100.1' },
    });
    expect(outside.statusCode).toBe(403);
    expect(outside.json().code).toBe('ip_not_allowed');

    // Spoofed X-Forwarded-For from the trusted network range but a client that is not a proxy.
    const spoofed = await call(t.app, 'GET', '/v1/me', {
      auth: { apiKey: key },
      remoteAddress: '198.51.100.1',
      headers: { ...HTTPS, 'x-forwarded-for': '203.0.113.7' },
    });
    expect(spoofed.statusCode).toBe(403);
    expect(spoofed.json().code).toBe('https_required');
  });
});

describe('development mode', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  it('serves plain HTTP without HSTS and ignores X-Forwarded-For from untrusted peers', async () => {
    const owner = await registerOwner(t.app);
    const key = await createKey(t.app, { bearer: owner.session }, { name: 'k', scopes: [], allowed_ips: ['203.0.113.7'] });
    const response = await call(t.app, 'GET', '/v1/me', {
      auth: { apiKey: key.key },
      remoteAddress: '198.51.100.1',
      headers: { 'x-forwarded-for': '203.0.113.7' },
    });
    expect(response.statusCode).toBe(403);
    expect(response.json().code).toBe('ip_not_allowed');
    expect(response.headers['strict-transport-security']).toBeUndefined();
  });
});

describe('production mode with TLS terminated in-process', () => {
  let t: TestApp;
  let port: number;
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'warden-tls-'));
    const cert = join(dir, 'cert.pem');
    const key = join(dir, 'key.pem');
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
      '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=localhost',
    ], { stdio: 'ignore' });
    t = await createTestApp({ env: { WARDEN_ENV: 'production', TLS_CERT: cert, TLS_KEY: key } });
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    port = (t.app.server.address() as AddressInfo).port;
  });
  afterAll(async () => t.close());

  it('accepts HTTPS directly and answers with HSTS', async () => {
    const response = await new Promise<{ status: number; hsts: string | undefined; body: string }>((resolve, reject) => {
      const req = httpsRequest({ host: '127.0.0.1', port, path: '/v1/me', rejectUnauthorized: false }, (res) => {
        let body = '';
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, hsts: res.headers['strict-transport-security'] as string | undefined, body }));
      });
      req.setTimeout(5000, () => req.destroy(new Error('timeout')));
      req.on('error', reject);
      req.end();
    });
    expect(response.status).toBe(401);
    expect(JSON.parse(response.body).code).toBe('authentication_required');
    expect(response.hsts).toBe('max-age=31536000; includeSubDomains');
  });
});
