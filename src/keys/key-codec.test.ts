import { crc32 } from 'node:zlib';
import { describe, it, expect } from 'vitest';
import {
  CHECKSUM_LENGTH,
  RANDOM_LENGTH,
  apiKeyPattern,
  checksumOf,
  generateApiKey,
  looksLikeApiKey,
  parseApiKey,
  type KeyEnvironment,
  type KeyFormat,
} from './key-codec.js';

// Independent of src/lib/base62.ts on purpose.
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

const WK: KeyFormat = { prefix: 'wk', type: '' };
const BK: KeyFormat = { prefix: 'bk', type: 'sk' };
const ENVIRONMENTS: KeyEnvironment[] = ['live', 'test'];
const CASES: { format: KeyFormat; environment: KeyEnvironment; head: string }[] = [
  { format: WK, environment: 'live', head: 'wk_live_' },
  { format: WK, environment: 'test', head: 'wk_test_' },
  { format: BK, environment: 'live', head: 'bk_live_sk_' },
  { format: BK, environment: 'test', head: 'bk_test_sk_' },
];

/** Base62 of a non-negative integer, most significant digit first, left-padded to `width`. */
function base62Fixed(value: number, width: number): string {
  let n = BigInt(value);
  let out = '';
  for (let i = 0; i < width; i++) {
    out = ALPHABET[Number(n % 62n)]! + out;
    n /= 62n;
  }
  expect(n).toBe(0n); // the value must fit
  return out;
}

function randomInt(maxExclusive: number): number {
  return Math.floor(Math.random() * maxExclusive);
}

function otherBase62Char(current: string): string {
  let replacement = current;
  while (replacement === current) replacement = ALPHABET[randomInt(ALPHABET.length)]!;
  return replacement;
}

function withCharAt(text: string, position: number, char: string): string {
  return text.slice(0, position) + char + text.slice(position + 1);
}

function fullMatch(format: KeyFormat): RegExp {
  return new RegExp(`^(?:${apiKeyPattern(format)})$`);
}

describe('generateApiKey', () => {
  for (const { format, environment, head } of CASES) {
    describe(`${head}… (prefix ${format.prefix}, type "${format.type}", ${environment})`, () => {
      it('has the form {prefix}_{env}_{type_?}{32 base62}{6 checksum}', () => {
        for (let i = 0; i < 50; i++) {
          const { key, environment: env } = generateApiKey(format, environment);
          expect(env).toBe(environment);
          expect(key.startsWith(head)).toBe(true);
          expect(key).toHaveLength(head.length + 32 + 6);
          expect(key.slice(head.length)).toMatch(/^[0-9A-Za-z]{38}$/);
          expect(key).toMatch(new RegExp(`^${head}[0-9A-Za-z]{32}[0-9A-Za-z]{6}$`));
        }
        expect(RANDOM_LENGTH).toBe(32);
        expect(CHECKSUM_LENGTH).toBe(6);
      });

      it('matches apiKeyPattern(format), both anchored and when embedded in text', () => {
        const { key } = generateApiKey(format, environment);
        expect(new RegExp(apiKeyPattern(format)).test(key)).toBe(true);
        expect(fullMatch(format).test(key)).toBe(true);
        const found = `export TOKEN="${key}"; echo ok`.match(new RegExp(apiKeyPattern(format), 'g'));
        expect(found).toEqual([key]);
      });

      it('displayPrefix is the head plus 4 characters and is a prefix of the key', () => {
        const { key, displayPrefix } = generateApiKey(format, environment);
        expect(displayPrefix).toHaveLength(head.length + 4);
        expect(displayPrefix).toMatch(new RegExp(`^${head}[0-9A-Za-z]{4}$`));
        expect(key.startsWith(displayPrefix)).toBe(true);
      });

      it('parseApiKey round-trips environment and displayPrefix', () => {
        for (let i = 0; i < 50; i++) {
          const generated = generateApiKey(format, environment);
          expect(parseApiKey(generated.key, format)).toEqual({
            environment,
            displayPrefix: generated.displayPrefix,
          });
        }
      });

      it('ends with checksumOf(everything before the checksum)', () => {
        const { key } = generateApiKey(format, environment);
        const body = key.slice(0, -6);
        expect(key.slice(-6)).toBe(base62Fixed(crc32(body), 6));
      });
    });
  }

  it('bk/sk keys look exactly like the bank documents them: bk_live_sk_…', () => {
    const live = generateApiKey(BK, 'live');
    expect(live.key).toMatch(/^bk_live_sk_[0-9A-Za-z]{38}$/);
    expect(live.displayPrefix).toMatch(/^bk_live_sk_[0-9A-Za-z]{4}$/);
    const test = generateApiKey(BK, 'test');
    expect(test.key).toMatch(/^bk_test_sk_[0-9A-Za-z]{38}$/);
  });

  it('wk keys with no type have no type segment: wk_live_…', () => {
    const { key } = generateApiKey(WK, 'live');
    expect(key).toMatch(/^wk_live_[0-9A-Za-z]{38}$/);
    expect(key.split('_')).toHaveLength(3);
  });

  it('1000 generated keys are all distinct (and so are their random parts)', () => {
    const keys = new Set<string>();
    const randomParts = new Set<string>();
    for (let i = 0; i < 1000; i++) {
      const { key } = generateApiKey(WK, 'live');
      keys.add(key);
      randomParts.add(key.slice('wk_live_'.length, -6));
    }
    expect(keys.size).toBe(1000);
    expect(randomParts.size).toBe(1000);
  });
});

