// In-process KeyVerifier throughput: open an in-memory store, migrate, build the app with silent
// logs, create a key, then call app.warden.keyVerifier.verify(key, ip) in a tight loop (cached →
// synchronous). Baseline in the same run: crypto.createHash('sha256').update(key).digest('hex').
// Usable on its own: `npm run build && node bench/verify-inprocess.mjs`.
import { createHash } from 'node:crypto';
import { setImmediate as tick } from 'node:timers/promises';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

const BATCH = 4096;
const YIELD_EVERY_MS = 50;

/** Calls op() in batches until durationMs elapses, yielding to the event loop now and then. */
export async function loop(op, durationMs) {
  let ops = 0;
  const start = performance.now();
  const end = start + durationMs;
  let nextYield = start + YIELD_EVERY_MS;
  for (;;) {
    for (let i = 0; i < BATCH; i++) op();
    ops += BATCH;
    const now = performance.now();
    if (now >= end) return { ops, ms: now - start, opsPerSec: (ops * 1000) / (now - start) };
    if (now >= nextYield) {
      await tick();
      nextYield = performance.now() + YIELD_EVERY_MS;
    }
  }
}

async function inject(app, method, url, payload, token) {
  const res = await app.inject({
    method, url, payload,
    headers: { 'x-forwarded-proto': 'https', ...(token ? { authorization: `Bearer ${token}` } : {}) },
  });
  if (res.statusCode < 200 || res.statusCode >= 300) throw new Error(`${method} ${url} → ${res.statusCode}: ${res.body}`);
  return res.json();
}

/**
 * Warden built in this process on an in-memory PGlite (`settings` on top of silent development
 * defaults), with an owner and one `api-keys:read` API key created through the API. The caller
 * closes `app`.
 */
export async function inProcessAppWithKey(settings = {}, tag = 'inproc') {
  const { openDatabase } = await import('../dist/store/open-database.js');
  const { migrate } = await import('../dist/store/migrate.js');
  const { buildApp } = await import('../dist/server/app.js');
  const { loadConfig } = await import('../dist/server/config.js');

  const config = loadConfig({ WARDEN_DATA_DIR: 'memory://', WARDEN_LOG_LEVEL: 'silent', WARDEN_ENV: 'development', ...settings });
  const db = await openDatabase({ dataDir: 'memory://' });
  let app;
  try {
    await migrate(db);
    app = await buildApp({ config, db });
    await app.ready();
    const email = `bench-${tag}@example.com`;
    const password = 'bench-password-1234';
    await inject(app, 'POST', '/auth/register', { email, password });
    const { token } = await inject(app, 'POST', '/auth/login', { email, password });
    const { data } = await inject(app, 'POST', '/v1/keys', { name: `bench ${tag}`, scopes: ['api-keys:read'] }, token);
    return { app, key: data.key };
  } catch (error) {
    await (app ? app.close() : db.close());
    throw error;
  }
}

export async function runVerifyBench({ warmupMs = 1000, durationMs = 2000, ip = '127.0.0.1' } = {}) {
  const { app, key } = await inProcessAppWithKey({}, 'inproc');
  try {
    const verifier = app.warden.keyVerifier;

    // First call misses the cache and returns a Promise; after it the key is cached.
    const first = await verifier.verify(key, ip);
    if (!first.valid) throw new Error(`verify() of a fresh key failed: ${JSON.stringify(first)}`);
    const cached = verifier.verify(key, ip);
    if (cached instanceof Promise) throw new Error('verify() of a cached key returned a Promise (expected synchronous)');

    let invalid = 0;
    let sink = 0;
    const verifyOp = () => {
      const r = verifier.verify(key, ip);
      if (r.valid !== true) invalid++;
    };
    const hashOp = () => {
      sink ^= createHash('sha256').update(key).digest('hex').charCodeAt(0);
    };

    // Warm both up, then measure them back to back (twice, interleaved; keep the better run of each).
    await loop(verifyOp, warmupMs);
    await loop(hashOp, warmupMs / 2);
    const half = durationMs / 2;
    const v1 = await loop(verifyOp, half);
    const h1 = await loop(hashOp, half);
    const v2 = await loop(verifyOp, half);
    const h2 = await loop(hashOp, half);
    if (invalid > 0) throw new Error(`verify() returned valid !== true ${invalid} times`);
    const combine = (a, b) => ({ ops: a.ops + b.ops, ms: a.ms + b.ms, opsPerSec: ((a.ops + b.ops) * 1000) / (a.ms + b.ms), runs: [a.opsPerSec, b.opsPerSec] });
    return {
      verify: combine(v1, v2),
      sha256: combine(h1, h2),
      keyPrefix: key.slice(0, 12),
      keyLength: key.length,
      sink,
    };
  } finally {
    await app.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const r = await runVerifyBench();
  console.log(`verify(): ${Math.round(r.verify.opsPerSec).toLocaleString('en-US')} ops/s`);
  console.log(`sha256 : ${Math.round(r.sha256.opsPerSec).toLocaleString('en-US')} ops/s`);
  console.log(`ratio  : ${(r.verify.opsPerSec / r.sha256.opsPerSec).toFixed(3)}`);
}
