import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../src/errors/codes.js';
import { OAUTH_ERRORS } from '../src/oauth/oauth-error.js';
import { renderConfigurationDoc } from '../src/server/config-doc.js';
import { apiKeyPattern, generateApiKey } from '../src/keys/key-codec.js';

const read = (path: string): string => readFileSync(new URL(`../${path}`, import.meta.url), 'utf8');
const readme = read('README.md');
const errorsDoc = read('docs/errors.md');
const apiDoc = read('docs/api.md');
const manual = [readme, ...readdirSync(new URL('../docs/', import.meta.url)).filter((f) => f.endsWith('.md')).map((f) => read(`docs/${f}`))].join('\n');

describe('the docs say what the code does', () => {
  it.each(Object.entries(ERROR_CODES))('error code %s is in docs/errors.md with its status', (code, { status }) => {
    expect(errorsDoc).toContain(`| \`${code}\` | ${status} |`);
  });

  it.each(Object.entries(OAUTH_ERRORS))('OAuth error %s is in docs/errors.md with its status', (code, { status }) => {
    expect(errorsDoc).toContain(`| \`${code}\` | ${status} |`);
  });

  it('docs/configuration.md is generated from SETTINGS and current (run `npm run docs` after changing a setting)', () => {
    expect(read('docs/configuration.md')).toBe(renderConfigurationDoc());
  });

  it('every docs/ page the README links to exists', () => {
    const links = [...readme.matchAll(/\]\((docs\/[^)#]+)\)/g)].map((m) => m[1]!);
    expect(links.length).toBeGreaterThanOrEqual(6);
    for (const link of links) expect(existsSync(new URL(`../${link}`, import.meta.url)), link).toBe(true);
  });

  // Regression (issue 12 §4): the README promised as future what the code already does.
  it('does not call done work future work: TOTP seeds and signing keys sealed by WARDEN_SECRET_KEY, the issuer, per-key rate_limit', () => {
    expect(manual).not.toMatch(/future work|future token issuer|stored\s+now, enforced by/);
    expect(manual).toMatch(/TOTP secret is stored in the\s+database encrypted with AES-256-GCM under `WARDEN_SECRET_KEY`/);
    expect(manual).toContain('the `iss` of every token Warden signs');
  });

  it('publishes the secret-scanner regex of the default key format, and it matches real keys', () => {
    const pattern = apiKeyPattern({ prefix: 'wk', type: '' });
    expect(apiDoc).toContain(`\n${pattern}\n`);
    const { key } = generateApiKey({ prefix: 'wk', type: '' }, 'live');
    expect(new RegExp(pattern).test(`export WARDEN_KEY="${key}"`)).toBe(true);
  });
});
