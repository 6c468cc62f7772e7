import { validationFailed } from '../errors/warden-error.js';

/** `since` / `until` style query values: ISO 8601 date-times only. */
export function dateOf(field: string, value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const date = new Date(value);
  if (Number.isNaN(date.getTime()) || !/^\d{4}-\d{2}-\d{2}/.test(value)) throw validationFailed(field, 'must be an ISO 8601 date-time');
  return date;
}

/** `api_key_id` is shorthand for `actor_type=api_key&actor_id=…`; contradictions are refused. */
export function actorFilterOf(query: { api_key_id?: string | undefined; actor_type?: string | undefined; actor_id?: string | undefined }): {
  actorType: string | undefined;
  actorId: string | undefined;
} {
  if (query.api_key_id !== undefined && query.actor_type !== undefined && query.actor_type !== 'api_key') {
    throw validationFailed('api_key_id', 'names an API key: actor_type must be api_key or absent');
  }
  if (query.api_key_id !== undefined && query.actor_id !== undefined && query.actor_id !== query.api_key_id) {
    throw validationFailed('actor_id', 'differs from api_key_id');
  }
  return {
    actorType: query.api_key_id !== undefined ? 'api_key' : query.actor_type,
    actorId: query.api_key_id ?? query.actor_id,
  };
}
