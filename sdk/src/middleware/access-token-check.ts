import { createRemoteJWKSet, customFetch, errors as joseErrors, jwtVerify } from 'jose';

export interface AccessTokenCheckOptions {
  baseUrl: string;
  /** Expected `iss` (Warden's WARDEN_PUBLIC_URL); unchecked when not given. */
  issuer?: string | undefined;
  /** Expected `aud` (WARDEN_TOKEN_AUDIENCE, default the issuer); unchecked when not given. */
  audience?: string | undefined;
  timeoutMs: number;
  fetch: typeof fetch;
}

/** What the middleware keeps of a verified access token: how invalidations name it, and when it ends. */
export interface AccessTokenFacts {
  sid: string | null;
  jti: string | null;
  expiresAtMs: number | null;
}

export type AccessTokenOutcome = { valid: true; facts: AccessTokenFacts } | { valid: false };

/** The JWT shape of a bearer token: three base64url parts, the first a JSON object. */
export function looksLikeJwt(token: string): boolean {
  if (!token.startsWith('eyJ')) return false;
  const first = token.indexOf('.');
  const second = first < 0 ? -1 : token.indexOf('.', first + 1);
  return second > 0 && token.indexOf('.', second + 1) < 0;
}

export class JwksUnavailableError extends Error {}

/** Errors that are the token's fault (anything else — a timeout, a JWKS that does not load — is Warden's). */
const TOKEN_FAULTS = [
  joseErrors.JWTExpired, joseErrors.JWTClaimValidationFailed, joseErrors.JWTInvalid, joseErrors.JWSInvalid,
  joseErrors.JWSSignatureVerificationFailed, joseErrors.JOSEAlgNotAllowed, joseErrors.JOSENotSupported,
  joseErrors.JWKSNoMatchingKey, joseErrors.JWKSMultipleMatchingKeys,
];

/**
 * Warden's access tokens checked here, against Warden's JWKS (fetched once, refetched when an
 * unknown `kid` appears): a forged, expired or foreign token is refused without asking Warden.
 * Whether a good signature still stands for a live session or grant is Warden's to say, and its
 * invalidation stream says when that ends.
 */
export function accessTokenCheck(options: AccessTokenCheckOptions): (token: string) => Promise<AccessTokenOutcome> {
  const jwks = createRemoteJWKSet(new URL('/.well-known/jwks.json', options.baseUrl), { timeoutDuration: options.timeoutMs, cooldownDuration: 30_000, [customFetch]: options.fetch });
  return async function checkAccessToken(token) {
    try {
      const { payload } = await jwtVerify(token, jwks, {
        algorithms: ['EdDSA', 'ES256'],
        typ: 'at+jwt',
        ...(options.issuer ? { issuer: options.issuer } : {}),
        ...(options.audience ? { audience: options.audience } : {}),
      });
      return {
        valid: true,
        facts: {
          sid: typeof payload.sid === 'string' ? payload.sid : null,
          jti: typeof payload.jti === 'string' ? payload.jti : null,
          expiresAtMs: typeof payload.exp === 'number' ? payload.exp * 1000 : null,
        },
      };
    } catch (error) {
      // The key set could not be fetched: not the token's fault, and not a reason to let it through.
      if (TOKEN_FAULTS.some((fault) => error instanceof fault)) return { valid: false };
      throw new JwksUnavailableError('Warden\'s JWKS could not be fetched', { cause: error });
    }
  };
}
