import { nullableDateTime, isoDateTime } from '../http/schemas.js';

export const apiKeySchema = {
  type: 'object',
  properties: {
    id: { type: 'string', examples: ['key_0Lg3kQ2b9xYcA1B2C3D4E5F6'] },
    name: { type: 'string' },
    prefix: { type: 'string', description: 'Display prefix, safe to show (e.g. `wk_live_9f8a`)' },
    environment: { type: 'string', enum: ['live', 'test'] },
    scopes: { type: 'array', items: { type: 'string' } },
    rate_limit: { type: ['integer', 'null'], description: 'Requests per minute' },
    allowed_ips: { type: 'array', items: { type: 'string' } },
    metadata: { type: 'object', additionalProperties: true },
    created_at: isoDateTime,
    expires_at: nullableDateTime,
    last_used_at: nullableDateTime,
    revoked_at: nullableDateTime,
    requests_24h: {
      type: 'integer',
      minimum: 0,
      description: 'Requests made with this key in the last 24 hours (usage rollups; 0 for a new key, may trail by one request-writer flush)',
    },
  },
  required: ['id', 'name', 'prefix', 'environment', 'scopes', 'rate_limit', 'allowed_ips', 'metadata', 'created_at', 'expires_at', 'last_used_at', 'revoked_at', 'requests_24h'],
} as const;

export const issuedKeySchema = {
  type: 'object',
  properties: {
    ...apiKeySchema.properties,
    key: { type: 'string', description: 'The plaintext key. Shown once: store it now.' },
    warning: { type: 'string' },
    previous_key_expires_at: { ...isoDateTime, description: 'Rotation only: when the previous secret stops working' },
  },
  required: [...apiKeySchema.required, 'key', 'warning'],
} as const;

export const scopesField = { type: 'array', items: { type: 'string', maxLength: 100 }, maxItems: 100 } as const;
export const metadataField = { type: 'object', additionalProperties: true, description: 'Free JSON object, at most 4 KiB' } as const;
export const nameField = { type: 'string', minLength: 1, maxLength: 200, pattern: '\\S' } as const;

export const createKeyBody = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'scopes'],
  properties: {
    name: nameField,
    scopes: scopesField,
    environment: { type: 'string', enum: ['live', 'test'] },
    expires_at: nullableDateTime,
    rate_limit: { type: ['integer', 'null'], minimum: 1, maximum: 1_000_000 },
    allowed_ips: { type: 'array', items: { type: 'string', maxLength: 64 }, maxItems: 100 },
    metadata: metadataField,
  },
} as const;

export const updateKeyBody = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: { name: nameField, metadata: metadataField, scopes: scopesField },
} as const;

export const rotateKeyBody = {
  type: ['object', 'null'],
  additionalProperties: false,
  properties: {
    grace_period_seconds: {
      type: 'integer',
      minimum: 0,
      description: 'How long the old key keeps working (0 = it dies now); capped by WARDEN_MAX_ROTATION_GRACE_SECONDS',
    },
  },
} as const;

export const listKeysQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    environment: { type: 'string', enum: ['live', 'test'] },
    revoked: { type: 'string', enum: ['true', 'false'] },
    limit: { type: 'string', pattern: '^(100|[1-9][0-9]?)$', description: '1-100, default 20' },
    cursor: { type: 'string', maxLength: 200 },
  },
} as const;

export const keyIdParams = {
  type: 'object',
  properties: { id: { type: 'string', maxLength: 100 } },
  required: ['id'],
} as const;
