import { sha256Hex } from '../lib/hash.js';
import { newId, isId } from '../lib/ids.js';
import { randomBase62 } from '../lib/base62.js';
import type { Principal, RequestContext } from '../auth/principal.js';
import { recordAuditEvent } from '../audit/record-audit-event.js';
import { WardenError, validationFailed } from '../errors/warden-error.js';
import { changedFields, CredentialLifecycle, type CredentialServiceOptions, type CredentialUpdateInput, type NewCredentialInput } from '../auth/credential-lifecycle.js';
import { environmentFor } from '../auth/environments.js';
import { assertCovered, metadataErrors, scopeErrors, secondsErrors, throwIfErrors } from '../auth/credential-rules.js';
import type { AccessTokens } from '../tokens/access-tokens.js';
import { findLiveGrantOf, insertGrant, renewGrant, revokeGrantsOf } from '../grants/grants.js';
import { invalidateGrants } from '../grants/grant-verifier.js';
import { publicKeyObject, rawEd25519PublicKey, verifyEd25519, type PublicKeyInput } from './ed25519.js';
import * as store from './agent-store.js';
import { pageOf } from '../lib/page.js';

export interface CreateAgentInput extends NewCredentialInput {
  public_key: PublicKeyInput;
  max_token_ttl_seconds?: number | undefined;
}

export interface UpdateAgentInput extends CredentialUpdateInput {
  public_key?: PublicKeyInput | undefined;
  max_token_ttl_seconds?: number | undefined;
}

export interface AgentServiceOptions extends CredentialServiceOptions {
  accessTokens: AccessTokens;
  /** Default token lifetime (15 min) and the most an agent may be allowed. */
  defaultTokenTtlSeconds: number;
  maxTokenTtlSeconds: number;
  /** How long a login challenge may be signed and answered; default 60 s. */
  challengeTtlSeconds?: number;
}

export interface AgentToken {
  accessToken: string;
  expiresIn: number;
  scope: string;
}

const PRUNE_EVERY_CHALLENGES = 100;
const DEFAULT_CHALLENGE_TTL_SECONDS = 60;

function publicKeyOf(field: string, input: PublicKeyInput): string {
  const raw = rawEd25519PublicKey(input);
  if (!raw) throw validationFailed(field, 'must be an Ed25519 public key: a JWK {kty: "OKP", crv: "Ed25519", x} or the raw 32 bytes in base64url');
  return raw.toString('base64url');
}

const challengeFailed = (detail: string): WardenError => new WardenError('challenge_invalid', detail);

/**
 * Agents (seed 004): a registered Ed25519 public key instead of a long-lived secret. The agent
 * asks for a challenge (single use, 60 s), signs it and gets a short-lived access token whose
 * `sid` is the agent's grant: revoking the agent, changing its key or its scopes ends its tokens.
 */
export class AgentService {
  private challengesSincePrune = 0;

  private readonly lifecycle: CredentialLifecycle<store.AgentRow>;

  constructor(private readonly options: AgentServiceOptions) {
    this.lifecycle = new CredentialLifecycle({
      db: options.db,
      noun: 'agent',
      targetType: 'agent',
      find: (tx, workspaceId, id) => store.findAgent(tx, workspaceId, id, true),
      // Agents are not cached by id: ending their grants is all other instances need to hear.
      invalidate: (_id, endedGrants) => invalidateGrants(options.bus, endedGrants),
    });
  }

  private ttlCheck(ttlSeconds: number | undefined): void {
    throwIfErrors(secondsErrors('max_token_ttl_seconds', ttlSeconds, this.options.maxTokenTtlSeconds, 'WARDEN_AGENT_TOKEN_MAX_TTL_SECONDS'));
  }

  async create(principal: Principal, input: CreateAgentInput, context: RequestContext): Promise<store.AgentView> {
    const environment = environmentFor(input.environment, principal, this.options.acceptedEnvironments, 'agents');
    throwIfErrors([...scopeErrors('scopes', input.scopes, this.options.knownResources), ...metadataErrors('metadata', input.metadata)]);
    const publicKey = publicKeyOf('public_key', input.public_key);
    this.ttlCheck(input.max_token_ttl_seconds);
    assertCovered(principal.scopes, input.scopes);
    const nowMs = this.options.clock.nowMs();
    const row = await this.options.db.transaction(async (tx) => {
      const created = await store.insertAgent(tx, {
        id: newId('agt', nowMs),
        workspaceId: principal.workspaceId,
        name: input.name,
        environment,
        scopes: [...new Set(input.scopes)],
        publicKey,
        maxTokenTtlSeconds: input.max_token_ttl_seconds ?? this.options.defaultTokenTtlSeconds,
        metadata: input.metadata ?? {},
        createdBy: context.actor,
      });
      await insertGrant(tx, { id: newId('grt', nowMs), kind: 'agent', subjectId: created.id, workspaceId: created.workspace_id, environment });
      await this.lifecycle.recordCreated(tx, { principal, context, event: 'agent.created', credential: created });
      return created;
    });
    return store.toAgentView(row);
  }

  async list(workspaceId: string, limit: number, cursor: string | undefined): Promise<{ agents: store.AgentView[]; nextCursor: string | null }> {
    const rows = await store.listAgents(this.options.db, workspaceId, cursor, limit + 1);
    const { items, nextCursor } = pageOf(rows, limit);
    return { agents: items.map(store.toAgentView), nextCursor };
  }

  async get(workspaceId: string, id: string): Promise<store.AgentView> {
    return store.toAgentView(this.lifecycle.found(await store.findAgent(this.options.db, workspaceId, id), id));
  }

