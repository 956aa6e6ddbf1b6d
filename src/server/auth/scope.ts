import type { FastifyRequest } from 'fastify';
import type { Scope } from '../../core/scope.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is asking: set by the auth hook before any handler runs. */
    scope: Scope;
  }
}

/** The caller's scope (the auth hook has always set it by the time a handler runs). */
export function scopeOf(request: FastifyRequest): Scope {
  return request.scope;
}
