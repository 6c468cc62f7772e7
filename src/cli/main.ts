#!/usr/bin/env node
// The `warden` command. The management commands (keys, clients, …) talk HTTP through the SDK and
// load nothing of the server, so they start fast; the rest (start, migrate, bootstrap, …) is in
// commands.ts.
import { REMOTE_COMMANDS } from './remote/commands.js';

const [command, ...rest] = process.argv.slice(2);
if (command !== undefined && REMOTE_COMMANDS.has(command)) {
  const { runRemote } = await import('./remote/run-remote.js');
  process.exitCode = await runRemote(command, rest);
} else if (command === 'completion') {
  const { runCompletion } = await import('./completion.js');
  try {
    runCompletion(rest);
  } catch (error) {
    process.stderr.write(`warden: ${(error as Error).message}\n`);
    process.exitCode = 2;
  }
} else {
  await import('./commands.js');
}
