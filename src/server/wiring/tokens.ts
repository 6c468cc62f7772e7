import { SigningKeyRing } from '../../tokens/signing-keys.js';
import { AccessTokens } from '../../tokens/access-tokens.js';
import { TokenDenyList } from '../../tokens/token-deny-list.js';
import { createThreadedSigner, inlineSigner, type TokenSigner } from '../../tokens/token-signer.js';
import { publicUrlOf } from '../config.js';
import type { Foundation } from './foundation.js';

/** How often the list of revoked tokens is read again from the store (besides the bus's notices). */
const DENY_LIST_RELOAD_MS = 30_000;

/** Signed access tokens: the signing key ring, the signer (inline or on worker threads), the revoked-token list. */
export interface TokenServices {
  signingKeys: SigningKeyRing;
  /** Closed at shutdown (its worker threads). */
  tokenSigner: TokenSigner;
  accessTokens: AccessTokens;
  denyList: TokenDenyList;
}

export function createTokenServices(options: Foundation): TokenServices {
  const { config, db, bus, clock, secrets, warn } = options;
  // A signing key is kept for as long as the longest-lived token it may have signed.
  const longestTokenSeconds = Math.max(
    config.accessTokenTtlSeconds, config.clientTokenMaxTtlSeconds, config.keyExchangeTtlSeconds, config.agentTokenMaxTtlSeconds,
  );
  const signingKeys = new SigningKeyRing({
    db, clock, rotationSeconds: config.signingKeyRotationSeconds, maxTokenSeconds: longestTokenSeconds, secrets,
  });
  const tokenSigner = config.workerThreads > 0 ? createThreadedSigner(config.workerThreads) : inlineSigner;
  const accessTokens = new AccessTokens({
    ring: signingKeys, clock, issuer: publicUrlOf(config), audience: config.tokenAudience ?? publicUrlOf(config), ttlSeconds: config.accessTokenTtlSeconds,
    cacheMaxEntries: config.keyCacheMaxEntries,
    signer: tokenSigner,
  });
  const denyList = new TokenDenyList({
    db, bus, clock, reloadIntervalMs: DENY_LIST_RELOAD_MS, onError: warn('revoked-token list reload failed; will retry'),
  });
  return { signingKeys, tokenSigner, accessTokens, denyList };
}
