import { ApiError } from '../server/errors.js';
import type { KeyScope } from './api-keys.js';
import type { Principal, Role } from './principal.js';

/**
 * The role matrix of docs/people.md in one place. Routes call these before they change anything;
 * reads need no call, they filter by principal.scope.
 */
export function requireRole(principal: Principal, ...allowed: Role[]): void {
  if (!allowed.includes(principal.role)) {
    throw new ApiError('forbidden', `this needs the role ${allowed.join(' or ')}; you are ${principal.role}`);
  }
}

/** People may write what their role allows; an API key only what its scopes say. */
export function requireKeyScope(principal: Principal, needed: KeyScope): void {
  if (principal.keyScopes && !principal.keyScopes.includes(needed)) {
    throw new ApiError('forbidden', `this API key lacks the '${needed}' scope`);
  }
}

/** Ingest (hooks, OTLP, the event API, agent pushes): members and admins, keys with the ingest scope. */
export function requireIngest(principal: Principal): void {
  requireKeyScope(principal, 'ingest');
  requireRole(principal, 'admin', 'member');
}

/** Admins edit anyone's sessions, members only their own, viewers none. */
export function requireSessionEdit(principal: Principal, ownerId: string): void {
  if (principal.via === 'key') throw new ApiError('forbidden', 'API keys cannot change sessions; sign in');
  if (principal.role === 'admin') return;
  requireRole(principal, 'member');
  if (ownerId !== principal.userId) throw new ApiError('forbidden', 'only the owner or an admin can change this session');
}
