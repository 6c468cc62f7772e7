import { parseCidr } from '../lib/cidr.js';
import { parseScope, ScopeSet, type ScopePolicy } from './scopes.js';
import { WardenError, type FieldError } from '../errors/warden-error.js';

/**
 * Checks on what a caller asks a credential (key, client, agent) to be. They answer field errors
 * rather than throw, so one request learns all its mistakes at once (`throwIfErrors`).
 */

export const METADATA_MAX_BYTES = 4096;

/** Each scope well-formed and naming a resource this deployment knows. */
export function scopeErrors(field: string, scopes: readonly string[], knownResources: ReadonlySet<string>): FieldError[] {
  const errors: FieldError[] = [];
  scopes.forEach((scope, index) => {
    const parsed = parseScope(scope);
    if (!parsed) errors.push({ field: `${field}[${index}]`, message: `"${scope}" is not resource:read|write|*` });
    else if (parsed.resource !== '*' && !knownResources.has(parsed.resource)) {
      errors.push({ field: `${field}[${index}]`, message: `unknown resource "${parsed.resource}"` });
    }
  });
  return errors;
}

/**
 * Under WARDEN_SCOPES_WRITE_REQUIRES_READ a write scope without the read scope of its resource
 * grants nothing: such a credential is refused when it is made, not discovered at its first 403.
 */
export function writeWithoutReadErrors(field: string, scopes: readonly string[], policy: ScopePolicy): FieldError[] {
  if (!policy.writeRequiresRead) return [];
  const useless = new Set(new ScopeSet(scopes).writesWithoutRead());
  const errors: FieldError[] = [];
  scopes.forEach((scope, index) => {
    if (!useless.has(scope)) return;
    const read = `${scope.slice(0, scope.indexOf(':'))}:read`;
    errors.push({ field: `${field}[${index}]`, message: `"${scope}" grants nothing without "${read}" (WARDEN_SCOPES_WRITE_REQUIRES_READ): add "${read}", or ask for "${read.replace(':read', ':*')}"` });
  });
  return errors;
}

export function ipErrors(field: string, ips: readonly string[]): FieldError[] {
  return ips.flatMap((ip, index) =>
    parseCidr(ip) ? [] : [{ field: `${field}[${index}]`, message: `"${ip}" is not an IP address or CIDR range` }],
  );
}

export function metadataErrors(field: string, metadata: Record<string, unknown> | undefined): FieldError[] {
  if (metadata === undefined) return [];
  const bytes = Buffer.byteLength(JSON.stringify(metadata));
  return bytes > METADATA_MAX_BYTES ? [{ field, message: `must serialise to at most ${METADATA_MAX_BYTES} bytes (got ${bytes})` }] : [];
}

/**
 * A number of seconds (a token lifetime, a rotation grace period) within the deployment's
 * ceiling; `setting` names the `WARDEN_*` that sets it, so the caller knows whom to ask.
 */
export function secondsErrors(field: string, seconds: number | undefined, maxSeconds: number, setting?: string): FieldError[] {
  if (seconds === undefined || seconds <= maxSeconds) return [];
  return [{ field, message: `must be at most ${maxSeconds}${setting ? ` (${setting})` : ''}` }];
}

export function throwIfErrors(errors: FieldError[]): void {
  if (errors.length > 0) {
    throw new WardenError('validation_failed', errors.map((e) => `${e.field}: ${e.message}`).join('; '), { errors });
  }
}

/** A credential can never hand out scopes it does not hold itself. */
export function assertCovered(holder: ScopeSet, requested: readonly string[]): void {
  const uncovered = holder.uncovered(requested);
  if (uncovered.length > 0) {
    throw new WardenError('insufficient_scope', `You cannot grant scopes you do not hold: ${uncovered.join(', ')}`, {
      extra: { missing_scopes: uncovered },
      bearerError: 'insufficient_scope',
    });
  }
}
