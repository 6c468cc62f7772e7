/** Query parameters whose values are credentials or secrets: never stored or logged as sent. */
const SECRET_PARAMS = new Set([
  'token', 'ticket', 'key', 'api_key', 'apikey', 'access_token', 'refresh_token', 'id_token', 'client_secret', 'secret', 'password', 'code', 'signature',
]);

/** The request target with secret query values replaced by `[redacted]` (`/v1/events/stream?token=[redacted]&type=x`). */
export function redactPath(url: string): string {
  const q = url.indexOf('?');
  if (q === -1) return url;
  const params = new URLSearchParams(url.slice(q + 1));
  let changed = false;
  for (const name of new Set(params.keys())) {
    if (SECRET_PARAMS.has(name.toLowerCase())) {
      params.set(name, '[redacted]');
      changed = true;
    }
  }
  if (!changed) return url;
  return `${url.slice(0, q)}?${params.toString().replace(/%5Bredacted%5D/g, '[redacted]')}`;
}
