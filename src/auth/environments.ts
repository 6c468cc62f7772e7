import { WardenError } from '../errors/warden-error.js';
import type { Principal } from './principal.js';

/**
 * The environment every credential lives in — API key, OAuth client, agent, the grants they hold.
 * It is a property of credentials in general, so it lives here and not with one kind of them.
 */
export type CredentialEnvironment = 'live' | 'test';

/**
 * The environment of a new credential (key, client, agent): the one asked for, else the
 * creator's, else the deployment's first. It must be served here, and a live or test credential
 * can only create its own kind.
 */
export function environmentFor(
  requested: CredentialEnvironment | undefined,
  creator: Principal,
  accepted: readonly CredentialEnvironment[],
  what: string,
): CredentialEnvironment {
  const environment = requested ?? creator.environment ?? accepted[0] ?? 'live';
  if (!accepted.includes(environment)) {
    throw new WardenError('environment_forbidden', `This deployment issues only ${accepted.join(' and ')} ${what}`);
  }
  if (creator.environment && creator.environment !== environment) {
    throw new WardenError('environment_forbidden', `A ${creator.environment} credential cannot create ${environment} ${what}`);
  }
  return environment;
}