describe('apiKeyPattern', () => {
  it('is the documented scanner regex', () => {
    expect(apiKeyPattern(WK)).toBe('\\bwk_(?:live|test)_[0-9A-Za-z]{38}\\b');
    expect(apiKeyPattern(BK)).toBe('\\bbk_(?:live|test)_sk_[0-9A-Za-z]{38}\\b');
  });

  it('does not match keys of the other format', () => {
    expect(fullMatch(BK).test(generateApiKey(WK, 'live').key)).toBe(false);
    expect(fullMatch(WK).test(generateApiKey(BK, 'live').key)).toBe(false);
  });
});

describe('checksumOf', () => {
  it('is CRC32 (node:zlib) of the body as 6 base62 characters: standard check vector', () => {
    // CRC-32/ISO-HDLC check value: crc32("123456789") = 0xCBF43926 = 3421780262.
    expect(crc32('123456789')).toBe(0xcbf43926);
    // 3421780262 = 3·62^5 + 45·62^4 + 35·62^3 + 27·62^2 + 22·62 + 14 → "3", "j", "Z", "R", "M", "E"
    expect(base62Fixed(0xcbf43926, 6)).toBe('3jZRME');
    expect(checksumOf('123456789')).toBe('3jZRME');
  });

  it('matches an independent computation for a key body', () => {
    const body = 'wk_live_00000000000000000000000000000000';
    const expected = base62Fixed(crc32(body), 6);
    expect(expected).toBe('1cd66J');
    expect(checksumOf(body)).toBe(expected);
  });

  it('left-pads small CRC values and fits the largest CRC in 6 characters', () => {
    // crc32('') is 0
    expect(crc32('')).toBe(0);
    expect(checksumOf('')).toBe('000000');
    expect(base62Fixed(2 ** 32 - 1, 6)).toBe('4gfFC3');
  });

  it('agrees with the independent computation on many random bodies', () => {
    for (let i = 0; i < 1000; i++) {
      const body = generateApiKey(BK, 'test').key.slice(0, -6);
      expect(checksumOf(body)).toBe(base62Fixed(crc32(body), 6));
    }
  });
});

