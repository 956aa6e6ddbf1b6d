import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ServerDeps } from '../deps.js';
import { ApiError, sendError } from '../errors.js';
import { WEB_ROOT } from '../routes/ui.js';
import { PUBLIC_SHARE_ROUTES } from '../routes/sharing.js';
import { readCookie } from './cookie.js';
import { bearerToken, isPageVisit } from './hook.js';
import { clientKind, decorateCaller } from './scope.js';
import { csrfTokenMatches, readSession, SESSION_COOKIE } from './session.js';
import { principalFromKey, principalFromSession, type Credential } from './credentials.js';
import { CredentialWatch, rememberCredential } from './live-watch.js';
import { KeyUseLog } from './key-use.js';
import { keyRefusal } from './key-rules.js';
import type { Principal } from '../../people/principal.js';

/**
 * Routes that answer without a principal in team mode. `GET /*` is the app shell: public for page
 * visits only (the SPA asks /auth/state and shows setup or login); it never carries data.
 * The unsafe ones are guarded by an Origin check in their handlers instead of the CSRF token.
 */
export const PUBLIC_ROUTES: ReadonlyArray<{ method: string; url: string }> = [
  { method: 'GET', url: '/api/v1/auth/state' },
  { method: 'POST', url: '/api/v1/auth/setup' },
  { method: 'POST', url: '/api/v1/auth/login' },
  { method: 'POST', url: '/api/v1/auth/register' },
  { method: 'POST', url: '/api/v1/auth/logout' },
  { method: 'GET', url: '/healthz' },
  { method: 'GET', url: '/readyz' },
  { method: 'GET', url: '/assets/:file' },
  { method: 'GET', url: '/*' },
];

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
// the read-only public share links (routes/sharing.ts): their token is their credential
const PUBLIC_KEYS = new Set([...PUBLIC_ROUTES.map((r) => `${r.method} ${r.url}`), ...PUBLIC_SHARE_ROUTES.map((url) => `GET ${url}`)]);
const UNAUTHORIZED = new ApiError('unauthorized', 'sign in first (POST /api/v1/auth/login), or send "Authorization: Bearer sl_…" with an API key');
const BAD_CSRF = new ApiError('forbidden', 'missing or wrong X-CSRF-Token header: send the csrfToken of GET /api/v1/auth/me with every change');

type Authenticated = { principal: Principal; credential: Credential } | 'invalid' | null;

/**
 * Team mode (docs/people.md "Who is asking"): a session cookie or an API key becomes
 * request.principal before any handler; nothing (or anything invalid) → 401, except PUBLIC_ROUTES.
 * The returned watch closes open WebSockets whose credential stops being valid.
 */
export function installTeamAuth(app: FastifyInstance, deps: ServerDeps, secret: string): CredentialWatch {
  decorateCaller(app);
  const onError = (error: unknown) => app.log.warn({ err: error }, 'team auth bookkeeping failed');
  const watch = new CredentialWatch(deps.store.reads, onError);
  const keyUse = new KeyUseLog(deps.store, onError);
  app.addHook('onClose', async () => {
    watch.stop();
    await keyUse.flush();
  });
  app.addHook('onRequest', async (request, reply) => {
    const isPublic = isPublicRequest(request);
    const found = await authenticate(request, deps, secret);
    if (found === null || found === 'invalid') return isPublic ? refuseUnbuiltPage(request, reply) : refuse(reply);
    if (!isPublic && needsCsrf(request, found.credential, secret)) return sendError(reply, BAD_CSRF);
    const refusal = found.credential.kind === 'key' && !isPublic ? keyRefusal(request, found.principal) : null;
    if (refusal) return sendError(reply, refusal);
    request.principal = found.principal;
    request.scope = found.principal.scope;
    rememberCredential(request, found.credential, watch);
    if (found.credential.kind === 'key') keyUse.note(found.principal);
  });
  return watch;
}

async function authenticate(request: FastifyRequest, deps: ServerDeps, secret: string): Promise<Authenticated> {
  const bearer = bearerToken(request);
  if (bearer !== undefined || request.headers.authorization) {
    const found = bearer ? await principalFromKey(deps.store.reads, bearer, clientKind(request, 'api')) : null;
    return found ? { principal: found.principal, credential: { kind: 'key', keyId: found.keyId } } : 'invalid';
  }
  const cookie = readCookie(request.headers.cookie, SESSION_COOKIE);
  if (!cookie) return null;
  const claims = readSession(cookie, secret);
  const principal = claims ? await principalFromSession(deps.store.reads, claims, clientKind(request, 'web')) : null;
  return claims && principal ? { principal, credential: { kind: 'cookie', claims, cookie } } : 'invalid';
}

/** Cookie-authenticated changes must prove they come from our page: keys carry no ambient credential. */
function needsCsrf(request: FastifyRequest, credential: Credential, secret: string): boolean {
  if (credential.kind !== 'cookie' || !UNSAFE.has(request.method)) return false;
  const given = request.headers['x-csrf-token'];
  return !csrfTokenMatches(typeof given === 'string' ? given : undefined, credential.cookie, secret);
}

function isPublicRequest(request: FastifyRequest): boolean {
  const url = request.routeOptions.url;
  if (!url) return false;
  const method = request.method === 'HEAD' ? 'GET' : request.method;
  if (!PUBLIC_KEYS.has(`${method} ${url}`)) return false;
  // the catch-all answers unknown /api paths too: those are API calls, and need a principal
  return url !== '/*' || isPageVisit(request);
}

function refuse(reply: FastifyReply): FastifyReply {
  return sendError(reply.header('www-authenticate', 'Bearer realm="sightline"'), UNAUTHORIZED);
}

/** Without a dashboard build, `/` would show the store's status page: data, so not for strangers. */
function refuseUnbuiltPage(request: FastifyRequest, reply: FastifyReply): FastifyReply | undefined {
  if (request.routeOptions.url !== '/*' || existsSync(join(WEB_ROOT, 'index.html'))) return undefined;
  return reply.code(401).type('text/html; charset=utf-8')
    .send('<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sightline: sign in</title></head><body><h1>Sign in to Sightline</h1><p>The web dashboard is not built in this checkout (run <code>npm run build</code>); the API is at <code>/api/v1</code> (sign in with <code>POST /api/v1/auth/login</code>).</p></body></html>');
}
