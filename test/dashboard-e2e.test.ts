import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { hasChromium, launchChromium } from './helpers/chromium.js';
import { call, createTestApp, registerOwner, type TestApp } from './helpers/test-app.js';
import { hotp, totpCounter } from '../src/twofactor/totp.js';
import { base32Decode } from '../src/lib/base32.js';
import type { Clock } from '../src/lib/clock.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BUILT = existsSync(join(ROOT, 'dist/web/index.html'));
// Committed screenshots are refreshed on request only, so a test run leaves the worktree clean.
const SHOTS = process.env.WARDEN_SCREENSHOTS === '1' ? join(ROOT, 'docs/screenshots') : mkdtempSync(join(tmpdir(), 'warden-shots-'));
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const WAIT = { timeout: 15_000 };

/** Real time plus an offset the test moves: the next TOTP step, or a day later for an expired session. */
let offsetMs = 0;
const clock: Clock = { nowMs: () => Date.now() + offsetMs };

interface AxeViolation { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }

/** axe-core on the page as it is (run by the test harness, so the page's CSP does not apply). */
async function expectAccessible(page: Page, name: string): Promise<void> {
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const w = globalThis as unknown as { axe: { run: (ctx: unknown, options: object) => Promise<{ violations: AxeViolation[] }> }; document: unknown };
    return (await w.axe.run(w.document, { resultTypes: ['violations'] })).violations;
  });
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
  expect.soft(serious, `axe on ${name}`).toEqual([]);
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `${name}.png`) });
}

function totp(secretBase32: string): string {
  return hotp(base32Decode(secretBase32), totpCounter(clock.nowMs()));
}

