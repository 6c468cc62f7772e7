// Benchmark configuration: paths, the knobs read from the environment, and the targets.
//
// Knobs (env): BENCH_DURATION (s, 5), BENCH_WARMUP (s, 2; later rounds warm up 1 s),
// BENCH_CONNECTIONS (50), BENCH_ROUNDS (3), BENCH_LATENCY_CONNECTIONS (1),
// BENCH_LATENCY_DURATION (s, 3), BENCH_LATENCY_WARMUP (s, 1), BENCH_VERIFY_MS (2000, in-process
// benches), BENCH_PROFILE=1 (CPU-profile the first measured throughput run of each target inside
// its server and print the top self-time functions; the profiler costs throughput, so the tables
// are then not comparable with normal runs).
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BENCH_DIR = fileURLToPath(new URL('.', import.meta.url));
export const ROOT = join(BENCH_DIR, '..');
export const RESULTS_DIR = join(BENCH_DIR, 'results');

/** A positive number from the environment, or `def`. */
export const num = (name, def) => {
  const v = process.env[name];
  if (v === undefined || v === '') return def;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, got "${v}"`);
  return n;
};

export const CFG = {
  connections: num('BENCH_CONNECTIONS', 50),
  durationS: num('BENCH_DURATION', 5),
  warmupS: num('BENCH_WARMUP', 2),
  rounds: num('BENCH_ROUNDS', 3),
  pipelining: 1,
  verifyMs: num('BENCH_VERIFY_MS', 2000),
  latency: {
    connections: num('BENCH_LATENCY_CONNECTIONS', 1),
    durationS: num('BENCH_LATENCY_DURATION', 3),
    warmupS: num('BENCH_LATENCY_WARMUP', 1),
  },
  profile: process.env.BENCH_PROFILE === '1',
};

// Issue 15's targets (bench/run.mjs judges P1, bench/login.mjs P3, bench/oauth.mjs P2).
export const TARGETS = {
  p1aRatio: 0.8, p1aCpuRatio: 1.25, // audit off: req/s ≥ 0.8× bare Fastify, or CPU/req ≤ 1.25× bare's
  p1bRatio: 0.6, p1bExtraCpuUs: 5, // audit on: req/s ≥ 0.6× bare; audit on ≤ audit off + 5 µs CPU/req
  p1cP99Ms: 2, // audit on, 1 connection
};
