import { connect, integer, jsonObject, list, onePositional, parse } from './connect.js';
import { CliUsageError } from './exit-codes.js';
import { details, printJson, shortTime, table, withProgress, type Column } from './output.js';
import type { IssuedOAuthClient, OAuthClient } from './sdk.js';

export const CLIENTS_USAGE = `usage: warden clients create --name N --scopes S[,S…] [--environment live|test] [--token-ttl SECONDS] [--metadata JSON]
       warden clients list [--limit N]
       warden clients get CLIENT_ID
       warden clients update CLIENT_ID [--name N] [--scopes S[,S…]] [--token-ttl SECONDS] [--metadata JSON]
       warden clients rotate-secret CLIENT_ID [--grace-seconds N]
       warden clients delete CLIENT_ID
       (each takes --json)`;

const COLUMNS: Column<OAuthClient>[] = [
  ['client id', (c) => c.client_id], ['name', (c) => c.name], ['env', (c) => c.environment], ['scopes', (c) => c.scopes],
  ['token ttl', (c) => (c.token_ttl_seconds ? `${c.token_ttl_seconds}s` : null)], ['created', (c) => shortTime(c.created_at)],
];

const secretBlock = (client: IssuedOAuthClient, verb: string): string =>
  `${verb} ${client.client_id} (${client.name})\n\n  client_id:     ${client.client_id}\n  client_secret: ${client.client_secret}\n\nSAVE THIS SECRET NOW — it will never be shown again.`;

/** `warden clients …`: OAuth clients for the client credentials grant. */
export async function runClients(args: string[]): Promise<void> {
  const [action, ...rest] = args;
  const { values, positionals } = parse(rest, {
    name: { type: 'string' }, scopes: { type: 'string' }, environment: { type: 'string' }, 'token-ttl': { type: 'string' },
    metadata: { type: 'string' }, limit: { type: 'string' }, 'grace-seconds': { type: 'string' },
  }, CLIENTS_USAGE);
  const json = values.json === true;
  const fields = () => ({
    ...(values.name ? { name: values.name } : {}), ...(values.scopes !== undefined ? { scopes: list(values.scopes) } : {}),
    ...(values['token-ttl'] ? { token_ttl_seconds: integer(values['token-ttl'], '--token-ttl') } : {}),
    ...(values.metadata ? { metadata: jsonObject(values.metadata, '--metadata') } : {}),
  });
  switch (action) {
    case 'create': {
      if (!values.name || values.scopes === undefined) throw new CliUsageError(`--name and --scopes are required\n${CLIENTS_USAGE}`);
      const environment = values.environment;
      if (environment !== undefined && environment !== 'live' && environment !== 'test') throw new CliUsageError('--environment must be live or test');
      const warden = connect();
      const client = await withProgress('Creating client', () =>
        warden.oauthClients.create({ ...fields(), name: values.name!, scopes: list(values.scopes) ?? [], ...(environment ? { environment } : {}) }));
      return json ? printJson(client) : console.log(secretBlock(client, 'Created client'));
    }
    case 'list': {
      const max = integer(values.limit, '--limit');
      const warden = connect();
      const clients = await withProgress('Listing clients', async () => {
        const found: OAuthClient[] = [];
        for await (const client of warden.oauthClients.list({ limit: 100 })) {
          if (max !== undefined && found.length >= max) break;
          found.push(client);
        }
        return found;
      });
      return json ? printJson(clients) : console.log(clients.length ? table(clients, COLUMNS) : 'No clients.');
    }
    case 'get': {
      const client = await connect().oauthClients.get(onePositional(positionals, 'A client id', CLIENTS_USAGE));
      return json ? printJson(client) : console.log(details(Object.entries(client)));
    }
    case 'update': {
      const id = onePositional(positionals, 'A client id', CLIENTS_USAGE);
      const changes = fields();
      if (!Object.keys(changes).length) throw new CliUsageError(`Nothing to change\n${CLIENTS_USAGE}`);
      const client = await connect().oauthClients.update(id, changes);
      return json ? printJson(client) : console.log(`Updated ${client.client_id} (${client.name}).`);
    }
    case 'rotate-secret': {
      const id = onePositional(positionals, 'A client id', CLIENTS_USAGE);
      const grace = integer(values['grace-seconds'], '--grace-seconds');
      const client = await connect().oauthClients.rotateSecret(id, grace === undefined ? {} : { grace_period_seconds: grace });
      return json ? printJson(client) : console.log(secretBlock(client, 'New secret for'));
    }
    case 'delete': {
      const id = onePositional(positionals, 'A client id', CLIENTS_USAGE);
      await connect().oauthClients.delete(id);
      return json ? printJson({ client_id: id, deleted: true }) : console.log(`Deleted ${id}; its tokens are refused.`);
    }
    default:
      throw new CliUsageError(CLIENTS_USAGE);
  }
}
