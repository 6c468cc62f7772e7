import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it, expect } from 'vitest';
import { ConfigError, SETTINGS, auditSpoolDirOf, loadConfig, publicUrlOf, type ConfigSource, type WardenConfig } from './config.js';

let dir: string;
let certFile: string;
let keyFile: string;
let fileCounter = 0;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'warden-config-test-'));
  certFile = join(dir, 'cert.pem');
  keyFile = join(dir, 'key.pem');
  writeFileSync(certFile, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
  writeFileSync(keyFile, '-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n');
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function writeTempFile(content: string): string {
  const path = join(dir, `config-${++fileCounter}.json`);
  writeFileSync(path, content);
  return path;
}

function configError(env: ConfigSource): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error(`loadConfig(${JSON.stringify(env)}) did not throw`);
}

function expectConfigError(env: ConfigSource, setting: string, detail?: RegExp): ConfigError {
  const error = configError(env);
  expect(error.name).toBe('ConfigError');
  expect(error.setting).toBe(setting);
  expect(error.message).toContain(`Invalid setting ${setting}: `);
  if (detail) expect(error.message).toMatch(detail);
  return error;
}

const DAY = 86_400;

const DEFAULTS: WardenConfig = {
  env: 'development',
  host: '127.0.0.1',
  port: 8080,
  publicUrl: undefined,
  dashboardDir: undefined,
  dataDir: './data',
  databaseUrl: undefined,
  databaseMaxConnections: 10,
  databaseConnectTimeoutMs: 2000,
  databaseQueryTimeoutMs: 15_000,
  readyzTimeoutMs: 1000,
  redisUrl: undefined,
  logLevel: 'info',
  tlsCert: undefined,
  tlsKey: undefined,
  trustedProxies: [],
  hstsMaxAgeSeconds: 365 * DAY,
  keyPrefix: 'wk',
  keyType: '',
  keyFormat: 'env',
  keyEnvironments: ['live', 'test'],
  scopeResources: [],
  writeRequiresRead: false,
  apiKeysEnvelope: 'data',
  keyManagement: 'any',
  registration: 'open',
  maxGraceSeconds: 7 * DAY,
  keyCacheTtlSeconds: 300,
  keyCacheMaxEntries: 100_000,
  negativeCacheTtlSeconds: 30,
  lastUsedFlushMs: 5000,
  loginFreeFailures: 5,
  loginIpFreeFailures: 50,
  loginMaxBlockSeconds: 900,
  smtpUrl: undefined,
  outboxDir: undefined,
  mailFrom: 'Warden <no-reply@localhost>',
  passwordResetTtlSeconds: 1800,
  accessTokenTtlSeconds: 900,
  clientTokenTtlSeconds: 3600,
  clientTokenMaxTtlSeconds: DAY,
  keyExchangeTtlSeconds: 7200,
  agentTokenTtlSeconds: 900,
  agentTokenMaxTtlSeconds: 3600,
  tokenAudience: undefined,
  signingKeyRotationSeconds: 30 * DAY,
  refreshTokenTtlSeconds: 7 * DAY,
  refreshReuseGraceSeconds: 5,
  totpIssuer: 'Warden',
  secretKeys: undefined,
  workerThreads: 1,
  auditThread: 'off',
  passwordHashConcurrency: 0,
  gatewayConfig: undefined,
  decisionsRequireServiceCredential: 'off',
  sessionIdleSeconds: DAY,
  sessionMaxAgeSeconds: 30 * DAY,
  auditRequests: 'all',
  auditFlushMs: 200,
  auditQueueMax: 200000,
  auditSpoolDir: undefined,
  auditRetentionDays: 365,
  auditRequestRetentionDays: 90,
  auditCheckpointMinutes: 60,
  auditVerifyPageEvents: 10000,
  sseHeartbeatSeconds: 15,
  busDownCacheSeconds: 1,
  redisPrefix: 'warden:',
  rateLimits: 'on',
  rateLimitStandard: 1000,
  rateLimitWrite: 200,
  rateLimitUpload: 30,
  rateLimitAuth: 10,
  rateLimitWorkspace: 10000,
  rateLimitAuthFailures: 60,
  rateLimitVerify: 60000,
  rateLimitPerIp: 0,
};

describe('loadConfig defaults', () => {
  it('returns every default for an empty environment', () => {
    const config = loadConfig({});
    expect(config).toEqual(DEFAULTS);
    expect(Object.keys(config).sort()).toEqual(Object.keys(DEFAULTS).sort());
    expect(Object.keys(config).sort()).toEqual(Object.keys(SETTINGS).sort());
  });

  it('treats empty-string variables as unset', () => {
    expect(loadConfig({ PORT: '', WARDEN_ENV: '', WARDEN_KEY_PREFIX: '', TRUSTED_PROXIES: '' })).toEqual(DEFAULTS);
  });

  it('ignores unrelated variables', () => {
    expect(loadConfig({ PATH: '/usr/bin', HOME: '/root', SOMETHING_ELSE: 'x' })).toEqual(DEFAULTS);
  });
});

