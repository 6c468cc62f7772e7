import { parseArgs } from 'node:util';
import { loadConfig } from '../server/config.js';
import { openConfiguredDatabase } from '../server/start.js';
import { migrate } from '../store/migrate.js';
import { systemClock } from '../lib/clock.js';
import { ServiceCredentials } from '../auth/service-credentials.js';
import { UsageError } from './users.js';

const USAGE = 'usage: warden service-credentials create --name N | list | revoke ID  [--json]';
const CLI_CONTEXT = { actor: { type: 'system' as const, id: 'cli' }, ip: null, userAgent: 'warden-cli', method: null, path: null };

/**
 * `warden service-credentials …`: the deployment-level credentials the company's own services use
 * to verify any workspace's credentials (POST /v1/verify). Offline, on the store; the secret is
 * printed once at creation.
 */
export async function runServiceCredentials(args: string[]): Promise<void> {
  const [action, ...rest] = args;
  const { values, positionals } = parseArgs({ args: rest, options: { name: { type: 'string' }, json: { type: 'boolean', default: false } }, allowPositionals: true, strict: true });
  if (action === 'create' && !values.name) throw new UsageError(`--name is required; ${USAGE}`);
  if (action === 'revoke' && positionals.length !== 1) throw new UsageError(USAGE);
  if (action !== 'create' && action !== 'list' && action !== 'revoke') throw new UsageError(USAGE);
  const config = loadConfig();
  const db = await openConfiguredDatabase(config);
  try {
    await migrate(db);
    const credentials = new ServiceCredentials({ db, clock: systemClock, keyPrefix: config.keyPrefix });
    const result = action === 'create'
      ? await credentials.create(values.name!, CLI_CONTEXT)
      : action === 'revoke' ? await credentials.revoke(positionals[0]!, CLI_CONTEXT) : await credentials.list();
    if (values.json) {
      console.log(JSON.stringify(result, null, 2));
    } else if (Array.isArray(result)) {
      for (const c of result) console.log(`${c.id}  ${c.revoked_at ? `revoked ${c.revoked_at}` : 'active'}  ${c.name}`);
    } else if ('secret' in result) {
      console.log(`Service credential ${result.name} (${result.id})\n\n  ${result.secret}\n\nSAVE THIS SECRET NOW — it will never be shown again.`);
    } else {
      console.log(`Revoked ${result.id} (${result.name}) at ${result.revoked_at}.`);
    }
  } finally {
    await db.close();
  }
}
