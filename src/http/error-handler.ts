import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { WardenError, type FieldError } from '../errors/warden-error.js';
import type { ErrorCode } from '../errors/codes.js';
import { problemOf, sendProblem, type Problem } from './problem.js';
import { wwwAuthenticate } from './www-authenticate.js';

interface AjvError {
  instancePath?: string;
  keyword?: string;
  message?: string;
  params?: Record<string, unknown>;
}

function fieldErrorsOf(validation: AjvError[], context: string | undefined): FieldError[] {
  return validation.map((error) => {
    const path = (error.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.');
    const missing = error.params?.missingProperty;
    const extra = error.params?.additionalProperty;
    const field = [path, typeof missing === 'string' ? missing : typeof extra === 'string' ? extra : '']
      .filter(Boolean)
      .join('.');
    const message = typeof extra === 'string' ? 'is not a known field' : error.message ?? 'is invalid';
    return { field: field || (context ?? 'body'), message };
  });
}

const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_INVALID_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'validation_failed',
};

// PostgreSQL "data exception" (class 22): a value the database cannot hold, e.g. U+0000 in text.
const DATA_EXCEPTION_SQLSTATE = /^22/;

/** Errors fastify raises before routing (bad URL encoding, over-long path parameter). */
export function frameworkErrorProblem(error: FastifyError): Problem {
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') return problemOf('uri_too_long', 'A path segment is too long');
  return problemOf('validation_failed', 'The URL is malformed', [{ field: 'url', message: 'is not a valid URL' }]);
}

/** One place turns every failure into application/problem+json; 5xx never leak details. */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | WardenError, request: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof WardenError) {
      if (error.status >= 500) request.log.error({ err: error.cause ?? error }, error.message);
      if (error.status === 401 || error.bearerError) reply.header('WWW-Authenticate', wwwAuthenticate(error));
      if (error.code === 'store_unavailable') reply.header('Retry-After', '5');
      if (error.code === 'rate_limited' && typeof error.extra?.retry_after === 'number') reply.header('Retry-After', String(error.extra.retry_after));
      return sendProblem(reply, problemOf(error.code, error.message, error.errors, error.extra));
    }
    const fastifyError = error as FastifyError;
    if (fastifyError.validation) {
      const errors = fieldErrorsOf(fastifyError.validation as AjvError[], fastifyError.validationContext);
      return sendProblem(reply, problemOf('validation_failed', errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors));
    }
    const mapped = fastifyError.code ? FASTIFY_CODES[fastifyError.code] : undefined;
    if (mapped) return sendProblem(reply, problemOf(mapped, fastifyError.message));
    if (/JSON/.test(fastifyError.message) && fastifyError instanceof SyntaxError) {
      return sendProblem(reply, problemOf('invalid_json', 'The request body is not valid JSON'));
    }
    if (typeof fastifyError.code === 'string' && DATA_EXCEPTION_SQLSTATE.test(fastifyError.code) && !fastifyError.statusCode) {
      return sendProblem(reply, problemOf('validation_failed', 'A value in the request cannot be stored (e.g. a NUL character or a lone surrogate)'));
    }
    const status = fastifyError.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      const code: ErrorCode = status === 404 ? 'not_found' : status === 405 ? 'method_not_allowed' : status === 413 ? 'payload_too_large' : status === 415 ? 'unsupported_media_type' : 'validation_failed';
      return sendProblem(reply, problemOf(code, fastifyError.message));
    }
    request.log.error({ err: error }, 'unhandled error');
    return sendProblem(reply, problemOf('internal_error', 'An internal error occurred'));
  });

  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, problemOf('not_found', `No route ${request.method} ${request.url.split('?')[0]}`)),
  );
}
