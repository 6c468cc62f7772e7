// Child processes of the bench (servers and load generators): forked, tracked, and killed on every
// way out (normal end, error, SIGINT/SIGTERM/SIGHUP, process exit), together with the temporary
// Warden data directory.
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BENCH_DIR, ROOT } from './config.mjs';

const children = new Set();
let tempDataDir = null;
let stopping = false;
let signalled = false;

/** True once stopAll() has begun: children exiting from then on are expected. */
export const isStopping = () => stopping;
/** True once a signal handler has taken over stopping and exiting. */
export const isSignalled = () => signalled;

/** A fresh temporary directory, removed by stopAll() and on exit. */
export function makeTempDataDir(prefix) {
  tempDataDir = mkdtempSync(join(tmpdir(), prefix));
  return tempDataDir;
}

export function spawnChild(script, { args = [], env = process.env, name }) {
  const child = fork(join(BENCH_DIR, script), args, {
    cwd: ROOT,
    env,
    execArgv: [],
    silent: true, // stdout/stderr piped to us
  });
  child.benchName = name;
  child.stderrTail = '';
  child.stdoutTail = '';
  child.stderr.on('data', (d) => { child.stderrTail = (child.stderrTail + d).slice(-4000); });
  child.stdout.on('data', (d) => { child.stdoutTail = (child.stdoutTail + d).slice(-4000); });
  child.exited = new Promise((resolve) => child.once('exit', (code, signal) => {
    children.delete(child);
    resolve({ code, signal });
  }));
  children.add(child);
  return child;
}

export function describeExit(child, { code, signal }) {
  const tail = child.stderrTail.trim() || child.stdoutTail.trim();
  return `${child.benchName} (pid ${child.pid}) exited with ${signal ?? `code ${code}`}${tail ? `:\n${tail}` : ''}`;
}

/** Resolves with the child's first IPC message matching `pred`; rejects if it exits first or on timeout. */
export function waitForMessage(child, pred, timeoutMs, what) {
  return new Promise((resolve, reject) => {
    const onMessage = (msg) => {
      if (!pred(msg)) return;
      cleanup();
      resolve(msg);
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what} from ${child.benchName}`));
    }, timeoutMs);
    const onExit = (code, signal) => {
      cleanup();
      reject(new Error(`while waiting for ${what}: ${describeExit(child, { code, signal })}`));
    };
    function cleanup() {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
    }
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

async function stopChild(child, graceMs = 8000) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  try {
    if (child.connected) child.send({ cmd: 'shutdown' });
    else child.kill('SIGTERM');
  } catch {
    child.kill('SIGTERM');
  }
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await child.exited;
  clearTimeout(timer);
}

export async function stopAll() {
  stopping = true;
  await Promise.all([...children].map((c) => stopChild(c)));
  if (tempDataDir) {
    rmSync(tempDataDir, { recursive: true, force: true });
    tempDataDir = null;
  }
}

/** Kill children and remove the data dir on process exit; stop everything on SIGINT/SIGTERM/SIGHUP. */
export function installCleanupHandlers() {
  process.on('exit', () => {
    for (const c of children) {
      try { c.kill('SIGKILL'); } catch { /* already gone */ }
    }
    if (tempDataDir) rmSync(tempDataDir, { recursive: true, force: true });
  });
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.once(sig, () => {
      signalled = true;
      process.stderr.write(`\nbench: ${sig} — stopping child processes\n`);
      stopAll().finally(() => process.exit(sig === 'SIGINT' ? 130 : 143));
    });
  }
}
