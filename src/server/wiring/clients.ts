import { ClientService } from '../../oauth/client-service.js';
import { AgentService } from '../../agents/agent-service.js';
import { KeyExchange } from '../../keys/key-exchange.js';
import type { AccessTokens } from '../../tokens/access-tokens.js';
import type { Foundation } from './foundation.js';

/** Credentials that obtain access tokens: OAuth clients, agents, and API keys exchanged for a session token. */
export interface ClientServices {
  clients: ClientService;
  agents: AgentService;
  keyExchange: KeyExchange;
}

export function createClientServices(options: Foundation & { accessTokens: AccessTokens }): ClientServices {
  const { config, db, bus, clock, accessTokens, knownResources } = options;
  return {
    clients: new ClientService({
      db, bus, clock, accessTokens, knownResources,
      acceptedEnvironments: config.keyEnvironments,
      defaultTokenTtlSeconds: config.clientTokenTtlSeconds,
      maxTokenTtlSeconds: config.clientTokenMaxTtlSeconds,
      maxGraceSeconds: config.maxGraceSeconds,
      cacheTtlSeconds: config.keyCacheTtlSeconds,
      cacheMaxEntries: config.keyCacheMaxEntries,
    }),
    agents: new AgentService({
      db, bus, clock, accessTokens, knownResources,
      acceptedEnvironments: config.keyEnvironments,
      defaultTokenTtlSeconds: config.agentTokenTtlSeconds,
      maxTokenTtlSeconds: config.agentTokenMaxTtlSeconds,
    }),
    keyExchange: new KeyExchange({ db, bus, clock, accessTokens, ttlSeconds: config.keyExchangeTtlSeconds }),
  };
}
