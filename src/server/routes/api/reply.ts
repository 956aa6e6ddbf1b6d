import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { InvalidFilter, NotFound } from '../../../analytics/views/errors.js';
import { toCsv } from '../../../analytics/views/export.js';
import type { Page } from '../../../analytics/views/pagination.js';
import { localScope, type Scope } from '../../../core/scope.js';
import { ApiError, badRequest, notFound, sendError, toApiError } from '../../errors.js';

/** The caller's scope: the auth hook sets it; localScope only if a test app runs without the hook. */
export function callerScope(request: FastifyRequest): Scope {
  return (request as { scope?: Scope | null }).scope ?? localScope;
}

/** Answer JSON, or the given rows as a CSV download when the client asked for format=csv. */
export function sendRows(reply: FastifyReply, format: 'json' | 'csv', filename: string, json: unknown, rows: ReadonlyArray<Record<string, unknown>>): FastifyReply {
  if (format === 'json') return reply.send(json);
  const stamp = new Date().toISOString().slice(0, 10);
  return reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="sightline-${filename}-${stamp}.csv"`)
    .send(toCsv(rows));
}

/** A page as JSON ({ items, nextCursor }) or its items as CSV. */
export function sendPage<T extends object>(reply: FastifyReply, format: 'json' | 'csv', filename: string, page: Page<T>): FastifyReply {
  return sendRows(reply, format, filename, page, page.items as unknown as Array<Record<string, unknown>>);
}

/**
 * The API routes validate with zod themselves: Fastify's validator accepts everything here (the JSON
 * schemas on the routes only document them), and view errors become the envelope.
 */
export function installApiErrorHandling(api: FastifyInstance): void {
  api.setValidatorCompiler(() => (data: unknown) => ({ value: data }));
  api.setErrorHandler((error, request, reply) => {
    const apiError = viewErrorToApiError(error) ?? toApiError(error);
    if (apiError.statusCode >= 500) request.log.error({ err: error }, 'request failed');
    return sendError(reply, apiError);
  });
}

function viewErrorToApiError(error: unknown): ApiError | null {
  if (error instanceof InvalidFilter) return badRequest(error.message, error.field);
  if (error instanceof NotFound) return notFound(error.message);
  return null;
}
