import type { paths } from './generated/openapi.js';

/** The JSON answer of `METHOD path` with status `S` (generated from /openapi.json). */
export type ResponseOf<P extends keyof paths, M extends Method, S extends number = 200> =
  NonNullable<paths[P][M]> extends { responses: { [K in S]: { content: { 'application/json': infer B } } } } ? B : never;
/** The JSON body `METHOD path` takes. */
export type BodyOf<P extends keyof paths, M extends Method> =
  NonNullable<paths[P][M]> extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;
/** The query parameters of `GET path`. */
export type QueryOf<P extends keyof paths> =
  NonNullable<paths[P]['get']> extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;
type Method = 'get' | 'post' | 'patch' | 'delete';
type DataOf<T> = T extends { data?: infer D } ? NonNullable<D> : never;
type ItemOf<T> = T extends readonly (infer I)[] ? I : never;

export type ApiKey = DataOf<ResponseOf<'/v1/keys/{id}', 'get'>>;
/** The create / rotate answer: the key object plus `key`, the plaintext, shown once. */
export type IssuedApiKey = DataOf<ResponseOf<'/v1/keys', 'post', 201>>;
export type CreateApiKeyParams = BodyOf<'/v1/keys', 'post'>;
export type UpdateApiKeyParams = BodyOf<'/v1/keys/{id}', 'patch'>;
export type ListApiKeysParams = Omit<QueryOf<'/v1/keys'>, 'cursor' | 'limit' | 'revoked'> & ListParams & { revoked?: boolean };

export type OAuthClient = DataOf<ResponseOf<'/v1/oauth-clients/{id}', 'get'>>;
/** The create / rotate-secret answer: the client plus `client_secret`, shown once. */
export type IssuedOAuthClient = DataOf<ResponseOf<'/v1/oauth-clients', 'post', 201>>;
export type CreateOAuthClientParams = BodyOf<'/v1/oauth-clients', 'post'>;
export type UpdateOAuthClientParams = BodyOf<'/v1/oauth-clients/{id}', 'patch'>;

export type Agent = DataOf<ResponseOf<'/v1/agents/{id}', 'get'>>;
export type CreateAgentParams = BodyOf<'/v1/agents', 'post'>;
export type UpdateAgentParams = BodyOf<'/v1/agents/{id}', 'patch'>;

export type Workspace = ItemOf<DataOf<ResponseOf<'/v1/workspaces', 'get'>>>;
export type Member = ItemOf<DataOf<ResponseOf<'/v1/workspaces/{id}/members', 'get'>>>;
export type Invitation = DataOf<ResponseOf<'/v1/workspaces/{id}/invitations', 'post', 201>>;
export type Role = BodyOf<'/v1/workspaces/{id}/members/{userId}', 'patch'>['role'];

export type AuditEvent = ItemOf<DataOf<ResponseOf<'/v1/events', 'get'>>>;
export type ListEventsParams = Omit<QueryOf<'/v1/events'>, 'cursor' | 'limit'> & ListParams;
export type PublishEventParams = BodyOf<'/v1/events', 'post'>;
export type StreamEventsParams = Omit<QueryOf<'/v1/events/stream'>, 'token' | 'ticket' | 'last_event_id'>;

export type UsageParams = QueryOf<'/v1/usage'>;
export type Usage = ResponseOf<'/v1/usage', 'get'>;

export type VerifyParams = BodyOf<'/v1/verify', 'post'>;
export type VerifyResult = DataOf<ResponseOf<'/v1/verify', 'post'>>;
export type Me = DataOf<ResponseOf<'/v1/me', 'get'>>;

export type LoginResult = ResponseOf<'/auth/login', 'post'>;
export type RefreshResult = ResponseOf<'/auth/refresh', 'post'>;
export interface TokenResult {
  access_token: string;
  token_type: string;
  expires_in: number;
  scope?: string;
}

/** Cursor paging: `limit` per page (1-100); `cursor` to start from a given page. */
export interface ListParams {
  limit?: number;
  cursor?: string;
}

export type { paths };
