import type { FastifyInstance } from 'fastify';
import { loadConfig, publicUrlOf, type WardenConfig } from './config.js';
import { buildApp } from './app.js';
import { openDatabase } from '../store/open-database.js';
import { migrate } from '../store/migrate.js';
import type { Database } from '../store/database.js';

export async function openConfiguredDatabase(config: WardenConfig): Promise<Database> {
  return openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    maxConnections: config.databaseMaxConnections,
    connectTimeoutMs: config.databaseConnectTimeoutMs,
    queryTimeoutMs: config.databaseQueryTimeoutMs,
  });
}

/** `warden start`: migrate, listen, and on SIGTERM/SIGINT drain requests and flush batched writes. */
export async function startServer(config: WardenConfig = loadConfig()): Promise<FastifyInstance> {
  const db = await openConfiguredDatabase(config);
  let app: FastifyInstance;
  try {
    await migrate(db);
    app = await buildApp({ config, db });
  } catch (error) {
    await db.close();
    throw error;
  }
  let closing = false;
  const shutdown = (signal: string): void => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down: draining requests and flushing pending writes');
    const forceExit = setTimeout(() => process.exit(1), 15_000);
    forceExit.unref();
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        app.log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
  await app.listen({ host: config.host, port: config.port });
  app.log.info(
    { store: db.kind, env: config.env, publicUrl: publicUrlOf(config) },
    `Warden listening; docs at ${publicUrlOf(config)}/docs`,
  );
  return app;
}
