// One measured load run: autocannon in its own child (load.mjs) against a server child, with the
// server's CPU time per request from /proc, a strict all-2xx check, and optional CPU profiling.
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { CFG } from './config.mjs';
import { spawnChild, waitForMessage } from './children.mjs';

/** utime+stime of a process in µs from /proc (Linux); null elsewhere. */
const CLK_TCK = (() => {
  try { return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100; } catch { return 100; }
})();
export function cpuMicros(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1e6) / CLK_TCK; // utime, stime
  } catch {
    return null;
  }
}

/**
 * `fineLatency`: the load child also records every 2xx response's own duration (process.hrtime,
 * sub-µs) and returns exact percentiles as `result.fineLatencyMs`; autocannon's histogram keeps
 * whole milliseconds only. `method`/`body` (a string) and `overallRate` (requests/s cap) go to
 * autocannon as they are (bench/login.mjs uses them).
 */
export async function runLoad({ title, url, method, headers, body, overallRate, durationS, server, connections = CFG.connections, fineLatency = false }) {
  const opts = { title, url, method, headers, body, overallRate, connections, duration: durationS, pipelining: CFG.pipelining, fineLatency };
  const cpuBefore = server ? cpuMicros(server.pid) : null;
  const child = spawnChild('load.mjs', { name: `load ${title}` });
  child.send({ cmd: 'run', opts });
  const msg = await waitForMessage(child, (m) => m?.event === 'result', (durationS + 60) * 1000, 'a load result');
  await child.exited;
  const r = msg.result;
  const cpuAfter = server ? cpuMicros(server.pid) : null;
  // Server CPU time per request: less sensitive to other load on the machine than req/s.
  r.serverCpuUsPerRequest = cpuBefore !== null && cpuAfter !== null && r.totalRequests > 0 ? (cpuAfter - cpuBefore) / r.totalRequests : null;
  r.serverCpuUtilisation = cpuBefore !== null && cpuAfter !== null ? (cpuAfter - cpuBefore) / 1e6 / durationS : null;
  const problems = [];
  if (r.non2xx > 0) problems.push(`${r.non2xx} non-2xx responses (${JSON.stringify(r.statusCodeStats)})`);
  if (r.errors > 0) problems.push(`${r.errors} connection errors`);
  if (r.timeouts > 0) problems.push(`${r.timeouts} timeouts`);
  if (!(r.totalRequests > 0)) problems.push('no requests completed');
  if (problems.length) throw new Error(`${title}: ${problems.join('; ')}`);
  return r;
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
