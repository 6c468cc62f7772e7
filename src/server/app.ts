import { readFileSync } from 'node:fs';
import Fastify, { LogController, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Database } from '../store/database.js';
import type { Bus } from '../store/bus/bus.js';
import type { RateLimitEngine } from '../ratelimit/engine.js';
import type { Clock } from '../lib/clock.js';
import { publicUrlOf, type WardenConfig } from './config.js';
import { resealSecrets } from './reseal-secrets.js';
import { createServices, type Services } from './services.js';
import { frameworkErrorProblem, registerErrorHandler } from '../http/error-handler.js';
import { sendProblem } from '../http/problem.js';
import { REQUEST_ID_HEADER, requestIdGenerator } from '../http/request-id.js';
import { registerJsonParser } from './json-body.js';
import { registerOpenApi } from './openapi.js';
import { registerTransportSecurity } from './transport-security.js';
import { healthRoutes } from './health-routes.js';
import { metricsRoutes } from './metrics-routes.js';
import { trustedProxyMatcher } from './trust-proxy.js';
import type { AuthKit } from '../http/auth-hook.js';
import { keyRoutes } from '../keys/key-routes.js';
import { verifyRoutes } from '../keys/verify-routes.js';
import { meRoutes } from '../auth/me-routes.js';
import { accountRoutes } from '../sessions/account-routes.js';
import { sessionRoutes } from '../sessions/session-routes.js';
import { passwordRoutes } from '../sessions/password-routes.js';
import { jwksRoutes } from '../tokens/jwks-routes.js';
import { twoFactorRoutes } from '../twofactor/two-factor-routes.js';
import { workspaceRoutes } from '../workspaces/workspace-routes.js';
import { oauthRoutes } from '../oauth/oauth-routes.js';
import { clientRoutes } from '../oauth/client-routes.js';
import { agentRoutes } from '../agents/agent-routes.js';
import { registerRequestAudit } from '../audit/request-audit.js';
import { eventRoutes } from '../audit/event-routes.js';
import { streamRoutes } from '../live/stream-routes.js';
import { chainRoutes } from '../audit/chain-routes.js';
import { usageRoutes } from '../usage/usage-routes.js';
import { openClusterParts } from './cluster.js';
import { loadGatewayTable } from '../gateway/routes-file.js';
import { gatewayRoutes } from '../gateway/gateway-plugin.js';
import { ServiceCredentials } from '../auth/service-credentials.js';
import { InvalidationFeed } from '../live/invalidation-feed.js';
import { invalidationRoutes } from '../live/invalidation-routes.js';
import { sessionIdsOfHashes } from '../sessions/sessions.js';
import { browserSessionRoutes } from '../sessions/browser-session-routes.js';
import { dashboardRoutes } from '../dashboard/dashboard-routes.js';

declare module 'fastify' {
  interface FastifyInstance {
    warden: Services;
  }
}

export interface BuildAppOptions {
  config: WardenConfig;
  db: Database;
  clock?: Clock;
  bus?: Bus;
  rateLimitEngine?: RateLimitEngine;
  logger?: FastifyServerOptions['logger'];
}

const REDACTED_HEADERS = ['req.headers.authorization', 'req.headers["x-api-key"]', 'req.headers.cookie'];

