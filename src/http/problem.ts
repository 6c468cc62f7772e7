import type { FastifyReply } from 'fastify';
import { ERROR_CODES, type ErrorCode } from '../errors/codes.js';
import type { FieldError } from '../errors/warden-error.js';

/** RFC 9457 problem document with Warden's stable `code`. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  code: ErrorCode;
  detail: string;
  errors?: FieldError[];
  [extra: string]: unknown;
}

export function problemOf(code: ErrorCode, detail: string, errors?: FieldError[], extra?: Record<string, unknown>): Problem {
  const { status, title } = ERROR_CODES[code];
  return { type: `urn:warden:error:${code}`, title, status, code, detail, ...(errors ? { errors } : {}), ...extra };
}

/** Sends the problem with the request's id (`X-Request-Id` and `request_id`), also before any hook ran. */
export function sendProblem(reply: FastifyReply, problem: Problem): FastifyReply {
  const requestId = reply.request.id;
  return reply.code(problem.status).type('application/problem+json').header('x-request-id', requestId).send({ ...problem, request_id: requestId });
}
