// Builds @warden/sdk: ESM + declarations with tsc (dist/**/*.js, *.d.ts), then one CommonJS
// bundle per entry point with esbuild (dist/index.cjs, dist/middleware/*.cjs). No runtime
// dependencies are bundled: packages stay `require`d.
import { existsSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const require = createRequire(join(root, 'package.json'));
rmSync(join(root, 'dist'), { recursive: true, force: true });
execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(root, 'tsconfig.json')], { stdio: 'inherit' });

const entries = ['index', 'middleware/fastify', 'middleware/express', 'middleware/hono'].filter((entry) => existsSync(join(root, 'src', `${entry}.ts`)));
const esbuild = await import(require.resolve('esbuild'));
await esbuild.build({
  absWorkingDir: root,
  entryPoints: Object.fromEntries(entries.map((entry) => [entry, `src/${entry}.ts`])),
  outdir: 'dist',
  outExtension: { '.js': '.cjs' },
  bundle: true,
  packages: 'external',
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  logLevel: 'warning',
});
