import type { FastifyRequest } from 'fastify';
import type { Principal } from '../../people/principal.js';
import { ApiError } from '../errors.js';

/**
 * What an API key may do (docs/people.md "API keys"). A key is a credential left in config files
 * and hook settings, so it gets less than its owner: the ingest routes (whose handlers check the
 * `ingest` scope), reads with the `read` scope, and, with `read`, its owner's everyday writes
 * (insights, votes, comments). Keys, accounts, sessions' sharing, members and settings need a
 * person signed in; a key can never mint another key.
 */
const INGEST_ROUTES = new Set([
  'POST /api/v1/events',
  'POST /api/v1/agent/push',
  'POST /api/v1/hooks/claude-code',
  'POST /api/v1/hooks/claude-code/batch',
  'POST /api/v1/hooks/statusline',
  'POST /v1/traces',
  'POST /v1/metrics',
  'POST /v1/logs',
]);

/** Reads an ingest-only key needs: the agent's own status. */
const INGEST_READS = new Set(['GET /api/v1/agent/status']);

const PEOPLE_ONLY = [/^\/api\/v1\/keys/, /^\/api\/v1\/auth\//];

export function keyRefusal(request: FastifyRequest, principal: Principal): ApiError | null {
  const url = request.routeOptions.url;
  if (!url) return null; // unknown routes answer 404 on their own
  const method = request.method === 'HEAD' ? 'GET' : request.method;
  const route = `${method} ${url}`;
  if (INGEST_ROUTES.has(route)) return null;
  if (PEOPLE_ONLY.some((pattern) => pattern.test(url)) && method !== 'GET') {
    return new ApiError('forbidden', 'API keys cannot manage keys or accounts: sign in to do this');
  }
  const scopes = principal.keyScopes ?? [];
  if (INGEST_READS.has(route) && scopes.length > 0) return null;
  if (!scopes.includes('read')) return new ApiError('forbidden', `this API key lacks the 'read' scope (it has: ${scopes.join(', ') || 'none'})`);
  return null;
}
