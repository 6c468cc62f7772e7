import { LRUCache } from 'lru-cache';
import { jwtVerify, errors as joseErrors, type JWTPayload } from 'jose';
import type { Clock } from '../lib/clock.js';
import { randomBase62 } from '../lib/base62.js';
import type { SigningKey, SigningKeyRing } from './signing-keys.js';
import { inlineSigner, type TokenSigner } from './token-signer.js';

export const ACCESS_TOKEN_TYPE = 'at+jwt';
const ALGORITHMS = ['EdDSA'];

export interface AccessClaims extends JWTPayload {
  sub: string;
  sid: string;
  jti: string;
  exp: number;
  iat: number;
  scope?: string;
  client_id?: string;
}

export type AccessCheck = { valid: true; claims: AccessClaims } | { valid: false; reason: string };

/** The subject-specific claims of a token; Warden adds iss, aud, iat, nbf, exp and jti. */
export type SubjectClaims = { sub: string; sid: string } & Record<string, unknown>;

/** What a re-signable token is made of (a key exchange session keeps these, never the token). */
export interface TokenRecipe {
  kid: string;
  jti: string;
  iatSeconds: number;
  expSeconds: number;
  claims: SubjectClaims;
}

export interface IssuedAccessToken {
  token: string;
  recipe: TokenRecipe;
}

export interface AccessTokensOptions {
  ring: SigningKeyRing;
  clock: Clock;
  issuer: string;
  audience: string;
  ttlSeconds: number;
  /** Verified tokens remembered (by their exact text) until they expire. */
  cacheMaxEntries: number;
  /** Where signatures are computed (default: on the event loop). */
  signer?: TokenSigner;
}

const base64url = (value: string | Buffer): string => Buffer.from(value).toString('base64url');

/** The JWT shape of a bearer token: three base64url parts, the first a JSON object. */
export function looksLikeJwt(token: string): boolean {
  if (!token.startsWith('eyJ')) return false;
  const first = token.indexOf('.');
  const second = first < 0 ? -1 : token.indexOf('.', first + 1);
  return second > 0 && token.indexOf('.', second + 1) < 0;
}

/**
 * Access tokens: JWT signed with the ring's current Ed25519 key through libsodium or node:crypto,
 * verified with jose: algorithm allow-list (so `none` and
 * HS256 are refused), known `kid`, `typ: at+jwt`, `iss`, `aud`, `exp`, `nbf`. A verified token
 * is remembered until its `exp`, so a client reusing its token pays the signature check once;
 * revocation (session, grant, jti) is checked by the caller on every request regardless.
 */
export class AccessTokens {
  private readonly verified: LRUCache<string, AccessClaims>;

  constructor(private readonly options: AccessTokensOptions) {
    this.verified = new LRUCache({ max: options.cacheMaxEntries });
  }

  get ttlSeconds(): number {
    return this.options.ttlSeconds;
  }

  get issuer(): string {
    return this.options.issuer;
  }

  async issue(claims: SubjectClaims, ttlSeconds: number = this.options.ttlSeconds): Promise<string> {
    return (await this.mint(claims, ttlSeconds)).token;
  }

  /** Issues a token and says how to sign exactly the same token again (`resign`). */
  async mint(claims: SubjectClaims, ttlSeconds: number): Promise<IssuedAccessToken> {
    const recipe = this.recipe(claims, ttlSeconds);
    return { token: await this.signWith(this.options.ring.current(), recipe), recipe };
  }

  /** What a new token would be made of (current key, fresh jti, now), without signing it. */
  recipe(claims: SubjectClaims, ttlSeconds: number): TokenRecipe {
    const iatSeconds = Math.floor(this.options.clock.nowMs() / 1000);
    return { kid: this.options.ring.current().kid, jti: randomBase62(22), iatSeconds, expSeconds: iatSeconds + ttlSeconds, claims };
  }

  /** Ed25519 signatures are deterministic: the same recipe gives the same token (null once its key is gone). */
  async resign(recipe: TokenRecipe): Promise<string | null> {
    const key = this.options.ring.find(recipe.kid);
    return key ? this.signWith(key, recipe) : null;
  }

  private signWith(key: SigningKey, recipe: TokenRecipe): Promise<string> {
    return this.signJws(key, ACCESS_TOKEN_TYPE, {
      iss: this.options.issuer,
      aud: this.options.audience,
      iat: recipe.iatSeconds,
      nbf: recipe.iatSeconds,
      exp: recipe.expSeconds,
      jti: recipe.jti,
      ...recipe.claims,
    });
  }

  /**
   * A signed statement other than an access token (e.g. an audit chain checkpoint): a compact JWS
   * with its own `typ`, `iss` and `iat`, signed with the current key, so anyone holding the JWKS
   * can check it without calling Warden.
   */
  signStatement(typ: string, claims: Record<string, unknown>): Promise<string> {
    const iat = Math.floor(this.options.clock.nowMs() / 1000);
    return this.signJws(this.options.ring.current(), typ, { iss: this.options.issuer, iat, ...claims });
  }

  /** Encoded JWS headers by kid and typ: a key signs thousands of tokens with the same one. */
  private readonly headers = new Map<string, string>();

  private encodedHeader(kid: string, typ: string): string {
    const id = `${kid} ${typ}`;
    let header = this.headers.get(id);
    if (header === undefined) {
      if (this.headers.size >= 64) this.headers.clear(); // retired keys' headers go with them
      header = base64url(JSON.stringify({ alg: 'EdDSA', kid, typ }));
      this.headers.set(id, header);
    }
    return header;
  }

  /**
   * The compact JWS, written out by hand rather than with jose's CompactSign, which gives the same
   * bytes (access-tokens.test.ts pins that) for 3–4× the CPU: `node bench/shapes.mjs` measured one
   * token on the event loop at 20 µs vs 74 µs with libsodium, 35 µs vs 95 µs with node:crypto.
   */
  private async signJws(key: SigningKey, typ: string, claims: Record<string, unknown>): Promise<string> {
    const input = `${this.encodedHeader(key.kid, typ)}.${base64url(JSON.stringify(claims))}`;
    return `${input}.${await (this.options.signer ?? inlineSigner).sign(key, input)}`;
  }

  /** A token verified before and not yet expired: its claims, synchronously (undefined otherwise). */
  cached(token: string): AccessClaims | undefined {
    const claims = this.verified.get(token);
    if (claims === undefined) return undefined;
    if (claims.exp * 1000 <= this.options.clock.nowMs()) {
      this.verified.delete(token);
      return undefined;
    }
    return claims;
  }

  async verify(token: string): Promise<AccessCheck> {
    const known = this.cached(token);
    if (known) return { valid: true, claims: known };
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
          requiredClaims: ['exp', 'iat', 'sub', 'sid', 'jti'],
        },
      );
      if (typeof payload.sub !== 'string' || typeof payload.sid !== 'string' || typeof payload.jti !== 'string') return { valid: false, reason: 'claims' };
      if (payload.scope !== undefined && typeof payload.scope !== 'string') return { valid: false, reason: 'claims' };
      const claims = payload as AccessClaims;
      this.verified.set(token, claims);
      return { valid: true, claims };
    } catch (error) {
      if (error instanceof joseErrors.JOSEError) return { valid: false, reason: error.code };
      throw error;
    }
  }
}
