import { describe, it, expect } from 'vitest';
import { BASE62_ALPHABET, decodeBase62, encodeBase62, isBase62, randomBase62 } from './base62.js';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Independent decoder for round-trip checks. */
function decode(text: string): number {
  let value = 0;
  for (const char of text) {
    const digit = ALPHABET.indexOf(char);
    expect(digit).toBeGreaterThanOrEqual(0);
    value = value * 62 + digit;
  }
  return value;
}

describe('BASE62_ALPHABET', () => {
  it('is 0-9A-Za-z in ASCII order', () => {
    expect(BASE62_ALPHABET).toBe(ALPHABET);
    expect(new Set(BASE62_ALPHABET).size).toBe(62);
    expect([...BASE62_ALPHABET].sort().join('')).toBe(BASE62_ALPHABET);
  });
});

describe('randomBase62', () => {
  it('returns exactly the requested length', () => {
    for (const length of [0, 1, 2, 6, 14, 32, 100, 1000, 4097]) {
      expect(randomBase62(length)).toHaveLength(length);
    }
  });

  it('uses only base62 characters', () => {
    const sample = randomBase62(10_000);
    expect(sample).toMatch(/^[0-9A-Za-z]{10000}$/);
  });

  it('differs between calls', () => {
    const seen = new Set(Array.from({ length: 200 }, () => randomBase62(22)));
    expect(seen.size).toBe(200);
  });

  it('is roughly uniform over 62k characters (every character appears; loose chi-square)', () => {
    const n = 62_000;
    const expected = n / 62; // 1000 per character
    const counts = new Map<string, number>();
    for (const char of randomBase62(n)) counts.set(char, (counts.get(char) ?? 0) + 1);

    expect(counts.size).toBe(62);
    let chiSquare = 0;
    for (const char of ALPHABET) {
      const count = counts.get(char) ?? 0;
      // σ ≈ 31.4: 700..1300 is a ~9.5σ band, never hit by chance.
      expect(count, `count of ${char}`).toBeGreaterThan(700);
      expect(count, `count of ${char}`).toBeLessThan(1300);
      chiSquare += (count - expected) ** 2 / expected;
    }
    // 61 degrees of freedom: mean 61, sd ≈ 11; P(χ² > 200) ≈ 1e-16.
    // A plain `byte % 62` without rejection gives χ² ≈ 400 on this sample size.
    expect(chiSquare).toBeLessThan(200);
  });

  it('is uniform per position too (first character is not biased)', () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 31_000; i++) {
      const char = randomBase62(1);
      counts.set(char, (counts.get(char) ?? 0) + 1);
    }
    expect(counts.size).toBe(62);
    let chiSquare = 0;
    for (const char of ALPHABET) chiSquare += ((counts.get(char) ?? 0) - 500) ** 2 / 500;
    expect(chiSquare).toBeLessThan(200);
  });
});