/** Assembles Warden: plugins, routes and the services behind them. Closing the app closes the store. */
export async function buildApp(options: BuildAppOptions): Promise<FastifyInstance> {
  const { config } = options;
  const gatewayTable = loadGatewayTable(config); // a bad routes file stops start-up before anything opens
  const tls = config.tlsCert && config.tlsKey
    ? { https: { cert: readFileSync(config.tlsCert), key: readFileSync(config.tlsKey) } }
    : {};
  const app = Fastify({
    // `silent` means no logger at all: fastify then skips its per-request child logger.
    logger: options.logger ?? (config.logLevel === 'silent' ? false : { level: config.logLevel, redact: { paths: REDACTED_HEADERS, censor: '[redacted]' } }),
    // Request logs would carry query strings; the audit trail records requests instead.
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: trustedProxyMatcher(config.trustedProxies),
    bodyLimit: 64 * 1024,
    // No type coercion: `{"key": 42}` is a 400, not the string "42". Query strings are parsed by their routes.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, useDefaults: true, allErrors: true } },
    routerOptions: { ignoreTrailingSlash: true },
    frameworkErrors: (error, _request, reply) => sendProblem(reply, frameworkErrorProblem(error)),
    // Every answer carries X-Request-Id (the onRequest hook below; problems also name it in `request_id`).
    requestIdHeader: false,
    genReqId: requestIdGenerator(),
    ...tls,
  }) as unknown as FastifyInstance;

  const cluster = config.redisUrl && !options.bus && !options.rateLimitEngine
    ? await openClusterParts({ redisUrl: config.redisUrl, prefix: config.redisPrefix, busDownCacheSeconds: config.busDownCacheSeconds }, app.log)
    : null;
  const services = createServices({
    config, db: options.db, logger: app.log, clock: options.clock,
    bus: options.bus ?? cluster?.bus,
    rateLimitEngine: options.rateLimitEngine ?? cluster?.rateLimitEngine,
    kv: cluster?.kv,
  });
  app.decorate('warden', services);
  // Secrets at rest: seal what is not sealed with the current key, before anything reads them.
  if (config.secretKeys === undefined && config.env === 'production') {
    app.log.warn('WARDEN_SECRET_KEY is not set: token signing keys and TOTP seeds are stored unencrypted');
  }
  const resealed = await resealSecrets(options.db, services.secrets).catch(async (error: unknown) => {
    await services.close();
    throw error;
  });
  if (resealed > 0) app.log.info({ resealed }, 'sealed stored secrets with the current WARDEN_SECRET_KEY');
  // Signing keys: load (or create) now, then look again hourly so rotation happens on schedule.
  await services.signingKeys.refresh();
  await services.denyList.start();
  const keyRefresh = setInterval(() => {
    services.signingKeys.refresh().catch((error: unknown) => app.log.warn({ err: error }, 'signing key refresh failed; will retry'));
  }, 3_600_000);
  keyRefresh.unref();
  app.addHook('onClose', async () => clearInterval(keyRefresh));
  app.decorateRequest('principal', null);
  // Open event streams would keep the server from closing: end them first.
  app.addHook('preClose', async () => services.liveStreams.close());
  app.addHook('onClose', async () => services.close());

  app.addHook('onRequest', (request, reply, done) => {
    reply.header(REQUEST_ID_HEADER, request.id);
    done();
  });
  registerErrorHandler(app);
  app.decorateRequest('endpointClass', null);
  if (config.auditRequests === 'all') registerRequestAudit(app, { requestWriter: services.requestWriter, clock: services.clock });
  registerJsonParser(app);
  if (config.env === 'production') registerTransportSecurity(app, { hstsMaxAgeSeconds: config.hstsMaxAgeSeconds });
  await registerOpenApi(app, { publicUrl: publicUrlOf(config), keyFormat: services.keyFormat });

  const { db, bus, clock } = services;
  const authKit: AuthKit = { authenticator: services.authenticator, limiter: services.limiter, clock, scopePolicy: services.scopePolicy };
  const accepted = { acceptedEnvironments: config.keyEnvironments, deploymentResources: config.scopeResources };
  await app.register(healthRoutes, { db, bus, readyzTimeoutMs: config.readyzTimeoutMs });
  await app.register(metricsRoutes, { requestWriter: services.requestWriter, bus, limiter: services.limiter, liveStreams: services.liveStreams });
  await app.register(accountRoutes, {
    authKit, authenticator: services.authenticator, accounts: services.accounts, keyExchange: services.keyExchange, refreshTokens: services.refreshTokens, db, bus, clock,
  });
  // Browser sessions: Secure cookies whenever the deployment is reached over HTTPS.
  await app.register(browserSessionRoutes, { authKit, accounts: services.accounts, secure: config.env === 'production' || publicUrlOf(config).startsWith('https:') });
  await app.register(dashboardRoutes, { dir: config.dashboardDir });
  await app.register(meRoutes, { authKit });
  await app.register(sessionRoutes, { authKit, sessionService: services.sessionService });
  await app.register(passwordRoutes, { authKit, accounts: services.accounts, passwordResets: services.passwordResets });
  await app.register(jwksRoutes, { signingKeys: services.signingKeys });
  await app.register(twoFactorRoutes, { authKit, db, twoFactor: services.twoFactor });
  await app.register(workspaceRoutes, { authKit, workspaces: services.workspaces });
  const serviceCredentials = new ServiceCredentials({ db, clock, keyPrefix: config.keyPrefix });
  await app.register(verifyRoutes, {
    authKit, keyVerifier: services.keyVerifier, ...accepted, verifyPerMinute: config.rateLimitVerify, serviceCredentials,
  });
  // Credential invalidations for the middleware of the company's services (sdk/src/middleware).
  const invalidationFeed = new InvalidationFeed(bus, (hashes) => sessionIdsOfHashes(db, hashes), (error) => app.log.warn({ err: error }, 'invalidation stream: session lookup failed'));
  app.addHook('onClose', async () => invalidationFeed.close());
  await app.register(invalidationRoutes, { feed: invalidationFeed, serviceCredentials, heartbeatSeconds: config.sseHeartbeatSeconds });
  await app.register(oauthRoutes, {
    authKit, authenticator: services.authenticator, clients: services.clients, accessTokens: services.accessTokens, denyList: services.denyList, db,
    issuer: publicUrlOf(config), ...accepted,
  });
  await app.register(clientRoutes, { authKit, clients: services.clients, idempotency: services.idempotency });
  await app.register(agentRoutes, { authKit, agents: services.agents, idempotency: services.idempotency });
  await app.register(eventRoutes, { authKit, db });
  await app.register(streamRoutes, { authKit, db, liveStreams: services.liveStreams, streamTickets: services.streamTickets, streamAccess: services.streamAccess });
  await app.register(chainRoutes, {
    authKit, db, clock, requestWriter: services.requestWriter, verifyPageEvents: config.auditVerifyPageEvents,
    signStatement: (typ, claims) => services.accessTokens.signStatement(typ, claims),
  });
  await app.register(usageRoutes, { authKit, db, clock });
  const keys = { authKit, keys: services.keys, sessionOnly: config.keyManagement === 'session', idempotency: services.idempotency };
  await app.register(keyRoutes, { ...keys, prefix: '/v1/keys' });
  // Seed 004 (Sly) reads its create answer bare on its own path; seed 000 reads {data} on /v1/keys.
  await app.register(keyRoutes, { ...keys, bare: config.apiKeysEnvelope === 'bare', prefix: '/v1/api-keys' });
  if (gatewayTable) {
    await app.register(gatewayRoutes, {
      authKit, table: gatewayTable, clock,
      perIpPerMinute: { standard: config.rateLimitStandard, write: config.rateLimitWrite, upload: config.rateLimitUpload },
      signStatement: (typ, claims) => services.accessTokens.signStatement(typ, claims),
      decisionCallersAuthenticate: config.decisionsRequireServiceCredential === 'on'
        ? (secret, context) => serviceCredentials.authenticate(secret, context)
        : undefined,
    });
  }
  return app;
}