describe('loadConfig values', () => {
  it('parses valid values of each kind', () => {
    const config = loadConfig({
      WARDEN_ENV: 'production',
      HOST: '0.0.0.0',
      PORT: '443',
      WARDEN_PUBLIC_URL: 'https://auth.example.com/',
      DATABASE_URL: 'postgres://u:p@db:5432/warden',
      WARDEN_KEY_PREFIX: 'bk',
      WARDEN_KEY_TYPE: 'sk',
      WARDEN_SCOPES_WRITE_REQUIRES_READ: 'true',
      WARDEN_LOG_LEVEL: 'debug',
      WARDEN_REGISTRATION: 'closed',
      TRUSTED_PROXIES: '10.0.0.0/8, 2001:db8::/32,192.168.1.1',
    });
    expect(config).toMatchObject({
      env: 'production',
      host: '0.0.0.0',
      port: 443,
      publicUrl: 'https://auth.example.com/',
      databaseUrl: 'postgres://u:p@db:5432/warden',
      keyPrefix: 'bk',
      keyType: 'sk',
      writeRequiresRead: true,
      logLevel: 'debug',
      registration: 'closed',
      trustedProxies: ['10.0.0.0/8', '2001:db8::/32', '192.168.1.1'],
    });
  });

  it('accepts port bounds 0 and 65535', () => {
    expect(loadConfig({ PORT: '0' }).port).toBe(0);
    expect(loadConfig({ PORT: '65535' }).port).toBe(65535);
  });

  it('parses booleans in their accepted spellings', () => {
    for (const raw of ['true', 'TRUE', '1', 'yes', 'on', ' On ']) {
      expect(loadConfig({ WARDEN_SCOPES_WRITE_REQUIRES_READ: raw }).writeRequiresRead, raw).toBe(true);
    }
    for (const raw of ['false', 'False', '0', 'no', 'off']) {
      expect(loadConfig({ WARDEN_SCOPES_WRITE_REQUIRES_READ: raw }).writeRequiresRead, raw).toBe(false);
    }
  });

  it('parses WARDEN_SCOPE_RESOURCES as a trimmed comma-separated list', () => {
    expect(loadConfig({ WARDEN_SCOPE_RESOURCES: 'deals, documents' }).scopeResources).toEqual(['deals', 'documents']);
    expect(loadConfig({ WARDEN_SCOPE_RESOURCES: ' deals ,documents,, transfers ,' }).scopeResources).toEqual([
      'deals', 'documents', 'transfers',
    ]);
    expect(loadConfig({ WARDEN_SCOPE_RESOURCES: 'deals' }).scopeResources).toEqual(['deals']);
  });

  it('accepts TLS_CERT and TLS_KEY together', () => {
    const config = loadConfig({ TLS_CERT: certFile, TLS_KEY: keyFile });
    expect(config.tlsCert).toBe(certFile);
    expect(config.tlsKey).toBe(keyFile);
  });
});

describe('auditSpoolDirOf', () => {
  it('defaults under the data directory; off, or an in-memory data directory, means no spool; a path wins', () => {
    expect(auditSpoolDirOf(loadConfig({}))).toBe(join('./data', 'spool'));
    expect(auditSpoolDirOf(loadConfig({ WARDEN_DATA_DIR: '/var/lib/warden' }))).toBe('/var/lib/warden/spool');
    expect(auditSpoolDirOf(loadConfig({ WARDEN_AUDIT_SPOOL_DIR: 'off' }))).toBeUndefined();
    expect(auditSpoolDirOf(loadConfig({ WARDEN_DATA_DIR: 'memory://' }))).toBeUndefined();
    expect(auditSpoolDirOf(loadConfig({ WARDEN_DATA_DIR: 'memory://', WARDEN_AUDIT_SPOOL_DIR: '/tmp/spool' }))).toBe('/tmp/spool');
  });
});

