import { connect, integer, jsonObject, list, onePositional, parse } from './connect.js';
import { CliUsageError } from './exit-codes.js';
import { details, printJson, shortTime, table, withProgress, type Column } from './output.js';
import type { Agent, Warden } from './sdk.js';

export const AGENTS_USAGE = `usage: warden agents create --name N --scopes S[,S…] --public-key (JWK JSON | base64url of 32 bytes) [--environment live|test]
                          [--max-token-ttl SECONDS] [--metadata JSON]
       warden agents list [--limit N]
       warden agents get ID
       warden agents update ID [--name N] [--scopes S[,S…]] [--public-key KEY] [--max-token-ttl SECONDS] [--metadata JSON]
       warden agents revoke ID
       (each takes --json)`;

const COLUMNS: Column<Agent>[] = [
  ['id', (a) => a.id], ['name', (a) => a.name], ['env', (a) => a.environment], ['scopes', (a) => a.scopes],
  ['created', (a) => shortTime(a.created_at)], ['status', (a) => (a.revoked_at ? 'revoked' : 'active')],
];

function publicKeyOf(value: string): string | { kty: string; crv: string; x: string } {
  const trimmed = value.trim();
  if (!trimmed.startsWith('{')) return trimmed;
  const jwk = jsonObject(trimmed, '--public-key') as { kty: string; crv: string; x: string };
  return { kty: jwk.kty, crv: jwk.crv, x: jwk.x };
}

/** `warden agents …`: Ed25519 agent credentials. */
export async function runAgents(args: string[]): Promise<void> {
  const [action, ...rest] = args;
  const { values, positionals } = parse(rest, {
    name: { type: 'string' }, scopes: { type: 'string' }, 'public-key': { type: 'string' }, environment: { type: 'string' },
    'max-token-ttl': { type: 'string' }, metadata: { type: 'string' }, limit: { type: 'string' },
  }, AGENTS_USAGE);
  const json = values.json === true;
  switch (action) {
    case 'create': {
      if (!values.name || values.scopes === undefined || !values['public-key']) throw new CliUsageError(`--name, --scopes and --public-key are required\n${AGENTS_USAGE}`);
      const environment = values.environment;
      if (environment !== undefined && environment !== 'live' && environment !== 'test') throw new CliUsageError('--environment must be live or test');
      const warden = connect();
      const agent = await withProgress('Registering agent', () => warden.agents.create({
        name: values.name!, scopes: list(values.scopes) ?? [], public_key: publicKeyOf(values['public-key']!),
        ...(environment ? { environment } : {}),
        ...(values['max-token-ttl'] ? { max_token_ttl_seconds: integer(values['max-token-ttl'], '--max-token-ttl') } : {}),
        ...(values.metadata ? { metadata: jsonObject(values.metadata, '--metadata') } : {}),
      } as Parameters<typeof warden.agents.create>[0]));
      return json ? printJson(agent) : console.log(`Registered agent ${agent.id} (${agent.name}).`);
    }
    case 'list': {
      const max = integer(values.limit, '--limit');
      const warden = connect();
      const agents = await withProgress('Listing agents', async () => {
        const found: Agent[] = [];
        for await (const agent of warden.agents.list({ limit: 100 })) {
          if (max !== undefined && found.length >= max) break;
          found.push(agent);
        }
        return found;
      });
      return json ? printJson(agents) : console.log(agents.length ? table(agents, COLUMNS) : 'No agents.');
    }
    case 'get': {
      const agent = await connect().agents.get(onePositional(positionals, 'An agent id', AGENTS_USAGE));
      return json ? printJson(agent) : console.log(details(Object.entries(agent)));
    }
    case 'update': {
      const id = onePositional(positionals, 'An agent id', AGENTS_USAGE);
      if (values.environment !== undefined) throw new CliUsageError('An agent\'s environment cannot change; register a new agent');
      const params = {
        ...(values.name !== undefined ? { name: values.name } : {}),
        ...(values.scopes !== undefined ? { scopes: list(values.scopes) ?? [] } : {}),
        ...(values['public-key'] ? { public_key: publicKeyOf(values['public-key']) } : {}),
        ...(values['max-token-ttl'] ? { max_token_ttl_seconds: integer(values['max-token-ttl'], '--max-token-ttl') } : {}),
        ...(values.metadata ? { metadata: jsonObject(values.metadata, '--metadata') } : {}),
      };
      if (Object.keys(params).length === 0) throw new CliUsageError(`Nothing to update\n${AGENTS_USAGE}`);
      const agent = await connect().agents.update(id, params as Parameters<Warden['agents']['update']>[1]);
      return json ? printJson(agent) : console.log(`Updated agent ${agent.id} (${agent.name}).`);
    }
    case 'revoke': {
      const agent = await connect().agents.revoke(onePositional(positionals, 'An agent id', AGENTS_USAGE));
      return json ? printJson(agent) : console.log(`Revoked agent ${agent.id} (${agent.name}).`);
    }
    default:
      throw new CliUsageError(AGENTS_USAGE);
  }
}
