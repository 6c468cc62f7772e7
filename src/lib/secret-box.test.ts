import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSecretBox, keyIdOf, SecretBoxError } from './secret-box.js';

describe('secret box (encryption at rest)', () => {
  const key = randomBytes(32);
  const other = randomBytes(32);

  it('seals with AES-256-GCM: not readable, different each time, opens back', () => {
    const box = createSecretBox([key]);
    const sealed = box.seal('-----BEGIN PRIVATE KEY-----abc', 'signing_keys:k1');
    expect(sealed).toMatch(new RegExp(`^wsb1:${keyIdOf(key)}:[A-Za-z0-9_-]+$`));
    expect(sealed).not.toContain('PRIVATE KEY');
    expect(box.seal('-----BEGIN PRIVATE KEY-----abc', 'signing_keys:k1')).not.toBe(sealed);
    expect(box.open(sealed, 'signing_keys:k1')).toBe('-----BEGIN PRIVATE KEY-----abc');
    expect(box.needsReseal(sealed)).toBe(false);
  });

  it('refuses a value moved to another row, an altered value and an unknown key', () => {
    const box = createSecretBox([key]);
    const sealed = box.seal('JBSWY3DPEHPK3PXP', 'users.totp_secret:usr_1');
    expect(() => box.open(sealed, 'users.totp_secret:usr_2')).toThrow(SecretBoxError);
    const body = sealed.slice(sealed.lastIndexOf(':') + 1);
    const flipped = `${sealed.slice(0, sealed.lastIndexOf(':') + 1)}${body[0] === 'A' ? 'B' : 'A'}${body.slice(1)}`;
    expect(() => box.open(flipped, 'users.totp_secret:usr_1')).toThrow(/altered/);
    expect(() => createSecretBox([other]).open(sealed, 'users.totp_secret:usr_1')).toThrow(/is not listed/);
    expect(() => createSecretBox([]).open(sealed, 'users.totp_secret:usr_1')).toThrow(/is not listed/);
  });

  it('rotates: the new key seals, an older listed key still opens, and its values want resealing', () => {
    const old = createSecretBox([key]).seal('seed', 'ctx');
    const rotated = createSecretBox([other, key]);
    expect(rotated.open(old, 'ctx')).toBe('seed');
    expect(rotated.needsReseal(old)).toBe(true);
    expect(rotated.needsReseal(rotated.seal('seed', 'ctx'))).toBe(false);
  });

  it('without a key stores values as they are, and reads unsealed values from before a key was set', () => {
    const none = createSecretBox([]);
    expect(none.sealing).toBe(false);
    expect(none.seal('seed', 'ctx')).toBe('seed');
    expect(none.needsReseal('seed')).toBe(false);
    const box = createSecretBox([key]);
    expect(box.open('seed', 'ctx')).toBe('seed');
    expect(box.needsReseal('seed')).toBe(true);
  });
});
