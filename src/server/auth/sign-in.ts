import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ServerDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { ensureSecret } from '../../people/secret.js';
import type { Principal } from '../../people/principal.js';
import type { UserRow } from '../../people/repo/users.js';
import { csrfTokenFor, clearedSessionCookie, issueSession, sessionCookie } from './session.js';
import { readCookie } from './cookie.js';
import { SESSION_COOKIE } from './session.js';

const secrets = new WeakMap<ServerDeps, Promise<string>>();

/** The signing secret the team hook uses (config, else $SIGHTLINE_HOME/secret). */
export function teamSecret(deps: ServerDeps): Promise<string> {
  let secret = secrets.get(deps);
  if (!secret) secrets.set(deps, (secret = deps.config.sessionSecret ? Promise.resolve(deps.config.sessionSecret) : ensureSecret(deps.config.home)));
  return secret;
}

export function requireTeamMode(deps: ServerDeps): void {
  if (deps.config.mode !== 'team') throw new ApiError('bad_request', 'accounts exist in team mode only (sightline serve --team); local mode uses the access token');
}

/** The request came over https (directly, or through a proxy that says so). */
export function isHttps(request: FastifyRequest): boolean {
  return request.protocol === 'https' || String(request.headers['x-forwarded-proto'] ?? '').split(',')[0].trim() === 'https';
}

/**
 * Login, setup, register and logout carry no CSRF token (there is no session yet): a browser's
 * Origin, when it sends one, must be this server. Scripts (no Origin) are not affected.
 */
export function requireSameOrigin(request: FastifyRequest): void {
  const origin = request.headers.origin;
  if (!origin) return;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    host = '';
  }
  if (host !== request.headers.host) throw new ApiError('forbidden', `cross-site request refused (Origin ${origin})`);
}

/** Sets the session cookie for this user and team; returns its CSRF token. */
export function startSession(reply: FastifyReply, request: FastifyRequest, user: UserRow, teamId: string, secret: string): string {
  const cookie = issueSession({ uid: user.id, tid: teamId, epoch: user.sessionEpoch }, secret);
  reply.header('set-cookie', sessionCookie(cookie, isHttps(request)));
  return csrfTokenFor(cookie, secret);
}

export function endSession(reply: FastifyReply, request: FastifyRequest): void {
  reply.header('set-cookie', clearedSessionCookie(isHttps(request)));
}

/** The CSRF token of the caller's current session cookie; null for keys and local mode. */
export function currentCsrfToken(request: FastifyRequest, principal: Principal, secret: string): string | null {
  const cookie = principal.via === 'cookie' ? readCookie(request.headers.cookie, SESSION_COOKIE) : undefined;
  return cookie ? csrfTokenFor(cookie, secret) : null;
}

/** The principal of a route that needs one (every non-public route has one; public ones may not). */
export function requirePrincipal(request: FastifyRequest): Principal {
  if (!request.principal) throw new ApiError('unauthorized', 'sign in first');
  return request.principal;
}
