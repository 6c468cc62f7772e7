// Warden exactly as `warden start` runs it (dist/server/start.js: migrate, buildApp, listen,
// graceful SIGTERM), configured only through the environment the parent passes (production,
// TRUSTED_PROXIES, silent logs, a fresh WARDEN_DATA_DIR). Picks a free port unless PORT is set.
import { createServer } from 'node:net';
import { announceListening, exitWithParent, enableProfiling } from './child-common.mjs';

async function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen({ host: '127.0.0.1', port: 0 }, () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

if (!process.env.PORT || process.env.PORT === '0') process.env.PORT = String(await freePort());
process.env.HOST ??= '127.0.0.1';

const { startServer } = await import('../dist/server/start.js');
const { loadConfig } = await import('../dist/server/config.js');

enableProfiling('warden');
// startServer's own SIGTERM handler drains requests, flushes batched writes and exits.
exitWithParent(() => process.kill(process.pid, 'SIGTERM'));

const app = await startServer(loadConfig(process.env));
announceListening('warden', app.server.address().port);
