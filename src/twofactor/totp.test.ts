import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode } from '../lib/base32.js';
import { hotp, matchTotp, otpauthUrl, totpCounter } from './totp.js';

// RFC 6238 Appendix B: seeds are the ASCII strings below, 8-digit codes.
const SHA1_SEED = Buffer.from('12345678901234567890');
const SHA256_SEED = Buffer.from('12345678901234567890123456789012');
const SHA512_SEED = Buffer.from('1234567890123456789012345678901234567890123456789012345678901234');
const VECTORS: Array<[seconds: number, sha1: string, sha256: string, sha512: string]> = [
  [59, '94287082', '46119246', '90693936'],
  [1111111109, '07081804', '68084774', '25091201'],
  [1111111111, '14050471', '67062674', '99943326'],
  [1234567890, '89005924', '91819424', '93441116'],
  [2000000000, '69279037', '90698825', '38618901'],
  [20000000000, '65353130', '77737706', '47863826'],
];

describe('TOTP (RFC 6238 Appendix B)', () => {
  it.each(VECTORS)('T=%i', (seconds, sha1, sha256, sha512) => {
    const counter = totpCounter(seconds * 1000);
    expect(hotp(SHA1_SEED, counter, 8, 'sha1')).toBe(sha1);
    expect(hotp(SHA256_SEED, counter, 8, 'sha256')).toBe(sha256);
    expect(hotp(SHA512_SEED, counter, 8, 'sha512')).toBe(sha512);
  });

  it('HOTP RFC 4226 Appendix D (6 digits)', () => {
    const expected = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489'];
    expect(expected.map((_, i) => hotp(SHA1_SEED, i))).toEqual(expected);
  });

  it('accepts ±1 step of drift, and never the same or an older step twice', () => {
    const now = 1_111_111_111_000;
    const step = totpCounter(now);
    const code = (counter: number) => hotp(SHA1_SEED, counter);
    expect(matchTotp(SHA1_SEED, code(step), now, null)).toBe(step);
    expect(matchTotp(SHA1_SEED, code(step - 1), now, null)).toBe(step - 1);
    expect(matchTotp(SHA1_SEED, code(step + 1), now, null)).toBe(step + 1);
    expect(matchTotp(SHA1_SEED, code(step - 2), now, null)).toBeNull();
    expect(matchTotp(SHA1_SEED, code(step + 2), now, null)).toBeNull();
    expect(matchTotp(SHA1_SEED, code(step), now, step)).toBeNull(); // replay
    expect(matchTotp(SHA1_SEED, code(step - 1), now, step - 1)).toBeNull();
    expect(matchTotp(SHA1_SEED, code(step + 1), now, step)).toBe(step + 1);
    expect(matchTotp(SHA1_SEED, '12345', now, null)).toBeNull();
    expect(matchTotp(SHA1_SEED, 'abcdef', now, null)).toBeNull();
  });

  it('round-trips base32 (RFC 4648 vectors) and builds otpauth URIs', () => {
    expect(base32Encode(Buffer.from('foobar'))).toBe('MZXW6YTBOI');
    expect(base32Decode('MZXW6YTBOI').toString()).toBe('foobar');
    expect(base32Decode('mzxw6ytboi======').toString()).toBe('foobar');
    expect(otpauthUrl({ secret: 'MZXW6YTBOI', account: 'a@b.co', issuer: 'Warden' })).toBe(
      'otpauth://totp/Warden%3Aa%40b.co?secret=MZXW6YTBOI&issuer=Warden&algorithm=SHA1&digits=6&period=30',
    );
  });
});
