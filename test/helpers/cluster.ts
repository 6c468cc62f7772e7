import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/server/app.js';
import { loadConfig } from '../../src/server/config.js';
import { openDatabase, IN_MEMORY } from '../../src/store/open-database.js';
import { migrate } from '../../src/store/migrate.js';

/** Set when the suite runs against PostgreSQL and Redis (CI's second run). */
export const CLUSTER_AVAILABLE = Boolean(process.env.DATABASE_URL && process.env.REDIS_URL);

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export interface Cluster {
  apps: FastifyInstance[];
  /** `http://127.0.0.1:<port>` of each instance. */
  bases: string[];
  close(): Promise<void>;
}

/**
 * Several Warden instances as a deployment runs them: each with its own connections to one
 * PostgreSQL schema and to Redis (a random key prefix), each listening on its own port.
 */
export async function startCluster(instances: number, env: Record<string, string> = {}): Promise<Cluster> {
  const schema = `cluster_${randomBytes(5).toString('hex')}`;
  await adminQuery(`create schema ${schema}`);
  const config = {
    ...loadConfig({
      WARDEN_LOG_LEVEL: 'silent', WARDEN_DATA_DIR: IN_MEMORY, WARDEN_RATE_LIMITS: 'off',
      REDIS_URL: process.env.REDIS_URL!, WARDEN_REDIS_PREFIX: `test-${randomBytes(4).toString('hex')}:`, ...env,
    }),
    databaseUrl: process.env.DATABASE_URL,
  };
  const apps: FastifyInstance[] = [];
  for (let i = 0; i < instances; i++) {
    const db = await openDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir: IN_MEMORY, schema, maxConnections: 5 });
    if (i === 0) await migrate(db);
    const app = await buildApp({ config, db });
    await app.listen({ host: '127.0.0.1', port: 0 });
    apps.push(app);
  }
  return {
    apps,
    bases: apps.map((app) => `http://127.0.0.1:${(app.server.address() as { port: number }).port}`),
    async close() {
      for (const app of apps) await app.close();
      await adminQuery(`drop schema ${schema} cascade`);
    },
  };
}
