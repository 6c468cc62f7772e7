// Builds the dashboard (web/ → dist/web) with vite, unless the build is newer than every source
// file and the lockfile — `npm test` builds first, and an unchanged app need not be rebuilt.
// WARDEN_FORCE_WEB_BUILD=1 always builds.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const root = fileURLToPath(new URL('..', import.meta.url));
const built = join(root, 'dist/web/index.html');

function newestMs(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((max, name) => (name === 'node_modules' ? max : Math.max(max, newestMs(join(path, name)))), stat.mtimeMs);
}

const sources = [join(root, 'web'), join(root, 'package-lock.json')];
const upToDate = existsSync(built) && process.env.WARDEN_FORCE_WEB_BUILD !== '1'
  && statSync(built).mtimeMs > Math.max(...sources.map(newestMs));
if (upToDate) {
  console.log('dashboard: dist/web is up to date');
} else {
  await build({ configFile: join(root, 'web/vite.config.ts'), logLevel: 'warn' });
  console.log('dashboard: built into dist/web');
}
