import { createTouchBatcher, type TouchBatcher, type TouchWriter } from '../../store/touch-batcher.js';
import { KeyVerifier } from '../../keys/key-verifier.js';
import { KeyService } from '../../keys/key-service.js';
import { writeLastUsed } from '../../keys/key-store.js';
import { SessionVerifier } from '../../sessions/session-verifier.js';
import { writeLastSeen } from '../../sessions/session-store.js';
import { GrantVerifier } from '../../grants/grant-verifier.js';
import type { Foundation } from './foundation.js';

/** A session is re-read from the store at least this often, however long WARDEN_KEY_CACHE_TTL_SECONDS is. */
const SESSION_CACHE_MAX_TTL_SECONDS = 60;

/** The credentials a request presents: API keys, user sessions and key-exchange grants, their caches and last-use writes. */
export interface CredentialServices {
  keyTouches: TouchBatcher;
  sessionTouches: TouchBatcher;
  keyVerifier: KeyVerifier;
  keys: KeyService;
  sessionVerifier: SessionVerifier;
  grantVerifier: GrantVerifier;
}

export function createCredentialServices(options: Foundation): CredentialServices {
  const { config, db, bus, clock, keyFormat, scopePolicy, knownResources, warn } = options;
  const touches = (what: string, write: TouchWriter): TouchBatcher =>
    createTouchBatcher({ write, intervalMs: config.lastUsedFlushMs, onError: warn(`batched ${what} write failed; will retry`) });
  const keyTouches = touches('last_used_at', (e) => writeLastUsed(db, e));
  const sessionTouches = touches('session last-seen', (e) => writeLastSeen(db, e));
  const cache = { cacheTtlSeconds: config.keyCacheTtlSeconds, cacheMaxEntries: config.keyCacheMaxEntries };
  return {
    keyTouches,
    sessionTouches,
    keyVerifier: new KeyVerifier({
      db, bus, clock, format: keyFormat, touches: keyTouches, ...cache, negativeTtlSeconds: config.negativeCacheTtlSeconds,
    }),
    sessionVerifier: new SessionVerifier({
      db, bus, clock, touches: sessionTouches,
      idleTimeoutSeconds: config.sessionIdleSeconds,
      cacheTtlSeconds: Math.min(config.keyCacheTtlSeconds, SESSION_CACHE_MAX_TTL_SECONDS),
      cacheMaxEntries: config.keyCacheMaxEntries,
    }),
    keys: new KeyService({
      db, bus, clock, format: keyFormat, touches: keyTouches, knownResources, scopePolicy,
      maxGraceSeconds: config.maxGraceSeconds,
      acceptedEnvironments: config.keyEnvironments,
    }),
    grantVerifier: new GrantVerifier({ db, bus, clock, ...cache }),
  };
}
