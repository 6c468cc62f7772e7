// In-process cost of a rate-limit decision (bench:traffic part 1). Builds the app on in-memory
// PGlite (like bench/verify-inprocess.mjs), creates an API key, then times, alternating for
// `rounds` rounds of `roundMs` each:
//   a. app.warden.keyVerifier.verify(key, ip) of the cached key — the baseline;
//   b. the same + limiter.consume(limiter.checksFor(principal, 'standard')) on the app's limiter
//      (memory engine; the principal is built per call exactly as Authenticator.fromKey does).
// Then, with a Redis URL, c. verify + the same decision on the Redis engine (createRedisEngine on
// its own connection and key prefix, not wrapped in the fallback engine, so a Redis error fails
// the bench instead of degrading to memory): one decision at a time (await each), and with
// `inflight` decisions in flight.
// Limits are the largest the configuration accepts (10M/min per key, 100M/min per workspace, as in
// bench/servers.mjs), so every decision must allow; a refusal fails the bench.
// Usable on its own: `npm run build && REDIS_URL=redis://127.0.0.1:6379 node bench/limiter-inprocess.mjs`.
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { inProcessAppWithKey, loop } from './verify-inprocess.mjs';

const IP = '127.0.0.1';

async function aloop(op, durationMs, concurrency) {
  let ops = 0;
  const start = performance.now();
  const end = start + durationMs;
  const worker = async () => {
    while (performance.now() < end) {
      await op();
      ops++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const ms = performance.now() - start;
  return { ops, ms, opsPerSec: (ops * 1000) / ms };
}

const combine = (runs) => {
  const ops = runs.reduce((a, r) => a + r.ops, 0);
  const ms = runs.reduce((a, r) => a + r.ms, 0);
  return { ops, ms, opsPerSec: (ops * 1000) / ms, runs: runs.map((r) => r.opsPerSec) };
};

/** Resolves { verify, memory, ratio, roundRatios, redis } (ops/s figures with their raw runs). */
export async function runLimiterBench({ roundMs = 2000, rounds = 3, warmupMs = 1000, redisUrl, inflight = 64, log = () => {} } = {}) {
  const { Limiter } = await import('../dist/ratelimit/limiter.js');
  const { createRedisEngine } = await import('../dist/ratelimit/redis-engine.js');
  const { openRedis, waitForRedis, closeRedis } = await import('../dist/store/redis.js');
  const { systemClock } = await import('../dist/lib/clock.js');
  const { app, key } = await inProcessAppWithKey({
    WARDEN_RATE_LIMIT_STANDARD: '10000000', WARDEN_RATE_LIMIT_WORKSPACE: '100000000', WARDEN_RATE_LIMIT_AUTH: '10000000',
  }, 'limiter');
  let redis;
  try {
    const { keyVerifier: verifier, limiter, config } = app.warden;
    if (limiter.engine.name !== 'memory' || !limiter.enabled) throw new Error(`expected the enabled memory engine, got ${limiter.engine.name}`);
    const first = await verifier.verify(key, IP); // fills the cache
    if (!first.valid) throw new Error(`verify() of a fresh key failed: ${JSON.stringify(first)}`);

    let invalid = 0;
    let refused = 0;
    let sink = 0;
    // As Authenticator.fromKey builds it for every request.
    const principalOf = (k) => ({ type: 'api_key', id: k.id, workspaceId: k.workspaceId, environment: k.environment, scopes: k.scopes, expiresAtMs: k.expiresAtMs, rateLimit: k.rateLimit });
    const verified = () => {
      const r = verifier.verify(key, IP);
      if (r.valid !== true) invalid++;
      return r;
    };
    const verifyOp = () => { sink ^= verified().key.id.length; };
    // Limiter.consume answers a Promise (plain async: the synchronous shape saved < 1 % of a request, bench/shapes.mjs).
    const memoryOp = async () => {
      const decision = await limiter.consume(limiter.checksFor(principalOf(verified().key), 'standard'));
      if (!decision.allowed) refused++;
    };

    await loop(verifyOp, warmupMs);
    await aloop(memoryOp, warmupMs, 1);
    const a = [];
    const b = [];
    for (let i = 0; i < rounds; i++) {
      a.push(await loop(verifyOp, roundMs));
      b.push(await aloop(memoryOp, roundMs, 1));
      log(`round ${i + 1}/${rounds}: verify ${Math.round(a[i].opsPerSec).toLocaleString('en-US')} ops/s, ` +
        `verify + memory limiter ${Math.round(b[i].opsPerSec).toLocaleString('en-US')} ops/s (${(b[i].opsPerSec / a[i].opsPerSec).toFixed(2)}×)`);
    }
    const verify = combine(a);
    const memory = combine(b);

    let redisResult = { skipped: 'no Redis URL (set REDIS_URL or BENCH_REDIS_URL)' };
    if (redisUrl) {
      redis = openRedis(redisUrl, { name: 'bench-traffic-limiter' });
      if (!(await waitForRedis(redis, 3000))) {
        redisResult = { skipped: `Redis at ${redisUrl} unreachable (${redis.status})` };
      } else {
        const prefix = `bench-traffic-${randomBytes(4).toString('hex')}:rl:`;
        const settings = {
          enabled: true,
          perMinute: { standard: config.rateLimitStandard, write: config.rateLimitWrite, upload: config.rateLimitUpload, auth: config.rateLimitAuth },
          workspacePerMinute: config.rateLimitWorkspace,
        };
        const redisLimiter = new Limiter(settings, createRedisEngine(redis, { prefix }), systemClock);
        const redisOp = async () => {
          const decision = await redisLimiter.consume(redisLimiter.checksFor(principalOf(verified().key), 'standard'));
          if (!decision.allowed) refused++;
        };
        await aloop(redisOp, Math.min(500, warmupMs), 8);
        const sequential = await aloop(redisOp, roundMs, 1);
        const concurrent = await aloop(redisOp, roundMs, inflight);
        redisResult = { sequential, concurrent, inflight, prefix };
      }
    }
    if (invalid > 0) throw new Error(`verify() returned valid !== true ${invalid} times`);
    if (refused > 0) throw new Error(`the limiter refused ${refused} decisions (limits are meant to be out of reach)`);
    return {
      roundMs, rounds,
      verify, memory,
      ratio: memory.opsPerSec / verify.opsPerSec,
      roundRatios: b.map((r, i) => r.opsPerSec / a[i].opsPerSec),
      redis: redisResult,
      sink,
    };
  } finally {
    if (redis) await closeRedis(redis);
    await app.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const r = await runLimiterBench({ redisUrl: process.env.BENCH_REDIS_URL || process.env.REDIS_URL, log: console.log });
  const f = (n) => Math.round(n).toLocaleString('en-US');
  console.log(`verify()                 : ${f(r.verify.opsPerSec)} ops/s`);
  console.log(`verify + memory limiter  : ${f(r.memory.opsPerSec)} ops/s (${r.ratio.toFixed(3)}×)`);
  if (r.redis.skipped) console.log(`Redis engine: skipped — ${r.redis.skipped}`);
  else console.log(`verify + Redis limiter   : ${f(r.redis.sequential.opsPerSec)} ops/s sequential, ${f(r.redis.concurrent.opsPerSec)} ops/s with ${r.redis.inflight} in flight`);
}
