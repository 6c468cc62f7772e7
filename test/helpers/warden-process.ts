import { spawn, type ChildProcess } from 'node:child_process';
import { CLI } from './run-cli.js';

/** The environment a compiled `warden` process gets: PATH, HOME, info logs (the tests read them), then `extra`. */
export function processEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: process.env.HOME, WARDEN_LOG_LEVEL: 'info', ...extra };
}

export interface WardenProcess {
  child: ChildProcess;
  port: number;
  /** Everything it printed so far (stdout and stderr). */
  output: () => string;
}

/** A real `warden start` on a free loopback port; resolves once it logs where it listens (60 s at most). */
export function startWardenProcess(env: Record<string, string>): Promise<WardenProcess> {
  const child = spawn(process.execPath, [CLI, 'start'], { env: processEnv({ PORT: '0', ...env }), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 60_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /Server listening at http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ child, port: Number(match[1]), output: () => output });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output}`));
    });
  });
}
