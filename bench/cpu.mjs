// CPU time of a process from /proc (Linux): utime + stime of every thread, in µs.
import { readFileSync, readdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

const CLK_TCK = (() => {
  try { return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100; } catch { return 100; }
})();

/** utime+stime of a process in µs; null when /proc does not have it (gone, or not Linux). */
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
 * utime+stime (µs) of the threads of `pid` running at nice 19: Warden's argon2 worker threads
 * (src/users/password-workers.ts lowers their priority to 19; nothing else in the process does).
 * The bare argon2 baseline uses the same pool, so the same split applies to it. null off Linux.
 */
export function niceThreadsMicros(pid, nice = 19) {
  try {
    let us = 0;
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      let stat;
      try { stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8'); } catch { continue; } // thread gone
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(f[16]) === nice) us += ((Number(f[11]) + Number(f[12])) * 1e6) / CLK_TCK;
    }
    return us;
  } catch {
    return null;
  }
}

/**
 * A server's CPU snapshot: its own process, plus the PostgreSQL backends serving it when
 * `server.store.backendCpu` exists (pid → µs).
 */
export async function cpuSnapshot(server) {
  if (!server) return null;
  const process = cpuMicros(server.pid);
  const niceThreads = server.countNiceThreads ? niceThreadsMicros(server.pid) : null;
  const backends = server.store?.backendCpu ? await server.store.backendCpu() : null;
  return { process, niceThreads, backends };
}

/**
 * µs spent between two snapshots: `process`, `niceThreads` (when `server.countNiceThreads`: the
 * part of `process` spent by nice-19 threads, argon2's), `db` (backends: a backend present at the end and not
 * at the start counts whole — it started during the window; one gone by the end is not counted,
 * which the pool's 30 s idle timeout makes rare within a run) and `total`.
 */
export function cpuSpent(before, after) {
  if (!before || !after || before.process === null || after.process === null) return null;
  const processUs = after.process - before.process;
  let db = null;
  if (after.backends) {
    db = 0;
    for (const [pid, us] of after.backends) db += us - (before.backends?.get(pid) ?? 0);
  }
  const niceThreads = before.niceThreads != null && after.niceThreads != null ? after.niceThreads - before.niceThreads : null;
  return { process: processUs, niceThreads, db, total: processUs + (db ?? 0) };
}
