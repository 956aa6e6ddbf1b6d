import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import websocket from '@fastify/websocket';
import type { ServerDeps } from './deps.js';
import type { RouteModule } from './routes/index.js';
import { installErrorHandling } from './errors.js';
import { installAuth, urlWithoutToken } from './auth/hook.js';
import { installTeamAuth } from './auth/team-hook.js';
import { ensureSecret } from '../people/secret.js';
import { installAuditHook } from './audit-hook.js';
import { metrics } from './metrics.js';
import { registerOpenApiRoute, type CollectedRoute } from './openapi.js';

export interface BuildAppOptions {
  /** structured JSON logs (pino) to stdout; off by default so tests stay quiet */
  logger?: boolean | { level?: string };
  /** route modules to register; default every module of ROUTE_MODULES */
  modules?: readonly RouteModule[];
  /** largest request body accepted, bytes (default 16 MiB: event batches of 10,000) */
  bodyLimit?: number;
}

const routeTables = new WeakMap<FastifyInstance, CollectedRoute[]>();

/**
 * The Sightline HTTP app: logs, the token check on every route, one error envelope, a latency
 * histogram per route, then every route module. Not listening yet: call `app.listen`.
 * @example const app = await buildApp(deps); await app.listen({ host: '127.0.0.1', port: 7317 });
 */
export async function buildApp(deps: ServerDeps, opts: BuildAppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: loggerOptions(opts.logger),
    bodyLimit: opts.bodyLimit ?? 16 * 1024 * 1024,
    // unknown fields are an error the client should hear about, not something to drop silently
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: false } },
  });
  const routes: CollectedRoute[] = [];
  routeTables.set(app, routes);
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) routes.push({ method, url: route.url, schema: route.schema, websocket: Boolean((route as { websocket?: boolean }).websocket) });
  });
  installErrorHandling(app);
  // Before the auth hook: the plugin's own hooks must see refused upgrades, to destroy their sockets.
  await app.register(websocket, {
    options: { maxPayload: 1024 * 1024 },
    // 1001 "going away" tells live clients to reconnect later rather than report an abnormal close
    preClose(done) {
      for (const client of this.websocketServer.clients) client.close(1001, 'server shutting down');
      this.websocketServer.close();
      done();
    },
  });
  if (deps.config.mode === 'team') installTeamAuth(app, deps, deps.config.sessionSecret ?? (await ensureSecret(deps.config.home)));
  else installAuth(app, deps.config.token);
  installAuditHook(app, deps.store); // after auth: it records who read what, once the reply is sent
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched'; // unknown URLs share one label: no cardinality blow-up
    metrics.requestDuration.observe({ method: request.method, route, status_code: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });
  registerOpenApiRoute(app, routes, deps.config.version);
  for (const register of opts.modules ?? (await import('./routes/index.js')).ROUTE_MODULES) await register(app, deps);
  return app;
}

/**
 * Every route the app registered, as `{ method, url }` (URL patterns such as `/api/v1/sessions/:id`).
 * HEAD twins of GET routes are left out. Tests enumerate it to prove every route needs the token.
 */
export function routeTable(app: FastifyInstance): Array<{ method: string; url: string }> {
  const routes = routeTables.get(app) ?? [];
  const gets = new Set(routes.filter((r) => r.method === 'GET').map((r) => r.url));
  return routes.filter((r) => !(r.method === 'HEAD' && gets.has(r.url))).map(({ method, url }) => ({ method, url }));
}

function loggerOptions(logger: BuildAppOptions['logger']): FastifyServerOptions['logger'] {
  if (!logger) return false;
  return {
    level: typeof logger === 'object' && logger.level ? logger.level : 'info',
    // the token may ride in a page or WebSocket URL: it never reaches a log line
    serializers: {
      req: (req: { method: string; url: string; ip?: string }) => ({ method: req.method, url: urlWithoutToken(req.url), remoteAddress: req.ip }),
    },
  };
}
