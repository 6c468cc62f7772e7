// One measured load run: autocannon in its own child (load.mjs) against a server child, with the
// server's CPU time per request from /proc, a strict all-2xx check, and optional CPU profiling.
import { CFG } from './config.mjs';
import { spawnChild, waitForMessage } from './children.mjs';
import { cpuMicros, cpuSnapshot, cpuSpent } from './cpu.mjs';

export { cpuMicros };

/**
 * `fineLatency`: the load child also records every 2xx response's own duration (process.hrtime,
 * sub-µs) and returns exact percentiles as `result.fineLatencyMs`; autocannon's histogram keeps
 * whole milliseconds only. `method`/`body` (a string) and `overallRate` (requests/s cap) go to
 * autocannon as they are (bench/login.mjs uses them).
 */
export async function runLoad({ title, url, method, headers, body, overallRate, durationS, server, connections = CFG.connections, fineLatency = false, settle = false }) {
  const opts = { title, url, method, headers, body, overallRate, connections, duration: durationS, pipelining: CFG.pipelining, fineLatency };
  if (settle) await settled(server);
  const cpuBefore = await cpuSnapshot(server);
  const child = spawnChild('load.mjs', { name: `load ${title}` });
  child.send({ cmd: 'run', opts });
  const msg = await waitForMessage(child, (m) => m?.event === 'result', (durationS + 60) * 1000, 'a load result');
  await child.exited;
  const r = msg.result;
  if (settle) await settled(server);
  const spent = cpuSpent(cpuBefore, await cpuSnapshot(server));
  // Server CPU time per request (Warden process + the PostgreSQL backends serving it, when on
  // PostgreSQL): less sensitive to other load on the machine than req/s. `settle` (slow requests,
  // e.g. logins): the server finishes the requests still in flight when the load generator stops
  // (one per connection) before the CPU is read, and they count as served.
  const served = r.totalRequests + (settle ? connections : 0);
  const per = (us) => (us !== null && us !== undefined && served > 0 ? us / served : null);
  r.serverCpuUsPerRequest = spent ? per(spent.total) : null;
  r.processCpuUsPerRequest = spent ? per(spent.process) : null;
  r.dbCpuUsPerRequest = spent ? per(spent.db) : null;
  r.niceThreadsCpuUsPerRequest = spent ? per(spent.niceThreads) : null;
  r.serverCpuUtilisation = spent ? spent.total / 1e6 / durationS : null;
  const problems = [];
  if (r.non2xx > 0) problems.push(`${r.non2xx} non-2xx responses (${JSON.stringify(r.statusCodeStats)})`);
  if (r.errors > 0) problems.push(`${r.errors} connection errors`);
  if (r.timeouts > 0) problems.push(`${r.timeouts} timeouts`);
  if (!(r.totalRequests > 0)) problems.push('no requests completed');
  if (problems.length) throw new Error(`${title}: ${problems.join('; ')}`);
  return r;
}

/**
 * Waits (≤ 10 s) until the server's CPU time stops moving: the requests it still had in flight
 * are done, and so is work they queued (request events written after the responses).
 */
async function settled(server) {
  if (!server) return;
  const deadline = Date.now() + 10_000;
  let last = cpuMicros(server.pid);
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 150));
    const now = cpuMicros(server.pid);
    if (now === null || now - last < 3000) return; // < 2 % of a core over 150 ms
    last = now;
  }
}

/** Runs fn() with the V8 profiler on inside `server` when BENCH_PROFILE=1. */
export async function profiled(server, label, fn) {
  if (!CFG.profile) return { result: await fn(), profileFile: null };
  server.send({ cmd: 'profile:start' });
  await waitForMessage(server, (m) => m?.event === 'profile:started' || m?.event === 'profile:error', 10_000, 'profile start');
  const result = await fn();
  server.send({ cmd: 'profile:stop', label });
  const msg = await waitForMessage(server, (m) => m?.event === 'profile:stopped' || m?.event === 'profile:error', 30_000, 'profile stop');
  if (msg.event === 'profile:error') throw new Error(`profiling ${server.benchName}: ${msg.message}`);
  return { result, profileFile: msg.file };
}
