import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

// semver comes with Fastify (no types installed): only satisfies() and minVersion() are used.
const semver = createRequire(import.meta.url)('semver') as {
  satisfies(version: string, range: string): boolean;
  minVersion(range: string): { version: string } | null;
};
const read = (path: string): any => JSON.parse(readFileSync(new URL(`../${path}`, import.meta.url), 'utf8'));

describe('the Node versions Warden claims', () => {
  // Guards against cookie@2 (through Fastify's light-my-request) wanting Node ≥ 22 while
  // package.json says ≥ 20.15: npm install warned, and a 20.15 host could not run it.
  it('every package installed for production accepts the oldest Node that package.json names', () => {
    const claimed = semver.minVersion(read('package.json').engines.node)!.version;
    const lock = read('package-lock.json');
    const refusing = Object.entries<any>(lock.packages)
      .filter(([path, entry]) => path !== '' && !entry.dev && entry.engines?.node && !semver.satisfies(claimed, entry.engines.node))
      .map(([path, entry]) => `${path}@${entry.version} wants node ${entry.engines.node}`);
    expect(refusing).toEqual([]);
  });
});
