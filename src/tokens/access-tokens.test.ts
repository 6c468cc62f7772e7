import { generateKeyPairSync } from 'node:crypto';
import { CompactSign } from 'jose';
import { describe, expect, it } from 'vitest';
import { AccessTokens } from './access-tokens.js';
import { ed25519Signer } from './ed25519-signer.js';
import type { SigningKey, SigningKeyRing } from './signing-keys.js';
import { createThreadedSigner, type TokenSigner } from './token-signer.js';

function ringOf(kid: string): { key: SigningKey; ring: SigningKeyRing } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const key: SigningKey = { kid, privateKey, publicKey, publicJwk: {}, sign: ed25519Signer(privateKey), retiresAtMs: Infinity, expiresAtMs: Infinity };
  const ring = { current: () => key, find: (k: string) => (k === kid ? key : null) } as unknown as SigningKeyRing;
  return { key, ring };
}

const encoder = new TextEncoder();
/** The same JWS as jose writes it: protected header {alg, kid, typ}, the payload's JSON as given. */
const joseJws = (key: SigningKey, typ: string, payload: Record<string, unknown>): Promise<string> =>
  new CompactSign(encoder.encode(JSON.stringify(payload))).setProtectedHeader({ alg: 'EdDSA', kid: key.kid, typ }).sign(key.privateKey);

// Tokens are signed by hand (cached header, libsodium when it loads) rather than with jose's
// CompactSign: bench/shapes.mjs measured 20 µs vs 74 µs of CPU per token. Pinned here: the bytes
// are exactly the ones jose produces, on the event loop and on the signing threads alike.
describe('AccessTokens signing', () => {
  for (const [where, signerOf] of [
    ['on the event loop', (): TokenSigner | undefined => undefined],
    ['on a signing thread', (): TokenSigner | undefined => createThreadedSigner(1)],
  ] as const) {
    it(`signs exactly the bytes jose's CompactSign gives for the same header and claims (${where})`, async () => {
      const { key, ring } = ringOf('k_bytes');
      const signer = signerOf();
      try {
        const tokens = new AccessTokens({ ring, clock: { nowMs: () => 1_800_000_000_000 }, issuer: 'https://id.example', audience: 'https://api.example', ttlSeconds: 900, cacheMaxEntries: 10, signer });
        const { token, recipe } = await tokens.mint({ sub: 'usr_1', sid: 'ses_1', scope: 'a:read b:write', note: 'é "q"' }, 600);
        expect(token).toBe(await joseJws(key, 'at+jwt', {
          iss: 'https://id.example', aud: 'https://api.example', iat: recipe.iatSeconds, nbf: recipe.iatSeconds, exp: recipe.expSeconds, jti: recipe.jti, ...recipe.claims,
        }));
        expect(await tokens.resign(recipe)).toBe(token);
        expect((await tokens.verify(token)).valid).toBe(true);
        const statement = await tokens.signStatement('audit-checkpoint+jwt', { head: 'f'.repeat(64), seq: 7 });
        expect(statement).toBe(await joseJws(key, 'audit-checkpoint+jwt', { iss: 'https://id.example', iat: 1_800_000_000, head: 'f'.repeat(64), seq: 7 }));
      } finally {
        await signer?.close();
      }
    });
  }
});
