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

export const bearerSecurity: { [scheme: string]: string[] }[] = [{ bearerAuth: [] }, { apiKeyHeader: [] }];
