import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { localScope, type Scope } from '../../core/scope.js';
import { ApiError, sendError } from '../errors.js';
import { TOKEN_COOKIE, readCookie, tokenCookie } from './cookie.js';
import { tokensMatch } from './token.js';
import { decorateCaller, localPrincipal } from './scope.js';

const UNAUTHORIZED = new ApiError(
  'unauthorized',
  'missing or wrong access token: send "Authorization: Bearer <token>" (the token is in $SIGHTLINE_HOME/token) or open the link `sightline serve` printed',
);

/**
 * Local token mode, like Jupyter: every request (WebSocket upgrades included) must carry the token
 * as a Bearer header, the `sightline_token` cookie, or `?token=`. A page opened with `?token=` gets
 * the cookie and is redirected to the same URL without the token, so it does not linger in history.
 */
export function installAuth(app: FastifyInstance, token: string, scope: Scope = localScope): void {
  decorateCaller(app);
  app.addHook('onRequest', async (request, reply) => {
    const fromQuery = queryToken(request);
    if (fromQuery !== undefined && tokensMatch(fromQuery, token) && isPageVisit(request)) {
      return reply.header('set-cookie', tokenCookie(token)).header('cache-control', 'no-store').redirect(urlWithoutToken(request.url), 302);
    }
    const presented = [bearerToken(request), readCookie(request.headers.cookie, TOKEN_COOKIE), fromQuery];
    if (!presented.some((candidate) => tokensMatch(candidate, token))) return wantsHtml(request) ? refusePage(reply) : refuse(reply);
    request.scope = scope;
    request.principal = localPrincipal(request, scope);
  });
}

function refuse(reply: FastifyReply): FastifyReply {
  return sendError(reply.header('www-authenticate', 'Bearer realm="sightline"'), UNAUTHORIZED);
}

/** A person at a browser gets a page that says how to get in, not a JSON envelope. */
function refusePage(reply: FastifyReply): FastifyReply {
  return reply
    .code(401)
    .header('www-authenticate', 'Bearer realm="sightline"')
    .type('text/html; charset=utf-8')
    .send(`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>Sightline: sign in</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem}code{background:#eef0f5;padding:.1rem .3rem;border-radius:4px}</style></head>
<body><h1>Sightline needs its access token</h1><p>Open the link <code>sightline serve</code> printed when it started (it ends in <code>/?token=…</code>).
The token is also in <code>$SIGHTLINE_HOME/token</code> (default <code>~/.sightline/token</code>): open <code>/?token=&lt;that value&gt;</code> once and this browser stays signed in.</p></body></html>`);
}

export function wantsHtml(request: FastifyRequest): boolean {
  return isPageVisit(request) && (request.headers.accept ?? '').includes('text/html');
}

export function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match ? match[1] : undefined;
}

function queryToken(request: FastifyRequest): string | undefined {
  const query = request.query as Record<string, unknown> | undefined;
  const value = query?.token;
  return typeof value === 'string' ? value : Array.isArray(value) && typeof value[0] === 'string' ? value[0] : undefined;
}

/** A browser navigating to a page: API calls and WebSocket upgrades just use the query token as given. */
export function isPageVisit(request: FastifyRequest): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  if ((request.headers.upgrade ?? '').toLowerCase() === 'websocket') return false;
  const path = request.url.split('?')[0];
  return !path.startsWith('/api/') && !path.startsWith('/v1/');
}

/** The same path and query, minus `token`. */
export function urlWithoutToken(url: string): string {
  const parsed = new URL(url, 'http://localhost');
  parsed.searchParams.delete('token');
  return parsed.pathname + parsed.search;
}