describe('parseApiKey checksum', () => {
  it('checksum catches every single-character change in a sample of 10k keys', () => {
    const hits = new Map<string, number[]>(); // head → count of mutations per position
    let mutated = 0;
    for (let i = 0; i < 10_000; i++) {
      const { format, environment, head } = CASES[i % CASES.length]!;
      const { key } = generateApiKey(format, environment);
      const position = randomInt(key.length); // anywhere: head, random part or checksum
      const changed = withCharAt(key, position, otherBase62Char(key[position]!));
      expect(changed).not.toBe(key);
      expect(changed).toHaveLength(key.length);
      if (parseApiKey(changed, format) !== null) {
        throw new Error(`accepted a mutated key: ${key} → ${changed} (position ${position})`);
      }
      const counts = hits.get(head) ?? new Array<number>(key.length).fill(0);
      counts[position]! += 1;
      hits.set(head, counts);
      mutated++;
    }
    expect(mutated).toBe(10_000);
    // Every position — including all 6 checksum positions — was exercised for every format/env.
    // (~50 positions, 2,500 samples each: P(a position is missed) ≈ 50·e^-50, i.e. never.)
    for (const { head } of CASES) {
      const counts = hits.get(head)!;
      expect(counts).toHaveLength(head.length + 38);
      for (let p = 0; p < counts.length; p++) expect(counts[p], `${head} position ${p}`).toBeGreaterThan(0);
    }
  });

  it('rejects every position × every other base62 character for 200 keys', () => {
    let attempts = 0;
    for (let i = 0; i < 200; i++) {
      const { format, environment } = CASES[i % CASES.length]!;
      const { key } = generateApiKey(format, environment);
      expect(parseApiKey(key, format)).not.toBeNull();
      for (let position = 0; position < key.length; position++) {
        const original = key[position]!;
        for (const char of ALPHABET) {
          if (char === original) continue;
          attempts++;
          const changed = withCharAt(key, position, char);
          if (parseApiKey(changed, format) !== null) {
            throw new Error(`accepted a mutated key: ${key} → ${changed} (position ${position})`);
          }
        }
      }
    }
    // 100 keys of 46 chars + 100 of 49 chars, 61 alternatives each (head '_' has 62).
    expect(attempts).toBeGreaterThan(200 * 46 * 61);
  });

  it('rejects a changed checksum character at each of the 6 checksum positions', () => {
    const { key } = generateApiKey(BK, 'live');
    for (let position = key.length - 6; position < key.length; position++) {
      for (const char of ALPHABET) {
        if (char === key[position]) continue;
        expect(parseApiKey(withCharAt(key, position, char), BK)).toBeNull();
      }
    }
  });
});

describe('parseApiKey rejects', () => {
  const wk = generateApiKey(WK, 'live').key;
  const bk = generateApiKey(BK, 'live').key;

  it('a truncated key', () => {
    expect(parseApiKey(wk.slice(0, -1), WK)).toBeNull();
    expect(parseApiKey(bk.slice(0, -1), BK)).toBeNull();
    expect(parseApiKey(bk.slice(0, 'bk_live_sk_'.length), BK)).toBeNull();
    expect(parseApiKey(wk.slice(1), WK)).toBeNull();
  });

  it('a key with an extra character', () => {
    for (const char of ['0', 'a', 'Z']) {
      expect(parseApiKey(wk + char, WK)).toBeNull();
      expect(parseApiKey(bk + char, BK)).toBeNull();
      expect(parseApiKey(char + wk, WK)).toBeNull();
    }
    // an extra character inside, with a checksum recomputed over the now-too-long body
    const body = wk.slice(0, -6) + 'x';
    expect(parseApiKey(body + checksumOf(body), WK)).toBeNull();
  });

  it('a wrong prefix', () => {
    expect(parseApiKey('xk' + wk.slice(2), WK)).toBeNull();
    expect(parseApiKey('WK' + wk.slice(2), WK)).toBeNull();
    expect(parseApiKey(wk, { prefix: 'xk', type: '' })).toBeNull();
    // same body/checksum construction but a different prefix
    const body = 'xk_live_' + wk.slice('wk_live_'.length, -6);
    expect(parseApiKey(body + checksumOf(body), WK)).toBeNull();
  });

  it('a wrong type segment', () => {
    const body = 'bk_live_pk_' + bk.slice('bk_live_sk_'.length, -6);
    const pk = body + checksumOf(body);
    expect(parseApiKey(pk, { prefix: 'bk', type: 'pk' })).not.toBeNull(); // well-formed for its own format
    expect(parseApiKey(pk, BK)).toBeNull();
    expect(parseApiKey(bk.replace('_sk_', '_SK_'), BK)).toBeNull();
  });

  it('an unknown environment such as wk_prod_…', () => {
    const body = 'wk_prod_' + wk.slice('wk_live_'.length, -6);
    expect(parseApiKey(body + checksumOf(body), WK)).toBeNull();
    expect(parseApiKey(wk.replace('wk_live_', 'wk_prod_'), WK)).toBeNull();
    expect(parseApiKey(wk.replace('wk_live_', 'wk_LIVE_'), WK)).toBeNull();
  });

  it('non-base62 characters, even with a matching checksum', () => {
    for (const bad of ['-', '_', 'é', 'ß', '٣', ' ', '+', '/', '=']) {
      // plain substitution
      expect(parseApiKey(withCharAt(wk, 20, bad), WK)).toBeNull();
      expect(parseApiKey(withCharAt(bk, bk.length - 1, bad), BK)).toBeNull();
      // a correct CRC over a body with a foreign character: only the charset check can catch it
      const body = wk.slice(0, -7) + bad;
      const forged = body + checksumOf(body);
      expect(forged).toHaveLength(wk.length);
      expect(parseApiKey(forged, WK)).toBeNull();
    }
    // astral-plane unicode (two UTF-16 code units) in place of two characters
    const body = wk.slice(0, -8) + '😀';
    const forged = body + checksumOf(body);
    expect(forged).toHaveLength(wk.length);
    expect(parseApiKey(forged, WK)).toBeNull();
  });

  it('the empty string and near-empty strings', () => {
    expect(parseApiKey('', WK)).toBeNull();
    expect(parseApiKey('', BK)).toBeNull();
    expect(parseApiKey('wk_live_', WK)).toBeNull();
    expect(parseApiKey('bk_live_sk_', BK)).toBeNull();
  });

  it('a key of format A parsed with format B', () => {
    for (const environment of ENVIRONMENTS) {
      const a = generateApiKey(WK, environment).key;
      const b = generateApiKey(BK, environment).key;
      expect(parseApiKey(a, BK)).toBeNull();
      expect(parseApiKey(b, WK)).toBeNull();
      // same prefix, differing only in the type segment
      const wkSk: KeyFormat = { prefix: 'wk', type: 'sk' };
      expect(parseApiKey(generateApiKey(wkSk, environment).key, WK)).toBeNull();
      expect(parseApiKey(a, wkSk)).toBeNull();
    }
  });
});

