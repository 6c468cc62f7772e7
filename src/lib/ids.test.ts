import { describe, it, expect } from 'vitest';
import { isId, newId } from './ids.js';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

function decode(text: string): number {
  let value = 0;
  for (const char of text) value = value * 62 + ALPHABET.indexOf(char);
  return value;
}

describe('newId', () => {
  it('is `{kind}_` followed by 22 base62 characters', () => {
    for (const kind of ['key', 'usr', 'ws', 'sess']) {
      const id = newId(kind);
      expect(id).toMatch(new RegExp(`^${kind}_[0-9A-Za-z]{22}$`));
      expect(id).toHaveLength(kind.length + 1 + 22);
    }
  });

  it('starts with the creation time as 8 base62 characters', () => {
    expect(newId('key', 0).slice(4, 12)).toBe('00000000');
    expect(newId('key', 62).slice(4, 12)).toBe('00000010');
    const now = 1_700_000_000_000;
    expect(decode(newId('key', now).slice(4, 12))).toBe(now);
  });

  it('defaults to the current time', () => {
    const before = Date.now();
    const id = newId('key');
    const after = Date.now();
    const time = decode(id.slice(4, 12));
    expect(time).toBeGreaterThanOrEqual(before);
    expect(time).toBeLessThanOrEqual(after);
  });

  it('is unique even within the same millisecond', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => newId('key', 1_700_000_000_000)));
    expect(ids.size).toBe(1000);
  });

  it('ids created at increasing times sort lexicographically in time order', () => {
    const times: number[] = [0, 1, 9, 10, 35, 36, 61, 62, 63, 3843, 3844, 238_327, 238_328];
    let t = 1_600_000_000_000;
    for (let i = 0; i < 500; i++) {
      t += 1 + Math.floor(Math.random() * 100_000_000);
      times.push(t);
    }
    times.push(62 ** 8 - 1);
    const ids = times.map((ms) => newId('key', ms));
    const sorted = [...ids].sort(); // default sort: UTF-16 code unit order, like a bytewise index
    expect(sorted).toEqual(ids);
    for (let i = 1; i < ids.length; i++) expect(ids[i - 1]! < ids[i]!).toBe(true);
  });

  it('ids one millisecond apart sort in time order regardless of their random parts', () => {
    const base = Date.now();
    for (let i = 0; i < 200; i++) {
      const earlier = newId('key', base + i);
      const later = newId('key', base + i + 1);
      expect(earlier < later).toBe(true);
    }
  });
});

describe('isId', () => {
  it('accepts ids of the given kind', () => {
    expect(isId('key', newId('key'))).toBe(true);
    expect(isId('usr', newId('usr'))).toBe(true);
    expect(isId('ws', newId('ws'))).toBe(true);
    expect(isId('sess', newId('sess'))).toBe(true);
  });

  it('rejects ids of another kind', () => {
    expect(isId('usr', newId('key'))).toBe(false);
    expect(isId('ke', newId('key'))).toBe(false);
    expect(isId('keys', newId('key'))).toBe(false);
  });

  it('rejects wrong length, wrong characters and wrong shape', () => {
    const id = newId('key');
    expect(isId('key', id.slice(0, -1))).toBe(false);
    expect(isId('key', id + 'a')).toBe(false);
    expect(isId('key', id.slice(0, -1) + '-')).toBe(false);
    expect(isId('key', id.slice(0, -1) + '_')).toBe(false);
    expect(isId('key', `${id}\n`)).toBe(false);
    expect(isId('key', id.replace('key_', 'KEY_'))).toBe(false);
    expect(isId('key', id.replace('key_', 'key-'))).toBe(false);
    expect(isId('key', 'key_')).toBe(false);
    expect(isId('key', '')).toBe(false);
    expect(isId('key', ` ${id}`)).toBe(false);
  });
});
