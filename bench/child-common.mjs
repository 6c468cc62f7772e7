// Shared by the bench's server children (hello-server.mjs, warden-server.mjs).
// - Reports {event:'listening', port, pid} as one JSON line on stdout (and over IPC when forked).
// - Exits when the parent goes away (IPC disconnect), so a crashed bench leaves no orphans.
// - BENCH_PROFILE=1: the parent can start/stop a CPU profile over IPC around one measured run;
//   the profile lands in bench/results/<name>-<pid>-<label>.cpuprofile.
import { Session } from 'node:inspector';
import { writeFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const RESULTS_DIR = fileURLToPath(new URL('./results/', import.meta.url));

export function announceListening(name, port) {
  const line = { event: 'listening', name, port, pid: process.pid };
  process.stdout.write(JSON.stringify(line) + '\n');
  if (process.send) process.send(line);
}

/** `shutdown` must end the process (gracefully); after 10 s we exit anyway. */
export function exitWithParent(shutdown) {
  if (!process.send) return;
  let done = false;
  const stop = () => {
    if (done) return;
    done = true;
    setTimeout(() => process.exit(1), 10_000).unref();
    shutdown();
  };
  process.on('disconnect', stop);
  process.on('message', (msg) => {
    if (msg && msg.cmd === 'shutdown') stop();
  });
}

export function enableProfiling(name) {
  if (process.env.BENCH_PROFILE !== '1' || !process.send) return;
  const session = new Session();
  session.connect();
  const post = (method, params) => new Promise((resolve, reject) => {
    session.post(method, params, (err, res) => (err ? reject(err) : resolve(res)));
  });
  process.on('message', async (msg) => {
    if (!msg || typeof msg.cmd !== 'string' || !msg.cmd.startsWith('profile:')) return;
    try {
      if (msg.cmd === 'profile:start') {
        await post('Profiler.enable');
        await post('Profiler.setSamplingInterval', { interval: 200 });
        await post('Profiler.start');
        process.send({ event: 'profile:started' });
      } else if (msg.cmd === 'profile:stop') {
        const { profile } = await post('Profiler.stop');
        mkdirSync(RESULTS_DIR, { recursive: true });
        const file = join(RESULTS_DIR, `${name}-${process.pid}-${msg.label ?? 'run'}.cpuprofile`);
        writeFileSync(file, JSON.stringify(profile));
        process.send({ event: 'profile:stopped', file });
      }
    } catch (error) {
      process.send({ event: 'profile:error', message: String(error?.stack ?? error) });
    }
  });
}
