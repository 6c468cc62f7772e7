import type { FastifyRequest } from 'fastify';
import type { ServiceCredential } from '../auth/service-credentials.js';
import type { RequestContext } from '../auth/principal.js';
import type { Clock } from '../lib/clock.js';
import { sha256Hex } from '../lib/hash.js';
import { contextOf } from '../http/auth-hook.js';
import { WardenError } from '../errors/warden-error.js';

/** The header the proxy (nginx, Envoy) sends its service credential in: never the end user's. */
export const SERVICE_CREDENTIAL_HEADER = 'x-warden-service-credential';
/**
 * How long a checked service credential is believed at the decision endpoint. Each check is a
 * database read and an audited use; a proxy asks for every request. A revocation holds here
 * within this time on every instance (at /v1/verify: at the next call).
 */
export const DECISION_CALLER_CACHE_MS = 10_000;
const CACHE_MAX_ENTRIES = 256;

export type AuthenticateService = (secret: string, context: Omit<RequestContext, 'actor'>) => Promise<ServiceCredential | null>;

/**
 * WARDEN_DECISIONS_REQUIRE_SERVICE_CREDENTIAL=on: only a caller holding a deployment-level service
 * credential (the proxy) may ask the decision endpoint, since its 200 hands out a signed
 * X-Warden-Identity an upstream trusts. Missing or unknown → 401 `service_credential_required`.
 */
export class DecisionCallers {
  /** By the secret's SHA-256: when the answer (the credential, or null) stops being believed. */
  private readonly checked = new Map<string, { service: ServiceCredential | null; untilMs: number }>();

  constructor(private readonly authenticate: AuthenticateService, private readonly clock: Clock) {}

  async admit(request: FastifyRequest): Promise<ServiceCredential> {
    const value = request.headers[SERVICE_CREDENTIAL_HEADER];
    const secret = Array.isArray(value) ? value[0] : value;
    if (!secret) throw new WardenError('service_credential_required', `The decision endpoint needs the proxy's service credential in ${SERVICE_CREDENTIAL_HEADER}`);
    const nowMs = this.clock.nowMs();
    const hash = sha256Hex(secret);
    let entry = this.checked.get(hash);
    if (!entry || entry.untilMs <= nowMs) {
      const { actor: _anonymous, ...context } = contextOf(request, null);
      entry = { service: await this.authenticate(secret, context), untilMs: nowMs + DECISION_CALLER_CACHE_MS };
      if (this.checked.size >= CACHE_MAX_ENTRIES) this.checked.clear();
      this.checked.set(hash, entry);
    }
    if (!entry.service) throw new WardenError('service_credential_required', 'Unknown or revoked service credential');
    return entry.service;
  }
}
