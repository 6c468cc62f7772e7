// What bench/login.mjs (P3) and bench/login-ab.mjs (P3, two builds) share: their knobs, the
// target, the stores, and the login user each Warden gets through the real API.
import { CFG as SHARED, num } from './config.mjs';
import { postgresBaseUrl } from './store.mjs';

export const CFG = {
  connections: num('BENCH_LOGIN_CONNECTIONS', 8),
  rounds: num('BENCH_LOGIN_ROUNDS', 3),
  durationS: SHARED.durationS,
  warmupS: SHARED.warmupS,
  passwordHashConcurrency: process.env.BENCH_PASSWORD_HASH_CONCURRENCY || '0',
  profile: SHARED.profile,
};
export const TARGETS = { loginRatio: 0.85, overheadMs: 1 };
export const STORES = (process.env.BENCH_STORES || (postgresBaseUrl() ? 'pglite,postgres' : 'pglite')).split(',').map((s) => s.trim());
export const STORE_NAME = { pglite: 'PGlite', postgres: 'PostgreSQL' };
export const PASSWORD = 'bench-login-password-1234';

async function post(base, path, body) {
  const res = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-proto': 'https' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  if (res.status < 200 || res.status >= 300) throw new Error(`setup: POST ${path} → ${res.status} ${text}`);
  return JSON.parse(text);
}

/** Registers the login user and checks one login answers the full token set. */
export async function createLoginUser(base) {
  const email = `bench-login-${Date.now()}@example.com`;
  await post(base, '/auth/register', { email, password: PASSWORD });
  const r = await post(base, '/auth/login', { email, password: PASSWORD });
  for (const f of ['token', 'access_token', 'refresh_token']) {
    if (typeof r[f] !== 'string') throw new Error(`setup: POST /auth/login answered no ${f}: ${JSON.stringify(r)}`);
  }
  return email;
}
