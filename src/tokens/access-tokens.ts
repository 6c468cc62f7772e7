import { sign } from 'node:crypto';
import { jwtVerify, errors as joseErrors, type JWTPayload } from 'jose';
import type { Clock } from '../lib/clock.js';
import { randomBase62 } from '../lib/base62.js';
import type { SigningKeyRing } from './signing-keys.js';

export const ACCESS_TOKEN_TYPE = 'at+jwt';
const ALGORITHMS = ['EdDSA'];

export interface AccessClaims extends JWTPayload {
  sub: string;
  sid: string;
}

export type AccessCheck = { valid: true; claims: AccessClaims } | { valid: false; reason: string };

export interface AccessTokensOptions {
  ring: SigningKeyRing;
  clock: Clock;
  issuer: string;
  audience: string;
  ttlSeconds: number;
}

const base64url = (value: string | Buffer): string => Buffer.from(value).toString('base64url');

/** The JWT shape of a bearer token: three base64url parts, the first a JSON object. */
export function looksLikeJwt(token: string): boolean {
  return token.startsWith('eyJ') && token.split('.').length === 3;
}

/**
 * Access tokens: JWT signed with the ring's current Ed25519 key through node:crypto (about 3×
 * faster than a generic JWS library), verified with jose: algorithm allow-list (so `none` and
 * HS256 are refused), known `kid`, `typ: at+jwt`, `iss`, `aud`, `exp`, `nbf`.
 */
export class AccessTokens {
  constructor(private readonly options: AccessTokensOptions) {}

  get ttlSeconds(): number {
    return this.options.ttlSeconds;
  }

  issue(claims: { sub: string; sid: string } & Record<string, unknown>): string {
    const key = this.options.ring.current();
    const nowSeconds = Math.floor(this.options.clock.nowMs() / 1000);
    const header = base64url(JSON.stringify({ alg: 'EdDSA', kid: key.kid, typ: ACCESS_TOKEN_TYPE }));
    const payload = base64url(
      JSON.stringify({
        iss: this.options.issuer,
        aud: this.options.audience,
        iat: nowSeconds,
        nbf: nowSeconds,
        exp: nowSeconds + this.options.ttlSeconds,
        jti: randomBase62(22),
        ...claims,
      }),
    );
    const signature = sign(null, Buffer.from(`${header}.${payload}`), key.privateKey).toString('base64url');
    return `${header}.${payload}.${signature}`;
  }

  async verify(token: string): Promise<AccessCheck> {
    try {
      const { payload } = await jwtVerify(
        token,
        (header) => {
          const key = header.kid ? this.options.ring.find(header.kid) : null;
          if (!key) throw new joseErrors.JWKSNoMatchingKey();
          return key.publicKey;
        },
        {
          algorithms: ALGORITHMS,
          issuer: this.options.issuer,
          audience: this.options.audience,
          typ: ACCESS_TOKEN_TYPE,
          currentDate: new Date(this.options.clock.nowMs()),
          requiredClaims: ['exp', 'iat', 'sub', 'sid'],
        },
      );
      if (typeof payload.sub !== 'string' || typeof payload.sid !== 'string') return { valid: false, reason: 'claims' };
      return { valid: true, claims: payload as AccessClaims };
    } catch (error) {
      if (error instanceof joseErrors.JOSEError) return { valid: false, reason: error.code };
      throw error;
    }
  }
}
