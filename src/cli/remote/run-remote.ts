import { runAgents } from './agents.js';
import { runClients } from './clients.js';
import { runEvents } from './events.js';
import { describeError, EXIT, exitCodeOf } from './exit-codes.js';
import { runKeys } from './keys.js';
import { runMembers } from './members.js';
import { runUsage } from './usage.js';
import { runWorkspaces } from './workspaces.js';

const COMMANDS: Record<string, (args: string[]) => Promise<void>> = {
  keys: runKeys, clients: runClients, agents: runAgents, members: runMembers, workspaces: runWorkspaces, events: runEvents, usage: runUsage,
};

/**
 * A management command against WARDEN_URL; answers the exit code (docs/cli.md). Failures go to
 * stderr as `warden: code (status): detail`, never a stack trace; stdout keeps only results.
 */
export async function runRemote(command: string, args: string[]): Promise<number> {
  try {
    await COMMANDS[command]!(args);
    return EXIT.ok;
  } catch (error) {
    process.stderr.write(`warden: ${describeError(error)}\n`);
    return exitCodeOf(error);
  }
}
