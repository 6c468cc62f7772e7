import { Authenticator } from '../../auth/authenticator.js';
import { Limiter } from '../../ratelimit/limiter.js';
import type { RateLimitEngine } from '../../ratelimit/engine.js';
import { createMemoryEngine } from '../../ratelimit/memory-engine.js';
import type { AccessTokens } from '../../tokens/access-tokens.js';
import type { TokenDenyList } from '../../tokens/token-deny-list.js';
import type { AuthKit } from '../../http/auth-hook.js';
import type { CredentialServices } from './credentials.js';
import type { Foundation } from './foundation.js';

export interface AuthKitOptions extends Foundation, Pick<CredentialServices, 'keyVerifier' | 'sessionVerifier' | 'grantVerifier'> {
  accessTokens: AccessTokens;
  denyList: TokenDenyList;
  /** Rate-limit engine (Redis in a cluster); default: in memory. */
  rateLimitEngine?: RateLimitEngine | undefined;
}

/** Who the caller is (the authenticator) and how much it may do (the limiter): what the auth hook needs. */
export function createAuthKit(options: AuthKitOptions): AuthKit & { authenticator: Authenticator } {
  const { config, clock, scopePolicy } = options;
  const authenticator = new Authenticator({
    keys: options.keyVerifier, sessions: options.sessionVerifier, format: options.keyFormat, deploymentResources: config.scopeResources,
    acceptedEnvironments: config.keyEnvironments,
    accessTokens: options.accessTokens,
    grants: options.grantVerifier,
    denyList: options.denyList,
  });
  const limiter = new Limiter(
    {
      enabled: config.rateLimits === 'on',
      perMinute: { standard: config.rateLimitStandard, write: config.rateLimitWrite, upload: config.rateLimitUpload, auth: config.rateLimitAuth },
      workspacePerMinute: config.rateLimitWorkspace,
      authFailuresPerMinute: config.rateLimitAuthFailures,
      verifyPerMinute: config.rateLimitVerify,
      perIpPerMinute: config.rateLimitPerIp,
    },
    options.rateLimitEngine ?? createMemoryEngine(),
    clock,
  );
  return { authenticator, limiter, clock, scopePolicy };
}
