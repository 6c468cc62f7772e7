import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

/** Ports a private redis-server may take (the machine's shared Redis is on 6379). */
const PORTS = [6390, 6391, 6392, 6393, 6394, 6395, 6396, 6397, 6398, 6399];

export interface PrivateRedis {
  readonly url: string;
  /** SIGKILL: Redis dies as in a crash, every connection drops. Resolves once the process has exited. */
  kill(): Promise<void>;
  /** Starts it again on the same port, empty (no persistence). */
  restart(): Promise<void>;
  /** SIGSTOP / SIGCONT: connections stay open but nothing answers, as in a network partition. */
  freeze(): void;
  thaw(): void;
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** Starts `redis-server` on `port`; resolves once it accepts connections, rejects if it exits first or takes over 10 s. */
function launch(port: number): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`redis-server on port ${port} was not ready after 10 s:\n${output}`));
    }, 10_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer);
        child.stdout!.off('data', onData);
        child.stdout!.resume();
        child.stderr!.resume();
        resolve(child);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server on port ${port} exited (${code}) before it was ready:\n${output}`));
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/**
 * A redis-server of this test's own (`redis-server` must be on the PATH), on a free port in
 * 6390–6399, so a test can kill and restart it without disturbing anyone else's Redis.
 */
export async function startPrivateRedis(): Promise<PrivateRedis & { stop(): Promise<void> }> {
  for (const port of PORTS) {
    if (!(await portIsFree(port))) continue;
    let child: ChildProcess;
    try {
      child = await launch(port);
    } catch (error) {
      if (await portIsFree(port)) throw error;
      continue; // taken meanwhile by someone else
    }
    const kill = async (): Promise<void> => {
      child.kill('SIGKILL');
      await exited(child);
    };
    return {
      url: `redis://127.0.0.1:${port}`,
      kill,
      async restart() {
        await kill();
        child = await launch(port);
      },
      freeze: () => void child.kill('SIGSTOP'),
      thaw: () => void child.kill('SIGCONT'),
      async stop() {
        child.kill('SIGCONT');
        await kill();
      },
    };
  }
  throw new Error(`no free port for a private redis-server in ${PORTS[0]}–${PORTS.at(-1)}`);
}
