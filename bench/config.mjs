// Benchmark configuration: paths, the knobs read from the environment, and the targets.
//
// Knobs (env): BENCH_DURATION (s, 10), BENCH_WARMUP (s, 3), BENCH_CONNECTIONS (50),
// BENCH_ROUNDS (1; each round = hello, /v1/me, hello, /healthz at BENCH_CONNECTIONS, then the
// latency run: hello, /v1/me at BENCH_LATENCY_CONNECTIONS), BENCH_VERIFY_MS (2000),
// BENCH_LATENCY_CONNECTIONS (1), BENCH_LATENCY_DURATION (s, 5), BENCH_LATENCY_WARMUP (s, 2),
// BENCH_PROFILE=1 (CPU-profile the first measured throughput run of each target inside the
// servers and print the top self-time functions; the profiler costs throughput, so the table is
// then not comparable with normal runs).
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
  durationS: num('BENCH_DURATION', 10),
  warmupS: num('BENCH_WARMUP', 3),
  rounds: num('BENCH_ROUNDS', 1),
  pipelining: 1,
  verifyMs: num('BENCH_VERIFY_MS', 2000),
  latency: {
    connections: num('BENCH_LATENCY_CONNECTIONS', 1),
    durationS: num('BENCH_LATENCY_DURATION', 5),
    warmupS: num('BENCH_LATENCY_WARMUP', 2),
  },
  profile: process.env.BENCH_PROFILE === '1',
};

// meRatio is judged on the BENCH_CONNECTIONS run, meP99Ms on the low-concurrency latency run.
export const TARGETS = { meRatio: 0.8, meP99Ms: 2, verifyOpsPerSec: 300_000 };
