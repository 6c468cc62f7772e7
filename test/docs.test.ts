import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../src/errors/codes.js';
import { SETTINGS } from '../src/server/config.js';
import { apiKeyPattern, generateApiKey } from '../src/keys/key-codec.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

describe('README documents what the code does', () => {
  it.each(Object.entries(ERROR_CODES))('error code %s is in the errors table with its status', (code, { status }) => {
    expect(readme).toContain(`| \`${code}\` | ${status} |`);
  });

  it.each(Object.values(SETTINGS).map((s) => s.name))('setting %s is in the configuration table', (name) => {
    expect(readme).toMatch(new RegExp(`^\\| \`${name}\` \\|`, 'm'));
  });

  // Regression (issue 12 §4): the README promised as future what the code already does.
  it('does not call done work future work: TOTP seeds and signing keys sealed by WARDEN_SECRET_KEY, the issuer, per-key rate_limit', () => {
    expect(readme).not.toMatch(/future work|future token issuer|stored\s+now, enforced by/);
    expect(readme).toMatch(/TOTP secret is stored in the\s+database encrypted with AES-256-GCM under `WARDEN_SECRET_KEY`/);
    expect(readme).toContain('the `iss` of every token Warden signs');
  });

  it('publishes the secret-scanner regex of the default key format, and it matches real keys', () => {
    const pattern = apiKeyPattern({ prefix: 'wk', type: '' });
    expect(readme).toContain(`\n${pattern}\n`);
    const { key } = generateApiKey({ prefix: 'wk', type: '' }, 'live');
    expect(new RegExp(pattern).test(`export WARDEN_KEY="${key}"`)).toBe(true);
  });
});
