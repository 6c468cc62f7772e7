import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKey, STORE_KIND } from './helpers/test-app.js';
import { startLiveWarden, type LiveWarden } from './helpers/live-warden.js';
import { runCli as cli, type CliRun as Run } from './helpers/run-cli.js';

describe(`warden keys, and the CLI's exit codes, against a running Warden (${STORE_KIND})`, () => {
  let w: LiveWarden;
  let env: Record<string, string>;
  const run = (...args: string[]): Promise<Run> => cli(args, env);

  beforeAll(async () => {
    w = await startLiveWarden({ env: { WARDEN_SCOPE_RESOURCES: 'deals' } });
    env = { WARDEN_URL: w.url, WARDEN_API_KEY: w.adminKey };
  });
  afterAll(async () => w?.close());

  it('says clearly when WARDEN_URL or WARDEN_API_KEY is missing (exit 2)', async () => {
    const noUrl = await cli(['keys', 'list'], { WARDEN_API_KEY: w.adminKey });
    expect(noUrl.status).toBe(2);
    expect(noUrl.stderr).toBe('warden: WARDEN_URL is not set: export WARDEN_URL=https://auth.example.com (where Warden answers)\n');
    const noKey = await cli(['keys', 'list'], { WARDEN_URL: w.url });
    expect(noKey.status).toBe(2);
    expect(noKey.stderr).toMatch(/^warden: WARDEN_API_KEY is not set/);
    expect(noKey.stdout).toBe('');
  });

  it('keys: create (secret once), list as a table, get, rotate, revoke; --json for scripts', async () => {
    const human = await run('keys', 'create', '--name', 'billing', '--scopes', 'deals:read,deals:write');
    expect(human.stderr).toBe('');
    expect(human.status).toBe(0);
    expect(human.stdout).toMatch(/^Created key key_\w+ \(billing\)\n\n {2}wk_live_\w+\n\nSAVE THIS KEY NOW — it will never be shown again\.\n$/);

    const created = await run('keys', 'create', '--name', 'ci', '--scopes', 'deals:read', '--metadata', '{"team":"ci"}', '--json');
    const key = JSON.parse(created.stdout);
    expect(key).toMatchObject({ name: 'ci', scopes: ['deals:read'], metadata: { team: 'ci' }, key: expect.stringMatching(/^wk_live_/) });

    const table = await run('keys', 'list');
    expect(table.status).toBe(0);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID\s+NAME\s+PREFIX\s+ENV\s+SCOPES\s+CREATED\s+LAST USED\s+STATUS$/);
    expect(lines.find((l) => l.startsWith(key.id))).toMatch(/\sci\s+wk_live_\w+\s+live\s+deals:read\s.*\sactive$/);

    const listed = JSON.parse((await run('keys', 'list', '--json')).stdout);
    expect(listed.map((k: { id: string }) => k.id)).toContain(key.id);
    expect(listed.every((k: Record<string, unknown>) => !('key' in k))).toBe(true);

    expect((await run('keys', 'get', key.id)).stdout).toMatch(new RegExp(`^id\\s+${key.id}\\nname\\s+ci\\n`));
    const rotated = JSON.parse((await run('keys', 'rotate', key.id, '--grace-seconds', '60', '--json')).stdout);
    expect(rotated.key).not.toBe(key.key);
    expect(rotated.previous_key_expires_at).toEqual(expect.any(String));
    const revoked = await run('keys', 'revoke', key.id);
    expect(revoked.stdout).toMatch(new RegExp(`^Revoked ${key.id} \\(ci\\) at \\d{4}-`));
  });

  it('exit codes: 6 not found, 7 rejected (with the field), 4 unauthenticated, 5 forbidden, 9 unreachable, 2 usage', async () => {
    const missing = await run('keys', 'get', 'key_nothere');
    expect(missing.status).toBe(6);
    expect(missing.stderr).toMatch(/^warden: not_found \(404\): /);
    expect(missing.stdout).toBe('');

    const rejected = await run('keys', 'create', '--name', 'x', '--scopes', 'nope:read');
    expect(rejected.status).toBe(7);
    expect(rejected.stderr).toMatch(/validation_failed \(400\): .*\n {2}scopes\[0\]: unknown resource "nope"/);

    const wrongKey = await cli(['keys', 'list'], { ...env, WARDEN_API_KEY: 'wk_live_nonsense' });
    expect(wrongKey.status).toBe(4);

    const reader = await createKey(w.app, { apiKey: w.adminKey }, { name: 'reader', scopes: ['deals:read'] });
    const forbidden = await cli(['keys', 'list'], { ...env, WARDEN_API_KEY: reader.key });
    expect(forbidden.status).toBe(5);
    expect(forbidden.stderr).toMatch(/insufficient_scope \(403\)/);

    const down = await cli(['keys', 'list'], { ...env, WARDEN_URL: 'http://127.0.0.1:9', WARDEN_CLI_TIMEOUT_MS: '2000' });
    expect(down.status).toBe(9);
    expect(down.stderr).toMatch(/^warden: connection_failed: Cannot reach Warden at http:\/\/127\.0\.0\.1:9/);

    const usage = await run('keys', 'frobnicate');
    expect(usage.status).toBe(2);
    expect(usage.stderr).toMatch(/usage: warden keys create/);
    expect((await run('keys', 'get')).status).toBe(2);
    expect((await run('keys', 'list', '--bogus')).status).toBe(2);
  });
});
