import { connect, parse } from './connect.js';
import { CliUsageError } from './exit-codes.js';
import { printJson, table, type Column } from './output.js';
import type { Workspace } from './sdk.js';

export const WORKSPACES_USAGE = `usage: warden workspaces list
       warden workspaces create --name N      (a user session's token in WARDEN_API_KEY; API keys may not)
       (each takes --json)`;

const COLUMNS: Column<Workspace>[] = [['id', (w) => w.id], ['name', (w) => w.name], ['role', (w) => w.role]];

/** `warden workspaces …`: the workspaces of the credential (a key: its own), and new ones for a user. */
export async function runWorkspaces(args: string[]): Promise<void> {
  const [action, ...rest] = args;
  const { values, positionals } = parse(rest, { name: { type: 'string' } }, WORKSPACES_USAGE);
  if (positionals.length) throw new CliUsageError(WORKSPACES_USAGE);
  const json = values.json === true;
  switch (action) {
    case 'list': {
      const workspaces = await connect().workspaces.list();
      return json ? printJson(workspaces) : console.log(workspaces.length ? table(workspaces, COLUMNS) : 'No workspaces.');
    }
    case 'create': {
      if (!values.name?.trim()) throw new CliUsageError(`--name is required\n${WORKSPACES_USAGE}`);
      const workspace = await connect().workspaces.create({ name: values.name });
      return json ? printJson(workspace) : console.log(`Created workspace ${workspace.id} (${workspace.name}); you are its ${workspace.role ?? 'owner'}.`);
    }
    default:
      throw new CliUsageError(WORKSPACES_USAGE);
  }
}
