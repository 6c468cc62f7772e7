// First load of the dashboard's sign-in page in headless Chromium against the built server
// (`node dist/cli/main.js start`, loopback): bytes over the wire and paint/load times, cold cache.
// Usage: npm run bench:dashboard   (needs /usr/bin/chromium and a build: npm run build)
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';

const root = new URL('..', import.meta.url).pathname;
const port = 18_000 + Math.floor(Math.random() * 1000);
const dataDir = mkdtempSync(join(tmpdir(), 'warden-bench-dash-'));
const server = spawn(process.execPath, [join(root, 'dist/cli/main.js'), 'start'], {
  env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', WARDEN_DATA_DIR: dataDir, WARDEN_LOG_LEVEL: 'warn' },
  stdio: 'inherit',
});
const base = `http://127.0.0.1:${port}`;
try {
  for (let i = 0; ; i++) {
    try { if ((await fetch(`${base}/healthz`)).ok) break; } catch { /* not yet */ }
    if (i > 200) throw new Error('server did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
  const assets = join(root, 'dist/web/assets');
  const rows = readdirSync(assets).filter((n) => /\.(js|css)$/.test(n)).map((name) => {
    const raw = readFileSync(join(assets, name));
    return { name, raw: raw.length, gzip: gzipSync(raw, { level: 9 }).length, br: statSync(join(assets, `${name}.br`)).size };
  });
  console.log('asset                         raw KB  gzip KB  br KB');
  for (const r of rows) console.log(`${r.name.padEnd(28)} ${(r.raw / 1024).toFixed(1).padStart(7)} ${(r.gzip / 1024).toFixed(1).padStart(8)} ${(r.br / 1024).toFixed(1).padStart(6)}`);

  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  const runs = [];
  for (let i = 0; i < 5; i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    let bytes = 0;
    page.on('response', async (response) => {
      const length = Number((await response.allHeaders())['content-length'] ?? 0);
      bytes += length;
    });
    const started = Date.now();
    await page.goto(`${base}/dashboard`);
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    const interactiveMs = Date.now() - started;
    const timing = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0];
      const fcp = performance.getEntriesByName('first-contentful-paint')[0];
      const transferred = performance.getEntriesByType('resource').reduce((sum, e) => sum + e.transferSize, nav.transferSize);
      return { dcl: nav.domContentLoadedEventEnd, load: nav.loadEventEnd, fcp: fcp?.startTime ?? null, transferred };
    });
    runs.push({ ...timing, interactiveMs, bytes });
    await context.close();
  }
  await browser.close();
  const median = (key) => runs.map((r) => r[key]).sort((a, b) => a - b)[Math.floor(runs.length / 2)];
  console.log(`\nfirst load of /dashboard (cold cache, loopback, median of ${runs.length}):`);
  console.log(`  transferred       ${(median('transferred') / 1024).toFixed(1)} KB (compressed, all requests)`);
  console.log(`  first contentful  ${median('fcp').toFixed(0)} ms`);
  console.log(`  DOMContentLoaded  ${median('dcl').toFixed(0)} ms`);
  console.log(`  load              ${median('load').toFixed(0)} ms`);
  console.log(`  sign-in usable    ${median('interactiveMs')} ms (goto → the Sign in button rendered)`);
} finally {
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
  rmSync(dataDir, { recursive: true, force: true });
}
