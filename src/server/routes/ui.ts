import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ServerDeps } from '../deps.js';
import { notFound, sendError } from '../errors.js';
import { statusPage } from './home.js';

/** The built dashboard (`vite build` writes it to dist/web; this file runs from dist/src/server/routes). */
export const WEB_ROOT = fileURLToPath(new URL('../../../web/', import.meta.url));

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/** Paths that are never dashboard pages: an unknown one is a 404, not the app shell. */
const NOT_PAGES = /^\/(api|v1|assets)(\/|$)|^\/(healthz|readyz|metrics)$/;

/**
 * The web dashboard: hashed assets cached forever, and the app shell (index.html) for every page path,
 * so a shared link like /sessions/abc?range=30d opens that page. Without a build, `/` shows the status page.
 */
export function registerUiRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const indexPath = join(WEB_ROOT, 'index.html');
  app.get('/assets/:file', { schema: { hide: true } }, async (request, reply) => {
    const { file } = request.params as { file: string };
    if (!/^[\w.-]+$/.test(file)) return sendError(reply, notFound(`no asset ${file}`));
    const body = await readFile(join(WEB_ROOT, 'assets', file)).catch(() => null);
    if (!body) return sendError(reply, notFound(`no asset ${file}`));
    return reply.type(CONTENT_TYPES[extname(file)] ?? 'application/octet-stream').header('cache-control', 'public, max-age=31536000, immutable').send(body);
  });
  app.get('/*', { schema: { summary: 'Dashboard pages', tags: ['ui'], hide: true } }, async (request, reply) => {
    const path = request.url.split('?')[0];
    if (NOT_PAGES.test(path)) return sendError(reply, notFound(`no route ${request.method} ${path}`));
    if (!existsSync(indexPath)) return path === '/' ? sendStatusPage(reply, deps) : sendError(reply, notFound(`no page ${path} (the dashboard is not built: run npm run build)`));
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(await readFile(indexPath));
  });
}

async function sendStatusPage(reply: FastifyReply, deps: ServerDeps): Promise<FastifyReply> {
  return reply.type('text/html; charset=utf-8').send(await statusPage(deps));
}