describe('loadConfig rejects wrong values, naming the setting', () => {
  it('PORT=abc', () => {
    expectConfigError({ PORT: 'abc' }, 'PORT', /whole number.*"abc"/);
  });

  it('PORT out of range (70000, -1) or not a whole number', () => {
    expectConfigError({ PORT: '70000' }, 'PORT', /between 0 and 65535.*70000/);
    expectConfigError({ PORT: '65536' }, 'PORT');
    expectConfigError({ PORT: '-1' }, 'PORT');
    expectConfigError({ PORT: '80.5' }, 'PORT');
    expectConfigError({ PORT: '1e3' }, 'PORT');
    expectConfigError({ PORT: '0x50' }, 'PORT');
  });

  it('WARDEN_ENV=prod', () => {
    expectConfigError({ WARDEN_ENV: 'prod' }, 'WARDEN_ENV', /development, production.*"prod"/);
    expectConfigError({ WARDEN_ENV: 'Production' }, 'WARDEN_ENV');
  });

  it('WARDEN_KEY_PREFIX=Bad_', () => {
    expectConfigError({ WARDEN_KEY_PREFIX: 'Bad_' }, 'WARDEN_KEY_PREFIX', /"Bad_"/);
    expectConfigError({ WARDEN_KEY_PREFIX: 'w' }, 'WARDEN_KEY_PREFIX');
    expectConfigError({ WARDEN_KEY_PREFIX: '1wk' }, 'WARDEN_KEY_PREFIX');
    expectConfigError({ WARDEN_KEY_PREFIX: 'abcdefghijk' }, 'WARDEN_KEY_PREFIX');
  });

  it('WARDEN_KEY_TYPE with a wrong shape', () => {
    expectConfigError({ WARDEN_KEY_TYPE: 'SK' }, 'WARDEN_KEY_TYPE');
    expectConfigError({ WARDEN_KEY_TYPE: 's' }, 'WARDEN_KEY_TYPE');
    expectConfigError({ WARDEN_KEY_TYPE: 'sk_' }, 'WARDEN_KEY_TYPE');
  });

  it('TRUSTED_PROXIES=not-an-ip (alone or in a list)', () => {
    expectConfigError({ TRUSTED_PROXIES: 'not-an-ip' }, 'TRUSTED_PROXIES', /"not-an-ip"/);
    expectConfigError({ TRUSTED_PROXIES: '10.0.0.0/8, 1.2.3.4/33' }, 'TRUSTED_PROXIES', /"1\.2\.3\.4\/33"/);
  });

  it('WARDEN_SCOPES_WRITE_REQUIRES_READ=maybe', () => {
    expectConfigError({ WARDEN_SCOPES_WRITE_REQUIRES_READ: 'maybe' }, 'WARDEN_SCOPES_WRITE_REQUIRES_READ', /"maybe"/);
  });

  it('WARDEN_SCOPE_RESOURCES naming a reserved Warden resource', () => {
    expectConfigError({ WARDEN_SCOPE_RESOURCES: 'api-keys' }, 'WARDEN_SCOPE_RESOURCES', /"api-keys"/);
    expectConfigError({ WARDEN_SCOPE_RESOURCES: 'deals, workspaces' }, 'WARDEN_SCOPE_RESOURCES', /"workspaces"/);
    for (const reserved of ['api-keys', 'oauth-clients', 'agents', 'workspaces', 'events', 'usage', 'verify']) {
      expectConfigError({ WARDEN_SCOPE_RESOURCES: reserved }, 'WARDEN_SCOPE_RESOURCES');
    }
  });

  it('WARDEN_SCOPE_RESOURCES with a malformed resource name', () => {
    expectConfigError({ WARDEN_SCOPE_RESOURCES: 'deals, Documents' }, 'WARDEN_SCOPE_RESOURCES', /"Documents"/);
    expectConfigError({ WARDEN_SCOPE_RESOURCES: 'deals:read' }, 'WARDEN_SCOPE_RESOURCES');
  });

  it('TLS_CERT without TLS_KEY, and TLS_KEY without TLS_CERT', () => {
    const missingKey = expectConfigError({ TLS_CERT: certFile }, 'TLS_KEY');
    expect(missingKey.message).toContain('TLS_CERT and TLS_KEY must be set together');
    expectConfigError({ TLS_KEY: keyFile }, 'TLS_CERT');
  });

  it('TLS_CERT naming a file that cannot be read', () => {
    expectConfigError({ TLS_CERT: join(dir, 'missing.pem'), TLS_KEY: keyFile }, 'TLS_CERT', /missing\.pem/);
  });

  it('URLs that are not URLs', () => {
    expectConfigError({ WARDEN_PUBLIC_URL: 'not a url' }, 'WARDEN_PUBLIC_URL');
    expectConfigError({ DATABASE_URL: '//db:5432/warden' }, 'DATABASE_URL', /"\/\/db:5432\/warden" is not a URL/);
    expectConfigError({ REDIS_URL: 'redis' }, 'REDIS_URL');
  });

  it('a session max age shorter than the idle timeout', () => {
    expectConfigError(
      { WARDEN_SESSION_IDLE_TIMEOUT_SECONDS: '7200', WARDEN_SESSION_MAX_AGE_SECONDS: '3600' },
      'WARDEN_SESSION_MAX_AGE_SECONDS',
    );
    expect(
      loadConfig({ WARDEN_SESSION_IDLE_TIMEOUT_SECONDS: '3600', WARDEN_SESSION_MAX_AGE_SECONDS: '3600' }).sessionMaxAgeSeconds,
    ).toBe(3600);
  });
});

