import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLiveWarden, type LiveWarden } from './helpers/live-warden.js';

const ROOT = process.cwd();
const SDK = join(ROOT, 'sdk');

/** `npm pack` in sdk/, installed into an empty project: used from ESM, CommonJS and TypeScript. */
describe('the packed @warden/sdk tarball', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'warden-sdk-scratch-'));
  let w: LiveWarden;
  let files: string[] = [];

  beforeAll(async () => {
    // `npm run build` (which `npm test` runs first) builds sdk/dist; build it here if it is missing.
    if (!existsSync(join(SDK, 'dist/index.cjs'))) execFileSync(process.execPath, [join(SDK, 'scripts/build.mjs')], { stdio: 'inherit' });
    const packed = JSON.parse(execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', scratch], { cwd: SDK, encoding: 'utf8', timeout: 60_000 }));
    files = packed[0].files.map((f: { path: string }) => f.path);
    writeFileSync(join(scratch, 'package.json'), JSON.stringify({ name: 'scratch', version: '1.0.0', private: true }));
    // Its only dependency (jose, for the middleware's local JWT checks) is packed from this checkout's
    // node_modules, so the install works offline: nothing is fetched from a registry.
    const dependencies = Object.keys(JSON.parse(readFileSync(join(SDK, 'package.json'), 'utf8')).dependencies ?? {});
    const tarballs = dependencies.map((name) =>
      JSON.parse(execFileSync('npm', ['pack', join(ROOT, 'node_modules', name), '--json', '--pack-destination', scratch], { cwd: scratch, encoding: 'utf8', timeout: 60_000 }))[0].filename as string);
    execFileSync('npm', ['install', `./${packed[0].filename}`, ...tarballs.map((t) => `./${t}`), '--offline', '--no-audit', '--no-fund', '--ignore-scripts'],
      { cwd: scratch, encoding: 'utf8', timeout: 120_000 });
    w = await startLiveWarden();
  }, 180_000);
  afterAll(async () => {
    await w?.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  const env = (): NodeJS.ProcessEnv => ({ PATH: process.env.PATH, HOME: process.env.HOME, WARDEN_URL: w.url, WARDEN_API_KEY: w.adminKey });
  // Asynchronous: the Warden it talks to runs in this process, and must keep answering meanwhile.
  const run = (file: string, args: string[], extraEnv: NodeJS.ProcessEnv = env()): Promise<{ status: number | null; stdout: string; stderr: string }> =>
    new Promise((resolve) => {
      execFile(file, args, { cwd: scratch, env: extraEnv, encoding: 'utf8', timeout: 30_000 }, (error, stdout, stderr) => {
        resolve({ status: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
      });
    });
  const node = (args: string[]) => run(process.execPath, args);

  it('holds the built ESM, CommonJS and declarations, no sources or tests', () => {
    expect(files).toEqual(expect.arrayContaining(['package.json', 'dist/index.js', 'dist/index.cjs', 'dist/index.d.ts']));
    expect(files.filter((f) => f.startsWith('src/') || f.endsWith('.test.js'))).toEqual([]);
  });

  it('works from an ES module: import { Warden } from "@warden/sdk"', async () => {
    const result = await node(['--input-type=module', '-e', `
      import { Warden, NotFoundError } from '@warden/sdk';
      const warden = new Warden();
      const key = await warden.keys.create({ name: 'from-esm', scopes: ['events:read'] });
      const me = await warden.me();
      const missing = await warden.keys.get('key_missing').catch((e) => e);
      console.log(JSON.stringify({ type: me.principal.type, key: key.key.slice(0, 8), notFound: missing instanceof NotFoundError }));
    `]);
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual({ type: 'api_key', key: 'wk_live_', notFound: true });
  });

  it('works from CommonJS: require("@warden/sdk")', async () => {
    const result = await node(['-e', `
      const { Warden, ConfigurationError } = require('@warden/sdk');
      (async () => {
        const warden = new Warden();
        const keys = [];
        for await (const key of warden.keys.list({ limit: 1 })) keys.push(key.id);
        let config;
        try { new Warden({ apiKey: '', baseUrl: 'http://x' }); } catch (e) { config = e instanceof ConfigurationError; }
        console.log(JSON.stringify({ keys: keys.length, config }));
      })().catch((e) => { console.error(e); process.exit(1); });
    `]);
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout).keys).toBeGreaterThanOrEqual(1);
    expect(JSON.parse(result.stdout).config).toBe(true);
  });

  it('ships types: a TypeScript file using the SDK type-checks (ESM and CommonJS), a wrong call does not', async () => {
    const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
    const use = `
      const warden = new Warden({ apiKey: 'k', baseUrl: 'http://localhost' });
      export async function main(): Promise<string> {
        const key: ApiKey = await warden.keys.get('key_1');
        const issued = await warden.keys.create({ name: 'n', scopes: ['a:read'] });
        return key.name + issued.key;
      }`;
    writeFileSync(join(scratch, 'good.mts'), `import { Warden, type ApiKey } from '@warden/sdk';\n${use}`);
    writeFileSync(join(scratch, 'good.cts'), `import { Warden, type ApiKey } from '@warden/sdk';\n${use}`);
    writeFileSync(join(scratch, 'bad.mts'), `import { Warden } from '@warden/sdk';\nawait new Warden().keys.create({ nom: 'n' });\n`);
    const check = (files: string[]) => run(process.execPath, [tsc, '--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022',
      '--skipLibCheck', '--types', 'node', '--typeRoots', join(ROOT, 'node_modules/@types'), ...files], process.env);
    expect((await check(['good.mts', 'good.cts'])).stdout).toBe('');
    expect((await check(['bad.mts'])).stdout).toMatch(/nom/);
  }, 60_000);
});
