// ASVS 5.0 coverage map: each row names an ASVS 5.0 requirement and the existing test that demonstrates it.
// This suite only checks that the named test still exists (same file, same title), so the mapping
// in docs/ASVS.md cannot silently rot when tests are renamed or moved. See docs/ASVS.md for what is NOT covered.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

interface AsvsRow {
  item: string;
  requirement: string;
  file: string;
  test: string;
}

export const ASVS_MAP: AsvsRow[] = [
  // V6.2 Password security
  { item: '6.2.1', requirement: 'User-set passwords are at least 8 characters long', file: 'test/accounts.test.ts', test: 'requires 8 to 128 password characters (400 validation_failed naming password)' },
  { item: '6.2.2', requirement: 'Users can change their password', file: 'test/sessions-api.test.ts', test: 'needs the current password, refuses common ones, and ends the other sessions' },
  { item: '6.2.3', requirement: 'Password change requires the current and the new password', file: 'test/sessions-api.test.ts', test: 'needs the current password, refuses common ones, and ends the other sessions' },
  { item: '6.2.4', requirement: 'Passwords at registration or change are checked against the top common passwords', file: 'test/accounts.test.ts', test: 'refuses %s with 400 naming password, and stores nothing' },
  { item: '6.2.4', requirement: 'Passwords at registration or change are checked against the top common passwords', file: 'test/sessions-api.test.ts', test: 'needs the current password, refuses common ones, and ends the other sessions' },
  { item: '6.2.4', requirement: 'Passwords at registration or change are checked against the top common passwords', file: 'test/password-reset.test.ts', test: 'sets the new password once, ends every session, and the token is then dead' },
  { item: '6.2.5', requirement: 'Passwords of any composition are allowed (no character-class rules)', file: 'test/sessions-api.test.ts', test: 'needs the current password, refuses common ones, and ends the other sessions' },
  { item: '6.2.9', requirement: 'Passwords of at least 64 characters are permitted', file: 'test/accounts.test.ts', test: 'requires 8 to 128 password characters (400 validation_failed naming password)' },

  // V6.3 General authentication security
  { item: '6.3.1', requirement: 'Controls against credential stuffing and password brute force', file: 'test/login-throttle.test.ts', test: 'answers 429 rate_limited with Retry-After once the free failures are used, even for the right password' },
  { item: '6.3.1', requirement: 'Controls against credential stuffing and password brute force', file: 'test/login-throttle.test.ts', test: 'doubles the block with every further failure, and a success resets it' },
  { item: '6.3.1', requirement: 'Controls against credential stuffing and password brute force', file: 'test/login-throttle.test.ts', test: 'slows one address spraying a password across accounts' },
  { item: '6.3.1', requirement: 'Controls against credential stuffing and password brute force', file: 'test/two-factor.test.ts', test: 'limits attempts per challenge' },
  { item: '6.3.4', requirement: 'Authentication pathways enforce security controls consistently', file: 'test/common-auth.test.ts', test: '(a) no credential → 401 authentication_required with a bare challenge' },
  { item: '6.3.4', requirement: 'Authentication pathways enforce security controls consistently', file: 'test/common-auth.test.ts', test: '(b) a garbage bearer → 401 invalid_token; a garbage X-API-Key → 401 invalid_key' },
  { item: '6.3.4', requirement: 'Authentication pathways enforce security controls consistently', file: 'test/two-factor.test.ts', test: 'accepts ±1 step of clock drift in one call with the password' },
  { item: '6.3.8', requirement: 'Valid users cannot be deduced from failed authentication (partly, see docs)', file: 'test/accounts.test.ts', test: 'answers a wrong password and an unknown e-mail with the same 401 invalid_credentials' },
  { item: '6.3.8', requirement: 'Valid users cannot be deduced from failed authentication (partly, see docs)', file: 'test/password-reset.test.ts', test: 'answers 202 alike for known and unknown addresses, and mails only the known one' },

  // V6.4 Authentication factor lifecycle and recovery
  { item: '6.4.3', requirement: 'Secure forgotten-password reset that does not bypass MFA', file: 'test/password-reset.test.ts', test: 'sets the new password once, ends every session, and the token is then dead' },
  { item: '6.4.3', requirement: 'Secure forgotten-password reset that does not bypass MFA', file: 'test/password-reset.test.ts', test: 'expires tokens after 30 minutes and retires older tokens once one is used' },
  { item: '6.4.3', requirement: 'Secure forgotten-password reset that does not bypass MFA', file: 'test/two-factor.test.ts', test: 'a password reset does not bypass the second factor' },

  // V6.5 General multi-factor authentication
  { item: '6.5.1', requirement: 'Lookup secrets and TOTPs are usable only once', file: 'test/two-factor.test.ts', test: 'login without a code answers 401 two_factor_required with a challenge id; the code completes it' },
  { item: '6.5.1', requirement: 'Lookup secrets and TOTPs are usable only once', file: 'test/two-factor.test.ts', test: 'takes each recovery code once' },
  { item: '6.5.1', requirement: 'Lookup secrets and TOTPs are usable only once', file: 'src/twofactor/totp.test.ts', test: 'accepts ±1 step of drift, and never the same or an older step twice' },
  { item: '6.5.4', requirement: 'Lookup secrets have at least 20 bits of entropy', file: 'test/two-factor.test.ts', test: 'setup gives a base32 secret, an otpauth:// URI and an SVG QR code; enable needs a right code' },
  { item: '6.5.5', requirement: 'TOTPs have a defined lifetime (30 s step)', file: 'test/two-factor.test.ts', test: 'accepts ±1 step of clock drift in one call with the password' },
  { item: '6.5.5', requirement: 'TOTPs have a defined lifetime (30 s step)', file: 'src/twofactor/totp.test.ts', test: 'accepts ±1 step of drift, and never the same or an older step twice' },
  { item: '6.5.6', requirement: 'An authentication factor can be revoked on theft or loss', file: 'test/two-factor.test.ts', test: 'is for sessions, and disabling needs a code or a recovery code' },

  // V7.2 Fundamental session management security
  { item: '7.2.1', requirement: 'Session token verification is done by a trusted backend', file: 'test/access-tokens.test.ts', test: 'die with their session at once, before exp (logout, or revoked from the sessions API)' },
  { item: '7.2.2', requirement: 'Session tokens are dynamically generated, not static secrets', file: 'test/accounts.test.ts', test: 'answers a session token and the user with its workspaces (no-store)' },
  { item: '7.2.2', requirement: 'Session tokens are dynamically generated, not static secrets', file: 'test/refresh-tokens.test.ts', test: 'trades a refresh token for a new pair; the old one is used up' },

  // V7.3 Session timeout
  { item: '7.3.1', requirement: 'Inactivity timeout enforces re-authentication', file: 'test/sessions-expiry.test.ts', test: 'expires after 24 h of inactivity (401 session_expired)' },
  { item: '7.3.1', requirement: 'Inactivity timeout enforces re-authentication', file: 'test/sessions-expiry.test.ts', test: 'slides the window with activity: used at 23 h and 46 h it still works, then idles out' },
  { item: '7.3.1', requirement: 'Inactivity timeout enforces re-authentication', file: 'test/sessions-expiry.test.ts', test: 'still idles out after 1 h without use' },
  { item: '7.3.2', requirement: 'Absolute maximum session lifetime enforces re-authentication', file: 'test/sessions-expiry.test.ts', test: 'ends a session 2 h after login however busy it is' },

  // V7.4 Session termination
  { item: '7.4.1', requirement: 'A terminated session (logout, expiry) cannot be used any further', file: 'test/accounts.test.ts', test: 'ends the session (204); the token is refused at once with invalid_token' },
  { item: '7.4.1', requirement: 'A terminated session (logout, expiry) cannot be used any further', file: 'test/access-tokens.test.ts', test: 'die with their session at once, before exp (logout, or revoked from the sessions API)' },
  { item: '7.4.1', requirement: 'A terminated session (logout, expiry) cannot be used any further', file: 'test/refresh-tokens.test.ts', test: 'dies with logout; unknown tokens and bad bodies are refused' },
  { item: '7.4.2', requirement: 'Disabling or deleting an account terminates all its active sessions (partly: disable, no delete)', file: 'test/users-disable.test.ts', test: 'ends every session at once, refuses its access and refresh tokens and its logins; enabling restores login only' },
  { item: '7.4.3', requirement: 'Other sessions are terminated after a credential change (partly: not after MFA changes)', file: 'test/sessions-api.test.ts', test: 'needs the current password, refuses common ones, and ends the other sessions' },
  { item: '7.4.3', requirement: 'Other sessions are terminated after a credential change (partly: not after MFA changes)', file: 'test/password-reset.test.ts', test: 'sets the new password once, ends every session, and the token is then dead' },
  { item: '7.4.5', requirement: 'Administrators can terminate the active sessions of an individual user (partly: no "all users")', file: 'test/sessions-api.test.ts', test: 'lets an API key with workspaces:write manage the members of its workspace' },

  // V7.5 Defenses against session abuse
  { item: '7.5.1', requirement: 'Re-authentication before changing authentication attributes (partly, see docs)', file: 'test/sessions-api.test.ts', test: 'needs the current password, refuses common ones, and ends the other sessions' },
  { item: '7.5.1', requirement: 'Re-authentication before changing authentication attributes (partly, see docs)', file: 'test/two-factor.test.ts', test: 'is for sessions, and disabling needs a code or a recovery code' },
  { item: '7.5.2', requirement: 'Users can view and terminate their active sessions (partly: no re-auth step)', file: 'test/sessions-api.test.ts', test: 'lists your live sessions, marks the current one, and ends another at once' },

  // V9.1 Token source and integrity
  { item: '9.1.1', requirement: 'Self-contained tokens are validated by signature before use', file: 'test/access-tokens.test.ts', test: 'refuse tampering, alg none, HS256 confusion, unknown kid and a foreign audience' },
  { item: '9.1.2', requirement: 'Only allowlisted algorithms; never "none"; no key confusion', file: 'test/access-tokens.test.ts', test: 'refuse tampering, alg none, HS256 confusion, unknown kid and a foreign audience' },
  { item: '9.1.2', requirement: 'Only allowlisted algorithms; never "none"; no key confusion', file: 'test/access-tokens.test.ts', test: 'come with the login: EdDSA, kid, typ at+jwt, iss/aud, sub usr_…, sid, 15 minutes' },
  { item: '9.1.3', requirement: 'Verification keys come only from trusted, pre-configured sources', file: 'test/access-tokens.test.ts', test: 'refuse tampering, alg none, HS256 confusion, unknown kid and a foreign audience' },

  // V9.2 Token content
  { item: '9.2.1', requirement: 'Tokens are accepted only within their validity time span (exp)', file: 'test/access-tokens.test.ts', test: 'expire after 15 minutes' },
  { item: '9.2.3', requirement: 'Only tokens meant for this service (aud) are accepted', file: 'test/access-tokens.test.ts', test: 'refuse tampering, alg none, HS256 confusion, unknown kid and a foreign audience' },
  { item: '9.2.4', requirement: 'Issued tokens carry an audience restriction', file: 'test/access-tokens.test.ts', test: 'come with the login: EdDSA, kid, typ at+jwt, iss/aud, sub usr_…, sid, 15 minutes' },

  // V10.4 OAuth authorization server (refresh tokens only; Warden has no OAuth clients or code grant)
  { item: '10.4.5', requirement: 'Refresh token rotation: used tokens are invalidated and reuse revokes the family', file: 'test/refresh-tokens.test.ts', test: 'trades a refresh token for a new pair; the old one is used up' },
  { item: '10.4.5', requirement: 'Refresh token rotation: used tokens are invalidated and reuse revokes the family', file: 'test/refresh-tokens.test.ts', test: 'treats reuse after the window as theft: the family and the session end' },
  { item: '10.4.8', requirement: 'Refresh tokens have an absolute expiration, even with sliding expiry', file: 'test/refresh-tokens.test.ts', test: 'outlives an idle session window (refreshing is activity) but not the 7-day family cap' },
];

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const sources = new Map<string, string>();
function source(file: string): string {
  let text = sources.get(file);
  if (text === undefined) {
    text = readFileSync(resolve(ROOT, file), 'utf8');
    sources.set(file, text);
  }
  return text;
}

describe('ASVS 5.0 coverage map', () => {
  it.each(ASVS_MAP)('V$item → $file: $test', ({ file, test }) => {
    expect(existsSync(resolve(ROOT, file)), `${file} exists`).toBe(true);
    const text = source(file);
    const quoted = ["'", '"', '`'].some((q) => text.includes(`${q}${test}${q}`));
    expect(quoted, `${file} has a test titled ${JSON.stringify(test)}`).toBe(true);
  });

  it('has no duplicate item + test pairs', () => {
    const keys = ASVS_MAP.map((row) => `${row.item}\u0000${row.file}\u0000${row.test}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('uses one requirement text per item', () => {
    const byItem = new Map<string, Set<string>>();
    for (const row of ASVS_MAP) byItem.set(row.item, (byItem.get(row.item) ?? new Set()).add(row.requirement));
    for (const [item, texts] of byItem) expect(texts.size, item).toBe(1);
  });
});
