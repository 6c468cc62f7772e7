// Builds the dashboard (web/ → dist/web) with vite, unless the build is newer than every source
// file and the lockfile — `npm test` builds first, and an unchanged app need not be rebuilt.
// WARDEN_FORCE_WEB_BUILD=1 always builds.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
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
  // Compressed once here; the server sends the .br or .gz file to a browser that accepts it.
  const assets = join(root, 'dist/web/assets');
  for (const name of readdirSync(assets).filter((n) => /\.(js|css|svg)$/.test(n))) {
    const file = readFileSync(join(assets, name));
    writeFileSync(join(assets, `${name}.gz`), gzipSync(file, { level: 9 }));
    writeFileSync(join(assets, `${name}.br`), brotliCompressSync(file, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
  }
  console.log('dashboard: built into dist/web');
}