describe('WARDEN_CONFIG_FILE', () => {
  it('reads settings from a JSON file (strings, numbers, booleans, arrays)', () => {
    const path = writeTempFile(
      JSON.stringify({
        WARDEN_KEY_PREFIX: 'bk',
        WARDEN_KEY_TYPE: 'sk',
        PORT: 9090,
        WARDEN_SCOPES_WRITE_REQUIRES_READ: true,
        WARDEN_SCOPE_RESOURCES: ['deals', 'documents'],
      }),
    );
    const config = loadConfig({ WARDEN_CONFIG_FILE: path });
    expect(config).toEqual({
      ...DEFAULTS,
      keyPrefix: 'bk',
      keyType: 'sk',
      port: 9090,
      writeRequiresRead: true,
      scopeResources: ['deals', 'documents'],
    });
  });

  it('the environment overrides the file', () => {
    const path = writeTempFile(JSON.stringify({ WARDEN_KEY_PREFIX: 'bk', PORT: '9090', HOST: '0.0.0.0' }));
    const config = loadConfig({ WARDEN_CONFIG_FILE: path, WARDEN_KEY_PREFIX: 'zz', PORT: '7070' });
    expect(config.keyPrefix).toBe('zz');
    expect(config.port).toBe(7070);
    expect(config.host).toBe('0.0.0.0'); // from the file, not overridden
  });

  it('an empty environment value does not override the file', () => {
    const path = writeTempFile(JSON.stringify({ PORT: '9090' }));
    expect(loadConfig({ WARDEN_CONFIG_FILE: path, PORT: '' }).port).toBe(9090);
  });

  it('validates values from the file, naming the setting', () => {
    const path = writeTempFile(JSON.stringify({ PORT: 'abc' }));
    expectConfigError({ WARDEN_CONFIG_FILE: path }, 'PORT');
  });

  it('an unknown key in the file throws naming it', () => {
    const path = writeTempFile(JSON.stringify({ WARDEN_KEY_PREFIX: 'bk', WARDEN_KEY_PREFX: 'bk' }));
    const error = expectConfigError({ WARDEN_CONFIG_FILE: path }, 'WARDEN_KEY_PREFX');
    expect(error.message).toContain(path);
  });

  it('invalid JSON throws naming WARDEN_CONFIG_FILE', () => {
    const path = writeTempFile('{"PORT": 9090,');
    const error = expectConfigError({ WARDEN_CONFIG_FILE: path }, 'WARDEN_CONFIG_FILE');
    expect(error.message).toContain(path);
  });

  it('a missing file throws naming WARDEN_CONFIG_FILE', () => {
    expectConfigError({ WARDEN_CONFIG_FILE: join(dir, 'nope.json') }, 'WARDEN_CONFIG_FILE', /nope\.json/);
  });

  it('JSON that is not an object throws naming WARDEN_CONFIG_FILE', () => {
    for (const content of ['[]', '"PORT"', '42', 'null', '[{"PORT": "1"}]']) {
      expectConfigError({ WARDEN_CONFIG_FILE: writeTempFile(content) }, 'WARDEN_CONFIG_FILE');
    }
  });
});

describe('publicUrlOf', () => {
  it('defaults to http://{HOST}:{PORT}', () => {
    expect(publicUrlOf(loadConfig({}))).toBe('http://127.0.0.1:8080');
    expect(publicUrlOf(loadConfig({ HOST: 'localhost', PORT: '3000' }))).toBe('http://localhost:3000');
  });

  it('uses https when TLS is terminated in-process', () => {
    expect(publicUrlOf(loadConfig({ TLS_CERT: certFile, TLS_KEY: keyFile, PORT: '8443' }))).toBe('https://127.0.0.1:8443');
  });

  it('uses WARDEN_PUBLIC_URL without its trailing slash', () => {
    expect(publicUrlOf(loadConfig({ WARDEN_PUBLIC_URL: 'https://auth.example.com/' }))).toBe('https://auth.example.com');
    expect(publicUrlOf(loadConfig({ WARDEN_PUBLIC_URL: 'https://auth.example.com' }))).toBe('https://auth.example.com');
  });
});
