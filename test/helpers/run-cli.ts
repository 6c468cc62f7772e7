import { execFile } from 'node:child_process';
import { join } from 'node:path';

// The CLI runs compiled (`npm test` builds first). The Warden it talks to runs in the test's own
// process, so the CLI is spawned asynchronously: a synchronous spawn would stop the server answering.
export const CLI = join(process.cwd(), 'dist/cli/main.js');

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** `warden …args` with exactly `env` (plus PATH and HOME). */
export function runCli(args: string[], env: Record<string, string | undefined>): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, encoding: 'utf8', timeout: 30_000 }, (error, stdout, stderr) => {
      resolve({ status: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr });
    });
  });
}
