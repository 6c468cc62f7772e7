import { connect, onePositional, parse } from './connect.js';
import { CliUsageError } from './exit-codes.js';
import { printJson, shortTime, table, type Column } from './output.js';
import type { Member, Warden } from './sdk.js';

export const MEMBERS_USAGE = `usage: warden members list [--workspace W]
       warden members invite --email E --role owner|admin|developer|viewer [--workspace W]
       warden members set-role USER_ID --role owner|admin|developer|viewer [--workspace W]
       warden members remove USER_ID [--workspace W]
       (default workspace: the API key's; each takes --json)`;

const ROLES = ['owner', 'admin', 'developer', 'viewer'] as const;
type Role = (typeof ROLES)[number];

const COLUMNS: Column<Member>[] = [
  ['user id', (m) => m.user_id], ['email', (m) => m.email], ['name', (m) => m.name], ['role', (m) => m.role], ['joined', (m) => shortTime(m.joined_at)],
];

function roleOf(value: string | undefined): Role {
  if (!value || !(ROLES as readonly string[]).includes(value)) throw new CliUsageError(`--role must be one of ${ROLES.join(', ')}\n${MEMBERS_USAGE}`);
  return value as Role;
}

const workspaceOf = async (warden: Warden, flag: string | undefined): Promise<string> => flag ?? (await warden.me()).workspace_id!;

/** `warden members …`: people of a workspace. */
export async function runMembers(args: string[]): Promise<void> {
  const [action, ...rest] = args;
  const { values, positionals } = parse(rest, { workspace: { type: 'string' }, email: { type: 'string' }, role: { type: 'string' } }, MEMBERS_USAGE);
  const json = values.json === true;
  switch (action) {
    case 'list': {
      const warden = connect();
      const members = await warden.workspaces.members.list(await workspaceOf(warden, values.workspace));
      return json ? printJson(members) : console.log(table(members, COLUMNS));
    }
    case 'invite': {
      if (!values.email) throw new CliUsageError(`--email is required\n${MEMBERS_USAGE}`);
      const role = roleOf(values.role);
      const warden = connect();
      const invitation = await warden.workspaces.members.invite(await workspaceOf(warden, values.workspace), { email: values.email, role });
      return json ? printJson(invitation) : console.log(`Invited ${invitation.email} as ${invitation.role}; the invitation expires ${invitation.expires_at}.`);
    }
    case 'set-role': {
      const userId = onePositional(positionals, 'A user id', MEMBERS_USAGE);
      const role = roleOf(values.role);
      const warden = connect();
      await warden.workspaces.members.updateRole(await workspaceOf(warden, values.workspace), userId, role);
      return json ? printJson({ user_id: userId, role }) : console.log(`${userId} is now ${role}.`);
    }
    case 'remove': {
      const userId = onePositional(positionals, 'A user id', MEMBERS_USAGE);
      const warden = connect();
      await warden.workspaces.members.remove(await workspaceOf(warden, values.workspace), userId);
      return json ? printJson({ user_id: userId, removed: true }) : console.log(`Removed ${userId}.`);
    }
    default:
      throw new CliUsageError(MEMBERS_USAGE);
  }
}