  async update(principal: Principal, id: string, input: UpdateAgentInput, context: RequestContext): Promise<store.AgentView> {
    throwIfErrors([
      ...(input.scopes ? scopeErrors('scopes', input.scopes, this.options.knownResources) : []),
      ...metadataErrors('metadata', input.metadata),
    ]);
    const publicKey = input.public_key === undefined ? undefined : publicKeyOf('public_key', input.public_key);
    this.ttlCheck(input.max_token_ttl_seconds);
    const row = await this.lifecycle.change({
      principal, context, id,
      event: 'agent.updated',
      check: (current) => {
        if (current.revoked_at) throw new WardenError('key_inactive', `Agent ${id} is revoked`);
        return undefined;
      },
      change: async (tx, current) => {
        if (input.scopes) assertCovered(principal.scopes, input.scopes);
        let endedGrants: string[] = [];
        if (input.scopes || (publicKey !== undefined && publicKey !== current.public_key)) {
          // Its tokens were issued for the old key or scopes: a new grant starts, the old tokens end.
          const nowMs = this.options.clock.nowMs();
          endedGrants = await renewGrant(tx, { kind: 'agent', id, workspaceId: current.workspace_id, environment: current.environment }, nowMs);
        }
        const updated = await store.updateAgent(tx, id, {
          name: input.name,
          scopes: input.scopes ? [...new Set(input.scopes)] : undefined,
          publicKey,
          maxTokenTtlSeconds: input.max_token_ttl_seconds,
          metadata: input.metadata,
        });
        return { kind: 'changed', result: updated, endedGrants, auditData: { changed: changedFields(input), tokens_revoked: endedGrants.length > 0 } };
      },
    });
    return store.toAgentView(row);
  }

  /** Idempotent: revoking a revoked agent answers it as it is. Its tokens are refused at once. */
  async revoke(principal: Principal, id: string, context: RequestContext): Promise<store.AgentView> {
    const row = await this.lifecycle.change({
      principal, context, id,
      event: 'agent.revoked',
      check: (current) => (current.revoked_at ? { kind: 'as_is', result: current } : undefined),
      change: async (tx) => {
        const now = new Date(this.options.clock.nowMs());
        const revoked = await store.revokeAgent(tx, id, now);
        return { kind: 'changed', result: revoked, endedGrants: await revokeGrantsOf(tx, id, now) };
      },
    });
    return store.toAgentView(row);
  }

  /**
   * A single-use challenge for the agent to sign. Unknown or revoked agents get one too (never
   * stored, so it cannot be redeemed): the answer does not tell which agent ids exist.
   */
  async challenge(agentId: string): Promise<{ challenge: string; expiresIn: number }> {
    const nowMs = this.options.clock.nowMs();
    const challenge = `warden-agent-challenge:${agentId}:${randomBase62(32)}`;
    const agent = isId('agt', agentId) ? await store.findAgentById(this.options.db, agentId) : null;
    if (agent && !agent.revoked_at) {
      await store.insertChallenge(this.options.db, sha256Hex(challenge), agentId, new Date(nowMs + (this.options.challengeTtlSeconds ?? DEFAULT_CHALLENGE_TTL_SECONDS) * 1000));
      if (++this.challengesSincePrune >= PRUNE_EVERY_CHALLENGES) {
        this.challengesSincePrune = 0;
        await store.pruneChallenges(this.options.db, new Date(nowMs));
      }
    }
    return { challenge, expiresIn: this.options.challengeTtlSeconds ?? DEFAULT_CHALLENGE_TTL_SECONDS };
  }

  /** Signature over the challenge's UTF-8 bytes → access token. The challenge is used up only by a valid signature. */
  async token(input: { agentId: string; challenge: string; signature: string; ttlSeconds?: number | undefined }, context: RequestContext): Promise<AgentToken> {
    const nowMs = this.options.clock.nowMs();
    const agent = isId('agt', input.agentId) ? await store.findAgentById(this.options.db, input.agentId) : null;
    if (!agent || agent.revoked_at) throw challengeFailed('The challenge is unknown, used or expired, or the agent is not active');
    if (!this.options.acceptedEnvironments.includes(agent.environment)) {
      throw new WardenError('environment_forbidden', `This deployment accepts only ${this.options.acceptedEnvironments.join(' and ')} credentials`);
    }
    if (!verifyEd25519(publicKeyObject(Buffer.from(agent.public_key, 'base64url')), Buffer.from(input.challenge, 'utf8'), input.signature)) {
      throw new WardenError('invalid_signature', 'The signature does not verify with the agent\'s public key');
    }
    const ttlSeconds = Math.min(input.ttlSeconds ?? this.options.defaultTokenTtlSeconds, agent.max_token_ttl_seconds);
    const grant = await this.options.db.transaction(async (tx) => {
      if (!(await store.consumeChallenge(tx, sha256Hex(input.challenge), agent.id, new Date(nowMs)))) {
        throw challengeFailed('The challenge is unknown, used or expired, or the agent is not active');
      }
      const live = await findLiveGrantOf(tx, agent.id);
      if (!live) throw challengeFailed('The agent is not active');
      await recordAuditEvent(tx, {
        workspaceId: agent.workspace_id,
        type: 'agent.authenticated',
        context: { ...context, actor: { type: 'agent', id: agent.id } },
        target: { type: 'agent', id: agent.id },
        data: { expires_in: ttlSeconds },
      });
      return live;
    });
    const scope = agent.scopes.join(' ');
    const accessToken = await this.options.accessTokens.issue(
      { sub: agent.id, sid: grant.id, scope, workspace_id: agent.workspace_id, environment: agent.environment },
      ttlSeconds,
    );
    return { accessToken, expiresIn: ttlSeconds, scope };
  }
}
