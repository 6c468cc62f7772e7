// P3's "CPU per login − argon2's", part by part (docs/performance.md, P3): one Warden in this process
// (production settings, embedded PGlite in a temp dir, request audit off, rate limits off), one user,
// each part run N times in a row (after 50 warm-up calls) and measured with process.cpuUsage()
// (every thread) ÷ N; the argon2 threads (nice 19) are split out where a part verifies a password.
// Sequential, no HTTP socket (app.inject), so the figures add no load-generator or contention cost;
// they move ±30 % between runs on this machine. Needs `npm run build`.
//   node bench/login-breakdown.mjs        (N=400; env N=600 for steadier figures; WT=0 signs inline)
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
const D = new URL('../dist', import.meta.url).href;
const { loadConfig } = await import(`${D}/server/config.js`);
const { openDatabase } = await import(`${D}/store/open-database.js`);
const { migrate } = await import(`${D}/store/migrate.js`);
const { buildApp } = await import(`${D}/server/app.js`);
const { findLoginUserByEmail } = await import(`${D}/users/login-user.js`);
const { insertSessionAudited } = await import(`${D}/sessions/session-store.js`);
const { sha256Hex } = await import(`${D}/lib/hash.js`);
const { newId } = await import(`${D}/lib/ids.js`);
const { generateSessionToken } = await import(`${D}/sessions/session-token.js`);
const { verifyPassword } = await import(`${D}/users/password.js`);
const dataDir = mkdtempSync(join(tmpdir(), 'wbd-'));
const config = loadConfig({ WARDEN_LOG_LEVEL: 'silent', WARDEN_DATA_DIR: dataDir, WARDEN_RATE_LIMITS: 'off', NODE_ENV: 'production', WARDEN_ENV: 'production', WARDEN_AUDIT_REQUESTS: 'off', TRUSTED_PROXIES: '127.0.0.1', ...(process.env.WT ? { WARDEN_WORKER_THREADS: process.env.WT } : {}) });
const db = await openDatabase({ dataDir, maxConnections: 5, connectTimeoutMs: config.databaseConnectTimeoutMs, queryTimeoutMs: config.databaseQueryTimeoutMs });
await migrate(db);
const app = await buildApp({ config, db });
await app.ready();
const s = app.warden;
const email = 'bd@example.com', password = 'bench-login-password-1234';
let r = await app.inject({ method: 'POST', url: '/auth/register', payload: { email, password }, headers: { 'x-forwarded-proto': 'https' } });
if (r.statusCode !== 201) throw new Error(r.body);
// nice-19 thread CPU
const CLK = 100;
function niceCpuMs() {
  let t = 0;
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(f[16]) === 19) t += (Number(f[11]) + Number(f[12])) * 1000 / CLK;
    } catch { /* thread gone */ }
  }
  return t;
}
async function measure(name, n, fn, { nice = false } = {}) {
  for (let i = 0; i < Math.min(50, n); i++) await fn(i);
  const n0 = niceCpuMs(); const c0 = process.cpuUsage();
  for (let i = 0; i < n; i++) await fn(i);
  await new Promise((res) => setTimeout(res, 50));
  const c = process.cpuUsage(c0); const nn = niceCpuMs() - n0;
  const total = (c.user + c.system) / n; const niceUs = nn * 1000 / n;
  console.log(`${name.padEnd(44)} ${total.toFixed(0).padStart(6)} µs/op process CPU${nice ? `, argon2 threads ${niceUs.toFixed(0)}, rest ${(total - niceUs).toFixed(0)}` : ''}`);
}
const user = await findLoginUserByEmail(db, email);
const N = Number(process.env.N || 400);
await measure('login via inject (full route)', N / 2, async () => { const r = await app.inject({ method: 'POST', url: '/auth/login', payload: { email, password }, headers: { 'x-forwarded-proto': 'https' } }); if (r.statusCode !== 200) throw new Error(r.body); }, { nice: true });
await measure('verifyPassword alone', N / 2, () => verifyPassword(user.password_hash, password), { nice: true });
await measure('accounts.login (service, no HTTP)', N / 2, () => s.accounts.login({ email, password }, { ip: '127.0.0.1', userAgent: 'x', requestId: 'r' }), { nice: true });
await measure('findLoginUserByEmail', N, () => findLoginUserByEmail(db, email));
const ctx = { ip: '127.0.0.1', userAgent: 'x', requestId: 'r' };
await measure('throttle assertAllowed + recordSuccess', N, async () => { const th = s.accounts.options.throttle; await th.assertAllowed(email, '127.0.0.1'); await th.recordSuccess(email, '127.0.0.1'); });
await measure('tokens: session tok+ids+2 sha256+firstOf', N, () => { const t = generateSessionToken(); newId('ses'); sha256Hex(t); s.refreshTokens.firstOf(Date.now()); });
await measure('one statement: session+refresh+audit row', N, () => {
  const nowMs = Date.now(); const t = generateSessionToken(); const sid = newId('ses'); const rf = s.refreshTokens.firstOf(nowMs);
  return insertSessionAudited(db, { id: sid, tokenHash: sha256Hex(t), userId: user.id, now: new Date(nowMs), absoluteExpiresAt: new Date(nowMs + 1e9), ip: '127.0.0.1', userAgent: 'x' }, rf.row,
    { workspaceId: user.memberships[0].id, type: 'login.succeeded', context: { ...ctx, actor: { type: 'user', id: user.id } }, target: { type: 'session', id: sid } });
});
await measure('select 1', N, () => db.query('select 1'));
await measure('select 1 (named statement)', N, () => db.query({ name: 'bench_select_1', text: 'select 1' }));
await measure('accessTokens.issue', N, () => s.accessTokens.issue({ sub: user.id, sid: 'ses_x' }));
await measure('inject POST /auth/login bad body (400)', N, async () => { await app.inject({ method: 'POST', url: '/auth/login', payload: { nope: 1 }, headers: { 'x-forwarded-proto': 'https' } }); });
await app.close();
await db.close?.();
rmSync(dataDir, { recursive: true, force: true });
