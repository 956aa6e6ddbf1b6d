import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Stable, machine-readable error codes: clients switch on these, never on messages. */
export type ErrorCode =
  | 'bad_request'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'method_not_allowed'
  | 'conflict'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'too_many_requests'
  | 'internal'
  | 'unavailable';

/** The one error body every route answers with. */
export interface ErrorEnvelope {
  error: { code: ErrorCode; message: string; field?: string };
}

const STATUS_OF: Record<ErrorCode, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  too_many_requests: 429,
  internal: 500,
  unavailable: 503,
};

/**
 * An error a route throws on purpose; the error handler turns it into the envelope.
 * @example throw new ApiError('bad_request', 'limit must be at most 1000', 'limit')
 */
export class ApiError extends Error {
  readonly statusCode: number;

  constructor(readonly code: ErrorCode, message: string, readonly field?: string) {
    super(message);
    this.name = 'ApiError';
    this.statusCode = STATUS_OF[code];
  }
}

export const notFound = (message: string, field?: string) => new ApiError('not_found', message, field);
export const badRequest = (message: string, field?: string) => new ApiError('bad_request', message, field);

export function errorEnvelope(code: ErrorCode, message: string, field?: string): ErrorEnvelope {
  return { error: field === undefined ? { code, message } : { code, message, field } };
}

/** Send the envelope with the status that belongs to its code. */
export function sendError(reply: FastifyReply, error: ApiError): FastifyReply {
  return reply.code(error.statusCode).type('application/json; charset=utf-8').send(errorEnvelope(error.code, error.message, error.field));
}

/** Fastify's own errors, zod errors and ours, each as an envelope with the field that is wrong. */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const apiError = toApiError(error);
    if (apiError.statusCode >= 500) request.log.error({ err: error }, 'request failed');
    return sendError(reply, apiError);
  });
  app.setNotFoundHandler((request, reply) => {
    return sendError(reply, notFound(`no route ${request.method} ${request.url.split('?')[0]}`));
  });
}

/** Map anything thrown in a request to an ApiError; unknown failures become a 500 without details. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  const err = error as FastifyError & { issues?: Array<{ path: PropertyKey[]; message: string }> };
  if (err?.name === 'ZodError' && Array.isArray(err.issues)) return fromZodIssues(err.issues);
  if (Array.isArray(err?.validation)) return fromValidation(err);
  if (err?.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || err instanceof SyntaxError) return badRequest('the request body is not valid JSON', 'body');
  if (err?.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return badRequest('the request body is empty but the content type says JSON', 'body');
  if (err?.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return new ApiError('unsupported_media_type', err.message);
  const status = typeof err?.statusCode === 'number' ? err.statusCode : 500;
  if (status >= 400 && status < 500) return new ApiError(codeForStatus(status), err.message || 'bad request');
  if (status === 503) return new ApiError('unavailable', err.message || 'unavailable');
  return new ApiError('internal', 'internal server error (details in the server log)');
}

function codeForStatus(status: number): ErrorCode {
  const match = (Object.entries(STATUS_OF) as Array<[ErrorCode, number]>).find(([, s]) => s === status);
  return match ? match[0] : 'bad_request';
}

const PART_NAMES: Record<string, string> = { params: 'path parameter', querystring: 'query parameter', body: 'body field', headers: 'header' };

/** Ajv errors as Fastify reports them: say which parameter, in which part of the request, and what is allowed. */
function fromValidation(err: FastifyError): ApiError {
  const first = err.validation?.[0];
  const params = (first?.params ?? {}) as Record<string, unknown>;
  const path = (first?.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.');
  const field = typeof params.missingProperty === 'string' ? (path ? `${path}.${params.missingProperty}` : params.missingProperty)
    : typeof params.additionalProperty === 'string' ? (path ? `${path}.${params.additionalProperty}` : params.additionalProperty)
    : path || undefined;
  const part = PART_NAMES[err.validationContext ?? ''] ?? 'parameter';
  const problem = Array.isArray(params.allowedValues) ? `must be one of ${params.allowedValues.join(', ')}`
    : typeof params.additionalProperty === 'string' ? 'is not allowed here'
    : typeof params.missingProperty === 'string' ? 'is required'
    : first?.message ?? 'is invalid';
  const subject = field ? `${part} '${field}'` : err.validationContext === 'body' ? 'the request body' : `the ${part}s`;
  return badRequest(`${subject} ${problem}`, field ?? (err.validationContext === 'body' ? 'body' : undefined));
}

function fromZodIssues(issues: Array<{ path: PropertyKey[]; message: string }>): ApiError {
  const first = issues[0];
  const field = first && first.path.length ? first.path.map(String).join('.') : undefined;
  return badRequest(field ? `'${field}': ${first.message}` : first?.message ?? 'invalid request', field);
}
