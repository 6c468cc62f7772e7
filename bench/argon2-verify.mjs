// The login benchmark's baseline (bench/login.mjs): raw `@node-rs/argon2` verify(hash, password)
// in its own process, on a hash made with Warden's own ARGON2_OPTIONS (imported from dist, so it
// cannot drift), keeping `concurrency` verifies in flight — the same number the HTTP login run
// keeps in flight — for a warm-up and then a measured window. Like Warden, it runs on libuv's
// threadpool with whatever UV_THREADPOOL_SIZE the environment gives (default 4).
// Options over IPC ({cmd:'run', opts}) or as JSON in argv[2]: { concurrency, warmupMs, durationMs }.
// Result: {event:'result', result} over IPC, else JSON on stdout.
import { hash, verify } from '@node-rs/argon2';
import { ARGON2_OPTIONS } from '../dist/users/password.js';

const opts = process.argv[2]
  ? JSON.parse(process.argv[2])
  : process.send
    ? await new Promise((resolve) => process.once('message', (msg) => resolve(msg?.opts ?? {})))
    : {};
const concurrency = opts.concurrency ?? 8;
const warmupMs = opts.warmupMs ?? 1000;
const durationMs = opts.durationMs ?? 8000;
process.on('disconnect', () => process.exit(1));

const password = 'bench-password-1234';
const passwordHash = await hash(password, ARGON2_OPTIONS);
if (!(await verify(passwordHash, password))) throw new Error('argon2 verify of the right password returned false');

const nowMs = () => Number(process.hrtime.bigint()) / 1e6;
const startMs = nowMs();
const measureFrom = startMs + warmupMs;
const measureTo = measureFrom + durationMs;
let cpuAtStart = null;
setTimeout(() => { cpuAtStart = process.cpuUsage(); }, warmupMs);
let completed = 0;
const durations = [];
let failure = null;

async function worker() {
  while (failure === null) {
    const t0 = nowMs();
    if (t0 >= measureTo) return;
    const ok = await verify(passwordHash, password);
    const t1 = nowMs();
    if (!ok) failure = 'verify returned false';
    // Counted like the HTTP run: completions inside the window.
    if (t1 >= measureFrom && t1 < measureTo) {
      completed++;
      durations.push(t1 - t0);
    }
  }
}
await Promise.all(Array.from({ length: concurrency }, worker));
const cpu = process.cpuUsage(cpuAtStart ?? undefined);
if (failure) throw new Error(failure);

const sorted = Float64Array.from(durations).sort();
const at = (p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] : null);
const result = {
  concurrency,
  warmupMs,
  durationMs,
  options: ARGON2_OPTIONS,
  uvThreadpoolSize: process.env.UV_THREADPOOL_SIZE ?? null,
  verifies: completed,
  verifiesPerSec: completed / (durationMs / 1000),
  latencyMs: { p50: at(50), p99: at(99), max: sorted.length ? sorted[sorted.length - 1] : null },
  cpuUtilisation: (cpu.user + cpu.system) / 1e6 / (durationMs / 1000), // all threads, in cores
};
if (process.send) process.send({ event: 'result', result }, () => process.exit(0));
else process.stdout.write(JSON.stringify(result) + '\n');