describe.runIf(hasChromium)('the dashboard in a real browser (headless Chromium)', () => {
  let t: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let base: string;
  const outbox = mkdtempSync(join(tmpdir(), 'warden-dash-outbox-'));
  const email = `dash-${Date.now()}@example.com`;
  const password = 'a long dashboard password';
  let totpSecret = '';
  let firstKey = '';
  let rotatedKey = '';

  const me = (key: string) => call(t.app, 'GET', '/v1/me', { auth: { apiKey: key } });

  beforeAll(async () => {
    if (!BUILT) throw new Error('dist/web is missing: run `npm run build` (npm test does) before this test');
    mkdirSync(SHOTS, { recursive: true });
    t = await createTestApp({ clock, env: { WARDEN_SCOPE_RESOURCES: 'deals', WARDEN_OUTBOX_DIR: outbox, WARDEN_AUDIT_FLUSH_MS: '20' } });
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(t.app.server.address() as { port: number }).port}`;
    browser = await launchChromium();
    // Reduced motion: dialogs open and close without a fade, so each check sees a settled page.
    context = await browser.newContext({ viewport: { width: 1280, height: 800 }, baseURL: base, reducedMotion: 'reduce' });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
    context.setDefaultTimeout(15_000);
    page = await context.newPage();
  }, 60_000);
  // A failed step leaves a picture of the page behind (in the screenshot directory).
  afterEach(async (context) => {
    if (context.task.result?.state === 'fail' && page) await page.screenshot({ path: join(SHOTS, `failed-${context.task.name.slice(0, 40).replace(/\W+/g, '-')}.png`) }).catch(() => {});
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('signs up, and the session lives in an HttpOnly cookie the page cannot read', async () => {
    await page.goto('/dashboard');
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await expectAccessible(page, 'sign in');
    await shot(page, 'sign-in');
    await page.getByRole('button', { name: 'Create an account' }).click();
    await page.getByLabel('Email', { exact: true }).fill(email);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('heading', { name: 'API keys' }).waitFor();
    const cookies = await context.cookies();
    expect(cookies.find((c) => c.name === 'warden_session')).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(await page.evaluate(() => (globalThis as unknown as { document: { cookie: string } }).document.cookie)).not.toContain('sess_');
    expect(await page.evaluate(() => {
      const w = globalThis as unknown as { localStorage: object; sessionStorage: object };
      return JSON.stringify({ ...w.localStorage }) + JSON.stringify({ ...w.sessionStorage });
    })).not.toContain('sess_');
    await expectAccessible(page, 'API keys (empty)');
  }, 30_000);

  it('enrols 2FA (QR, code, recovery codes once), signs out, and signs in again with a TOTP code', async () => {
    await page.getByRole('link', { name: 'Security' }).click();
    await expect.poll(() => page.getByTestId('two-factor-status').textContent(), WAIT).toBe('Off');
    expect(await page.getByRole('button', { name: 'Turn off two-factor' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Set up two-factor' }).click();
    await page.getByRole('img', { name: 'QR code for your authenticator app' }).waitFor();
    totpSecret = (await page.getByTestId('totp-secret').textContent())!.trim();
    await page.getByLabel('Authentication code').fill(totp(totpSecret));
    await page.getByRole('button', { name: 'Turn on two-factor' }).click();
    await page.getByText('Two-factor authentication is on').waitFor();
    await expect.poll(() => page.getByTestId('two-factor-status').textContent(), WAIT).toBe('On');
    expect(await page.getByRole('button', { name: 'Set up two-factor' }).count()).toBe(0);
    expect(await page.getByLabel('Recovery codes').textContent()).toMatch(/\S+\n\S+/);
    await page.getByRole('button', { name: 'Download codes' }).waitFor();
    await expectAccessible(page, 'security');
    await shot(page, 'security');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByText('You have signed out.').waitFor();
    expect((await context.cookies()).find((c) => c.name === 'warden_session')).toBeUndefined();
    await page.getByLabel('Email', { exact: true }).fill(email);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByLabel('Authentication code').waitFor();
    await expectAccessible(page, '2FA step');
    offsetMs += 30_000; // each time step is accepted once: the next one
    await page.getByLabel('Authentication code').fill(totp(totpSecret));
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await page.getByRole('link', { name: 'API keys' }).click();
  }, 30_000);

  it('creates a key shown once (Copy), which then calls /v1/me', async () => {
    await page.getByRole('button', { name: 'Create key' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create API key' });
    await dialog.getByLabel('Name').fill('ci-key');
    await dialog.getByLabel('Environment').selectOption('test');
    await dialog.getByRole('checkbox', { name: 'deals:write' }).check();
    // write requires read: ticking write ticked read too.
    expect(await dialog.getByRole('checkbox', { name: 'deals:read' }).isChecked()).toBe(true);
    await dialog.getByLabel('Rate limit').fill('600');
    await expectAccessible(page, 'create key dialog');
    await shot(page, 'create-key');
    await dialog.getByRole('button', { name: 'Create key' }).click();
    const field = page.getByRole('textbox', { name: 'API key' });
    await field.waitFor();
    firstKey = await field.inputValue();
    expect(firstKey).toMatch(/^wk_test_/);
    expect(await field.getAttribute('readonly')).not.toBeNull();
    await page.getByText('will not be shown again').waitFor();
    // Escape before copying asks for confirmation instead of closing.
    await page.keyboard.press('Escape');
    await page.getByText('You have not copied it yet').waitFor();
    await page.getByRole('button', { name: 'Copy' }).click();
    expect(await page.evaluate(() => (globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }).navigator.clipboard.readText())).toBe(firstKey);
    await shot(page, 'key-created');
    await page.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('cell', { name: 'ci-key', exact: true }).waitFor();
    await expectAccessible(page, 'API keys');
    await shot(page, 'api-keys');
    const answer = await me(firstKey);
    expect(answer.statusCode).toBe(200);
    expect(answer.json().data).toMatchObject({ principal: { type: 'api_key' }, environment: 'test', scopes: ['deals:read', 'deals:write'] });
  }, 30_000);

  it('the audit log\'s live tail receives the key\'s request; the chain is verified', async () => {
    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.getByText('Chain verified').waitFor();
    await page.getByRole('switch', { name: 'Live' }).check({ force: true });
    await page.getByText('Live', { exact: true }).first().waitFor();
    await page.locator('.mantine-Badge-root', { hasText: 'Live' }).waitFor();
    const marker = `/v1/me`;
    expect((await me(firstKey)).statusCode).toBe(200);
    await page.getByRole('table', { name: 'Audit events' }).getByText(`GET ${marker}`).first().waitFor(WAIT);
    await expectAccessible(page, 'audit log');
    await shot(page, 'audit-log');
    await page.getByRole('switch', { name: 'Live' }).uncheck({ force: true });
  }, 30_000);

  it('rotates the key (new one shown once, old one refused) and revokes it after confirmation', async () => {
    await page.getByRole('link', { name: 'API keys' }).click();
    await page.getByRole('button', { name: 'Rotate ci-key' }).click();
    await page.getByRole('dialog', { name: 'Rotate ci-key' }).getByLabel('Overlap').selectOption('0');
    await page.getByRole('button', { name: 'Rotate key' }).click();
    const field = page.getByRole('textbox', { name: 'API key' });
    await field.waitFor();
    rotatedKey = await field.inputValue();
    expect(rotatedKey).not.toBe(firstKey);
    await page.getByRole('button', { name: 'Copy' }).click();
    await page.getByRole('button', { name: 'Done' }).click();
    expect((await me(firstKey)).statusCode).toBe(401);
    expect((await me(rotatedKey)).statusCode).toBe(200);

    await page.getByRole('button', { name: 'Revoke ci-key' }).click();
    await page.getByRole('dialog', { name: 'Revoke ci-key?' }).waitFor();
    await expectAccessible(page, 'revoke dialog');
    await page.getByRole('button', { name: 'Revoke key' }).click();
    await page.getByText('No API keys yet').waitFor();
    const refused = await me(rotatedKey);
    expect(refused.statusCode).toBe(401);
    expect(refused.json().code).toBe('key_revoked');
  }, 30_000);

  it('invites a member, who accepts, and changes their role', async () => {
    const bob = await registerOwner(t.app);
    await page.getByRole('link', { name: 'Members' }).click();
    await page.getByLabel('Invite by e-mail').fill(bob.email);
    await page.getByLabel('Role', { exact: true }).selectOption('developer');
    await page.getByRole('button', { name: 'Invite' }).click();
    // Pending, as GET /v1/workspaces/{id}/invitations lists it (it survives a reload of the page).
    const pending = page.getByRole('table', { name: 'Pending invitations' }).getByRole('row').filter({ hasText: bob.email });
    await pending.waitFor();
    expect(await pending.textContent()).toContain('developer');
    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.getByRole('link', { name: 'Members' }).click();
    await page.getByRole('table', { name: 'Pending invitations' }).getByText(bob.email).waitFor();
    const mail = readdirSync(outbox).sort().at(-1)!;
    const token = /inv_[0-9A-Za-z]{32}/.exec(readFileSync(join(outbox, mail), 'utf8'))![0];
    const accepted = await call(t.app, 'POST', '/v1/invitations/accept', { auth: { bearer: bob.session }, headers: { 'x-workspace-id': bob.workspaceId }, body: { token } });
    expect(accepted.statusCode, accepted.body).toBe(200);
    const workspaceId = accepted.json().data.id as string;
    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.getByRole('link', { name: 'Members' }).click();
    const role = page.getByLabel(`Role of ${bob.email}`);
    await role.waitFor();
    await page.getByText(/No pending invitations/).waitFor(); // accepted: no longer pending
    expect(await role.inputValue()).toBe('developer');
    await role.selectOption('viewer');
    await expect.poll(async () => {
      const members = await call(t.app, 'GET', `/v1/workspaces/${workspaceId}/members`, { auth: { bearer: bob.session }, headers: { 'x-workspace-id': workspaceId } });
      return members.json().data.find((m: { email: string }) => m.email === bob.email)?.role;
    }, WAIT).toBe('viewer');
    await expectAccessible(page, 'members');
    await shot(page, 'members');
  }, 30_000);

  it('OAuth clients, Agents and Usage pages render with no serious accessibility issue', async () => {
    await page.getByRole('link', { name: 'OAuth clients' }).click();
    await page.getByText('No OAuth clients yet.').waitFor();
    await expectAccessible(page, 'OAuth clients');
    await shot(page, 'oauth-clients');
    await page.getByRole('link', { name: 'Agents' }).click();
    await page.getByText('No agents yet.').waitFor();
    await expectAccessible(page, 'agents');
    await shot(page, 'agents');
    await page.getByRole('link', { name: 'Usage' }).click();
    await page.getByText('Requests by status class').waitFor();
    await page.getByRole('table', { name: 'Requests per credential and status class' }).getByText('ci-key').first().waitFor();
    await expectAccessible(page, 'usage');
    await shot(page, 'usage');
  }, 30_000);

  it('signs out, and an expired session goes back to sign-in with a message', async () => {
    offsetMs += 2 * 86_400_000; // past the 24 h inactivity limit
    await page.getByRole('link', { name: 'Members' }).click();
    await page.getByText('Your session has expired').waitFor();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await page.getByLabel('Email', { exact: true }).fill(email);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByLabel('Authentication code').fill(totp(totpSecret));
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByRole('heading', { name: 'Members' }).waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByText('You have signed out.').waitFor();
    // Back and reload: still signed out (the session was revoked, not only forgotten).
    await page.goto('/dashboard/keys');
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
  }, 30_000);
});