describe('looksLikeApiKey', () => {
  it('is true only for strings starting with `{prefix}_`', () => {
    expect(looksLikeApiKey('wk_anything', WK)).toBe(true);
    expect(looksLikeApiKey(generateApiKey(BK, 'live').key, BK)).toBe(true);
    expect(looksLikeApiKey('wkx_live_', WK)).toBe(false);
    expect(looksLikeApiKey('bk_live_sk_abc', WK)).toBe(false);
    expect(looksLikeApiKey('', WK)).toBe(false);
  });
});

describe('the flat layout (WARDEN_KEY_FORMAT=flat, seed 001)', () => {
  const BSK: KeyFormat = { prefix: 'bsk', type: '', layout: 'flat' };
  const TYPED: KeyFormat = { prefix: 'bk', type: 'sk', layout: 'flat' };

  it('writes {prefix}_{type_} + 44 base62 characters whose last 6 are the CRC32 of the rest', () => {
    for (const environment of ENVIRONMENTS) {
      const { key, displayPrefix, environment: env } = generateApiKey(BSK, environment);
      expect(key).toMatch(/^bsk_[0-9A-Za-z]{44}$/);
      expect(env).toBe(environment);
      expect(displayPrefix).toBe(key.slice(0, 8));
      expect(key.slice(-CHECKSUM_LENGTH)).toBe(base62Fixed(crc32(key.slice(0, -CHECKSUM_LENGTH)), CHECKSUM_LENGTH));
    }
    expect(generateApiKey(TYPED, 'live').key).toMatch(/^bk_sk_[0-9A-Za-z]{44}$/);
  });

  it('parses to no environment (it is stored), and rejects a changed character', () => {
    const { key, displayPrefix } = generateApiKey(BSK, 'test');
    expect(parseApiKey(key, BSK)).toEqual({ environment: null, displayPrefix });
    const at = 10;
    expect(parseApiKey(withCharAt(key, at, otherBase62Char(key[at]!)), BSK)).toBeNull();
    expect(parseApiKey(key.slice(0, -1), BSK)).toBeNull();
  });

  it('either layout parses under either setting; other prefixes and types do not', () => {
    const env: KeyFormat = { prefix: 'bsk', type: '' };
    const flatKey = generateApiKey(BSK, 'live').key;
    const envKey = generateApiKey(env, 'live').key;
    expect(parseApiKey(flatKey, env)).not.toBeNull();
    expect(parseApiKey(envKey, BSK)).toMatchObject({ environment: 'live' });
    expect(parseApiKey(generateApiKey({ ...BSK, prefix: 'xsk' }, 'live').key, BSK)).toBeNull();
    expect(parseApiKey(generateApiKey(TYPED, 'live').key, { ...TYPED, type: '' })).toBeNull();
  });

  it('apiKeyPattern(flat) finds flat keys in text and not env keys', () => {
    const pattern = new RegExp(apiKeyPattern(BSK), 'g');
    const flatKey = generateApiKey(BSK, 'live').key;
    const envKey = generateApiKey({ prefix: 'bsk', type: '' }, 'live').key;
    expect(`a=${flatKey} b=${envKey}`.match(pattern)).toEqual([flatKey]);
  });
});
