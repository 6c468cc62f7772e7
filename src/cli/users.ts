import { parseArgs } from 'node:util';
import { loadConfig } from '../server/config.js';
import { openConfiguredDatabase } from '../server/start.js';
import { migrate } from '../store/migrate.js';
import { createMemoryBus } from '../store/bus/memory-bus.js';
import { createRedisBus } from '../store/bus/redis-bus.js';
import { systemClock } from '../lib/clock.js';
import { setUserDisabled } from '../users/user-admin.js';

export class UsageError extends Error {}

/** `warden users disable|enable --email E [--json]`: operator actions on the store, offline. */
export async function runUsers(args: string[]): Promise<void> {
  const [action, ...rest] = args;
  if (action !== 'disable' && action !== 'enable') throw new UsageError('usage: warden users disable|enable --email E [--json]');
  const { values } = parseArgs({ args: rest, options: { email: { type: 'string' }, json: { type: 'boolean', default: false } }, strict: true });
  if (!values.email) throw new UsageError('--email is required');
  const config = loadConfig();
  const db = await openConfiguredDatabase(config);
  // With REDIS_URL the running instances hear about the ended sessions at once.
  const bus = config.redisUrl
    ? await createRedisBus({ url: config.redisUrl, prefix: `${config.redisPrefix}bus:`, onError: (error) => console.error(`warden: Redis: ${error.message}`) })
    : createMemoryBus();
  try {
    await migrate(db);
    const outcome = await setUserDisabled(
      { db, bus, clock: systemClock },
      {
        email: values.email,
        disabled: action === 'disable',
        context: { actor: { type: 'system', id: 'cli' }, ip: null, userAgent: 'warden-cli', method: null, path: null },
      },
    );
    if (values.json) console.log(JSON.stringify(outcome, null, 2));
    else if (action === 'disable') console.log(`Disabled ${outcome.user.email} (${outcome.user.id}); ended ${outcome.sessions_revoked} session(s).`);
    else console.log(`Enabled ${outcome.user.email} (${outcome.user.id}).`);
  } finally {
    await bus.close();
    await db.close();
  }
}
