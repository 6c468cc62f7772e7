import { OAuthError } from './oauth-error.js';

export interface ClientCredentials {
  clientId: string;
  clientSecret: string;
  method: 'client_secret_basic' | 'client_secret_post';
}

/** RFC 6749 §2.3.1: the Basic user-id and password are form-urlencoded before base64. */
function formDecode(value: string): string {
  if (!value.includes('%') && !value.includes('+')) return value;
  return decodeURIComponent(value.replace(/\+/g, ' '));
}

/**
 * The client's credentials from `Authorization: Basic` (client_secret_basic) or from the body
 * (client_secret_post) — exactly one of them (RFC 6749 §2.3).
 */
export function clientCredentialsOf(authorization: string | undefined, form: Record<string, string>): ClientCredentials {
  const inBody = form.client_secret !== undefined;
  if (authorization !== undefined && /^basic /i.test(authorization)) {
    if (inBody) throw new OAuthError('invalid_request', 'Use one client authentication method: Basic or client_secret in the body, not both');
    const decoded = Buffer.from(authorization.slice(6).trim(), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon <= 0) throw new OAuthError('invalid_client', 'The Basic credentials are malformed');
    let clientId: string;
    let clientSecret: string;
    try {
      clientId = formDecode(decoded.slice(0, colon));
      clientSecret = formDecode(decoded.slice(colon + 1));
    } catch {
      throw new OAuthError('invalid_client', 'The Basic credentials are malformed');
    }
    if (form.client_id !== undefined && form.client_id !== clientId) {
      throw new OAuthError('invalid_request', 'client_id in the body differs from the Basic credentials');
    }
    return { clientId, clientSecret, method: 'client_secret_basic' };
  }
  if (inBody) {
    if (form.client_id === undefined) throw new OAuthError('invalid_request', 'client_id is required with client_secret');
    return { clientId: form.client_id, clientSecret: form.client_secret!, method: 'client_secret_post' };
  }
  throw new OAuthError('invalid_client', 'Client authentication is required (client_secret_basic or client_secret_post)');
}
