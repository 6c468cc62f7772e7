import { connect, integer, jsonObject, list, onePositional, parse } from './connect.js';
import { CliUsageError } from './exit-codes.js';
import { details, printJson, shortTime, table, withProgress, type Column } from './output.js';
import type { ApiKey, IssuedApiKey } from './sdk.js';

export const KEYS_USAGE = `usage: warden keys create --name N --scopes S[,S…] [--environment live|test] [--expires-at ISO] [--rate-limit N]
                        [--allowed-ips CIDR[,CIDR…]] [--metadata JSON] [--idempotency-key K]
       warden keys list [--environment live|test] [--revoked true|false] [--limit N]
       warden keys get ID
       warden keys update ID [--name N] [--scopes S[,S…]] [--metadata JSON]
       warden keys rotate ID [--grace-seconds N]
       warden keys revoke ID
       (each takes --json)`;

const COLUMNS: Column<ApiKey>[] = [
  ['id', (k) => k.id], ['name', (k) => k.name], ['prefix', (k) => k.prefix], ['env', (k) => k.environment],
  ['scopes', (k) => k.scopes], ['created', (k) => shortTime(k.created_at)], ['last used', (k) => shortTime(k.last_used_at)],
  ['status', (k) => (k.revoked_at ? 'revoked' : k.expires_at && Date.parse(k.expires_at) <= Date.now() ? 'expired' : 'active')],
];

const describeKey = (k: ApiKey): string => details([
  ['id', k.id], ['name', k.name], ['prefix', k.prefix], ['environment', k.environment], ['scopes', k.scopes],
  ['rate limit', k.rate_limit === null ? 'default' : `${k.rate_limit}/min`], ['allowed ips', k.allowed_ips], ['metadata', k.metadata],
  ['created', k.created_at], ['expires', k.expires_at], ['last used', k.last_used_at], ['revoked', k.revoked_at], ['requests 24h', k.requests_24h],
]);

const secretBlock = (issued: IssuedApiKey, verb: string): string =>
  `${verb} ${issued.id} (${issued.name})\n\n  ${issued.key}\n\nSAVE THIS KEY NOW — it will never be shown again.`;

/** `warden keys …` against WARDEN_URL. */
export async function runKeys(args: string[]): Promise<void> {
  const [action, ...rest] = args;
  const { values, positionals } = parse(rest, {
    name: { type: 'string' }, scopes: { type: 'string' }, environment: { type: 'string' }, 'expires-at': { type: 'string' },
    'rate-limit': { type: 'string' }, 'allowed-ips': { type: 'string' }, metadata: { type: 'string' }, 'idempotency-key': { type: 'string' },
    revoked: { type: 'string' }, limit: { type: 'string' }, 'grace-seconds': { type: 'string' },
  }, KEYS_USAGE);
  const json = values.json === true;
  switch (action) {
    case 'create': {
      if (!values.name || values.scopes === undefined) throw new CliUsageError(`--name and --scopes are required\n${KEYS_USAGE}`);
      const environment = values.environment;
      if (environment !== undefined && environment !== 'live' && environment !== 'test') throw new CliUsageError('--environment must be live or test');
      const warden = connect();
      const issued = await withProgress('Creating key', () => warden.keys.create({
        name: values.name!, scopes: list(values.scopes) ?? [], ...(environment ? { environment } : {}),
        ...(values['expires-at'] ? { expires_at: values['expires-at'] } : {}),
        ...(values['rate-limit'] ? { rate_limit: integer(values['rate-limit'], '--rate-limit')! } : {}),
        ...(values['allowed-ips'] ? { allowed_ips: list(values['allowed-ips']) } : {}),
        ...(values.metadata ? { metadata: jsonObject(values.metadata, '--metadata') } : {}),
      }, values['idempotency-key'] ? { idempotencyKey: values['idempotency-key'] } : {}));
      return json ? printJson(issued) : console.log(secretBlock(issued, 'Created key'));
    }
    case 'list': {
      const revoked = values.revoked;
      if (revoked !== undefined && revoked !== 'true' && revoked !== 'false') throw new CliUsageError('--revoked must be true or false');
      const environment = values.environment as 'live' | 'test' | undefined;
      const max = integer(values.limit, '--limit');
      const warden = connect();
      const keys = await withProgress('Listing keys', async () => {
        const found: ApiKey[] = [];
        for await (const key of warden.keys.list({ limit: 100, ...(environment ? { environment } : {}), ...(revoked ? { revoked: revoked === 'true' } : {}) })) {
          if (max !== undefined && found.length >= max) break;
          found.push(key);
        }
        return found;
      });
      return json ? printJson(keys) : console.log(keys.length ? table(keys, COLUMNS) : 'No keys.');
    }
    case 'get': {
      const id = onePositional(positionals, 'A key id', KEYS_USAGE);
      const key = await connect().keys.get(id);
      return json ? printJson(key) : console.log(describeKey(key));
    }
    case 'update': {
      const id = onePositional(positionals, 'A key id', KEYS_USAGE);
      const changes = {
        ...(values.name ? { name: values.name } : {}), ...(values.scopes !== undefined ? { scopes: list(values.scopes) } : {}),
        ...(values.metadata ? { metadata: jsonObject(values.metadata, '--metadata') } : {}),
      };
      if (!Object.keys(changes).length) throw new CliUsageError(`Nothing to change: --name, --scopes or --metadata\n${KEYS_USAGE}`);
      const key = await connect().keys.update(id, changes);
      return json ? printJson(key) : console.log(`Updated ${key.id} (${key.name}).`);
    }
    case 'rotate': {
      const id = onePositional(positionals, 'A key id', KEYS_USAGE);
      const grace = integer(values['grace-seconds'], '--grace-seconds');
      const issued = await connect().keys.rotate(id, grace === undefined ? {} : { grace_period_seconds: grace });
      if (json) return printJson(issued);
      const until = issued.previous_key_expires_at ? `The previous secret works until ${issued.previous_key_expires_at}.` : 'The previous secret no longer works.';
      return console.log(`${secretBlock(issued, 'Rotated key')}\n${until}`);
    }
    case 'revoke': {
      const id = onePositional(positionals, 'A key id', KEYS_USAGE);
      const key = await connect().keys.revoke(id);
      return json ? printJson(key) : console.log(`Revoked ${key.id} (${key.name}) at ${key.revoked_at}.`);
    }
    default:
      throw new CliUsageError(KEYS_USAGE);
  }
}
