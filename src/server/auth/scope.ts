import type { FastifyInstance, FastifyRequest } from 'fastify';
import { localScope, LOCAL_TEAM_ID, LOCAL_USER_ID, type Scope } from '../../core/scope.js';
import type { ClientKind, Principal } from '../../people/principal.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** What the caller may read: set by the auth hook before any handler runs (= principal.scope). */
    scope: Scope;
    /** Who is asking: set by the auth hook before any handler runs, in local token mode too. */
    principal: Principal;
  }
}

/** Both auth hooks decorate the request the same way. */
export function decorateCaller(app: FastifyInstance): void {
  app.decorateRequest('scope', null as unknown as Scope);
  app.decorateRequest('principal', null as unknown as Principal);
}

/** The caller's scope (the auth hook has always set it by the time a handler runs). */
export function scopeOf(request: FastifyRequest): Scope {
  return request.scope;
}

/** `x-sightline-client: agent` marks the Sightline agent; otherwise a key means a script, a cookie a browser. */
export function clientKind(request: FastifyRequest, fallback: ClientKind): ClientKind {
  return String(request.headers['x-sightline-client'] ?? '').toLowerCase() === 'agent' ? 'agent' : fallback;
}

/** Local token mode: whoever holds the token is the one local admin. */
export function localPrincipal(request: FastifyRequest, scope: Scope = localScope): Principal {
  const client = clientKind(request, request.headers.authorization ? 'api' : 'web');
  return { userId: scope.userId ?? LOCAL_USER_ID, teamId: scope.teamId ?? LOCAL_TEAM_ID, role: scope.role, via: 'local-token', client, scope };
}
