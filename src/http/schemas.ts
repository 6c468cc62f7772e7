/** JSON schemas shared by several routes (OpenAPI shows them as they are). */
export const problemSchema = {
  type: 'object',
  description: 'RFC 9457 problem document',
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    code: { type: 'string' },
    detail: { type: 'string' },
    request_id: { type: 'string', description: 'The X-Request-Id of the answer' },
    errors: {
      type: 'array',
      items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' } } },
    },
  },
  additionalProperties: true,
} as const;

export const isoDateTime = { type: 'string', format: 'date-time' } as const;
export const nullableDateTime = { type: ['string', 'null'], format: 'date-time' } as const;

/** The standard error answers of an authenticated route, for the OpenAPI document. */
export const authErrorResponses = {
  400: problemSchema,
  401: problemSchema,
  403: problemSchema,
  503: problemSchema,
} as const;

/** `?limit=&cursor=` of a list route (the cursor is the `next_cursor` of the page before). */
export const pageQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    limit: { type: 'string', pattern: '^(100|[1-9][0-9]?)$', description: '1-100, default 20' },
    cursor: { type: 'string', maxLength: 200 },
  },
} as const;

/** A list route's 200: a page of `items` and the cursor of the next one (null on the last page). */
export function pageSchemaOf<Items extends object>(items: Items): { type: 'object'; properties: { data: { type: 'array'; items: Items }; next_cursor: { type: ['string', 'null'] } } } {
  return { type: 'object', properties: { data: { type: 'array', items }, next_cursor: { type: ['string', 'null'] } } };
}

export const bearerSecurity: { [scheme: string]: string[] }[] = [{ bearerAuth: [] }, { apiKeyHeader: [] }];
