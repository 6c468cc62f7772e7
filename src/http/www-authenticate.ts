import type { WardenError } from '../errors/warden-error.js';

export const REALM = 'warden';

/**
 * RFC 6750 §3: no credential → just the challenge; a bad one → `error` (+ description);
 * missing scope → `insufficient_scope` with the scopes needed.
 */
export function wwwAuthenticate(error: WardenError): string {
  if (!error.bearerError) return `Bearer realm="${REALM}"`;
  const parts = [`realm="${REALM}"`, `error="${error.bearerError}"`];
  parts.push(`error_description="${error.message.replace(/["\\]/g, '')}"`);
  const missing = error.extra?.missing_scopes;
  if (error.bearerError === 'insufficient_scope' && Array.isArray(missing)) parts.push(`scope="${missing.join(' ')}"`);
  return `Bearer ${parts.join(', ')}`;
}