describe('encodeBase62', () => {
  it('encodes fixed-width vectors', () => {
    expect(encodeBase62(0, 6)).toBe('000000');
    expect(encodeBase62(1, 6)).toBe('000001');
    expect(encodeBase62(9, 6)).toBe('000009');
    expect(encodeBase62(10, 6)).toBe('00000A');
    expect(encodeBase62(35, 6)).toBe('00000Z');
    expect(encodeBase62(36, 6)).toBe('00000a');
    expect(encodeBase62(61, 6)).toBe('00000z');
    expect(encodeBase62(62, 6)).toBe('000010');
    expect(encodeBase62(62 * 62, 6)).toBe('000100');
    expect(encodeBase62(62 ** 6 - 1, 6)).toBe('zzzzzz');
    expect(encodeBase62(0, 1)).toBe('0');
    expect(encodeBase62(61, 1)).toBe('z');
  });

  it('fits 2**32 - 1 (any CRC32) in 6 characters', () => {
    // 4294967295 = 4·62^5 + 42·62^4 + 41·62^3 + 15·62^2 + 38·62 + 3
    expect(encodeBase62(2 ** 32 - 1, 6)).toBe('4gfFC3');
    expect(decode('4gfFC3')).toBe(2 ** 32 - 1);
  });

  it('round-trips through an independent decoder', () => {
    for (const value of [0, 1, 61, 62, 3843, 3844, 123_456_789, 2 ** 31, 1_700_000_000_000, Number.MAX_SAFE_INTEGER]) {
      const encoded = encodeBase62(value, 10);
      expect(encoded).toHaveLength(10);
      expect(decode(encoded)).toBe(value);
    }
  });

  it('preserves numeric order as string order at fixed width', () => {
    const values = [0, 9, 10, 35, 36, 61, 62, 100, 3843, 3844, 1_000_000];
    const encoded = values.map((v) => encodeBase62(v, 6));
    expect([...encoded].sort()).toEqual(encoded);
  });

  it('throws RangeError for negative values', () => {
    expect(() => encodeBase62(-1, 6)).toThrow(RangeError);
    // with a wide width, only the sign check can reject it
    expect(() => encodeBase62(-1, 30)).toThrow(RangeError);
    expect(() => encodeBase62(-1, 30)).toThrow(/non-negative/);
    expect(() => encodeBase62(-61, 30)).toThrow(/non-negative/);
    expect(() => encodeBase62(-0.5, 6)).toThrow(RangeError);
    expect(() => encodeBase62(Number.MIN_SAFE_INTEGER, 6)).toThrow(RangeError);
  });

  it('throws RangeError for non-integers and non-finite values', () => {
    expect(() => encodeBase62(1.5, 6)).toThrow(RangeError);
    expect(() => encodeBase62(1.5, 30)).toThrow(/safe integer/);
    expect(() => encodeBase62(Number.NaN, 6)).toThrow(RangeError);
    expect(() => encodeBase62(Number.POSITIVE_INFINITY, 6)).toThrow(RangeError);
    expect(() => encodeBase62(2 ** 53, 20)).toThrow(RangeError); // not a safe integer
  });

  it('throws RangeError when the value does not fit the width', () => {
    expect(() => encodeBase62(62 ** 6, 6)).toThrow(RangeError);
    expect(() => encodeBase62(62 ** 6, 6)).toThrow(/6 base62 characters/);
    expect(() => encodeBase62(62, 1)).toThrow(RangeError);
    expect(() => encodeBase62(2 ** 32, 5)).toThrow(RangeError);
  });
});

describe('isBase62', () => {
  it('accepts strings of 0-9A-Za-z only', () => {
    expect(isBase62(ALPHABET)).toBe(true);
    expect(isBase62('abc123XYZ')).toBe(true);
    expect(isBase62(randomBase62(500))).toBe(true);
    // vacuously true: callers check length separately
    expect(isBase62('')).toBe(true);
  });

  it('rejects any other character', () => {
    for (const bad of ['-', '_', ' ', '+', '/', '=', '.', 'é', 'ß', '٣', '０', '😀', '\n', '\0']) {
      expect(isBase62(bad), JSON.stringify(bad)).toBe(false);
      expect(isBase62(`abc${bad}def`), JSON.stringify(bad)).toBe(false);
      expect(isBase62(`abc${bad}`), JSON.stringify(bad)).toBe(false);
    }
    expect(isBase62('abc\n')).toBe(false);
  });
});

describe('decodeBase62', () => {
  it('inverts encodeBase62', () => {
    for (const value of [0, 1, 61, 62, 3843, 2 ** 32 - 1, 56_800_235_583]) {
      expect(decodeBase62(encodeBase62(value, 6))).toBe(value);
    }
    expect(decodeBase62('4gfFC3')).toBe(2 ** 32 - 1);
  });

  it('returns null for any non-base62 character', () => {
    for (const text of ['-00000', '0000_0', 'é', ' ', '00000/']) expect(decodeBase62(text)).toBeNull();
  });
});
