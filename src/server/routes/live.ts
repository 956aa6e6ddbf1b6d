import type { FastifyInstance, FastifyRequest } from 'fastify';
import websocket from '@fastify/websocket';
import type { WebSocket } from 'ws';
import { localScope, type Scope } from '../../core/scope.js';
import { LiveHub, type LiveHubOptions } from '../../live/hub.js';
import type { ServerDeps } from '../deps.js';
import { metrics } from '../metrics.js';
import { watchSocketCredential } from '../auth/live-watch.js';

/** Tunables of the live endpoint; tests shorten the heartbeat. */
export type LiveRouteOptions = Partial<Omit<LiveHubOptions, 'bus' | 'store'>>;

/** Largest client frame accepted; a bigger one closes the socket with 1009 (ws) before we could parse it. */
const MAX_CLIENT_FRAME_BYTES = 1024 * 1024;

/**
 * GET /api/v1/live: the WebSocket endpoint (protocol in docs/live.md). Registers @fastify/websocket
 * when the app has not, so shutdown closes live sockets with 1001.
 * @example await registerLiveRoutes(app, deps, { heartbeatMs: 200 });
 */
export async function registerLiveRoutes(app: FastifyInstance, deps: ServerDeps, options: LiveRouteOptions = liveOptionsFromEnv()): Promise<void> {
  const hub = new LiveHub({
    onError: (error, context) => app.log.warn({ err: error }, context),
    ...options,
    bus: deps.bus,
    store: deps.store,
  });
  const shutdown = () => hub.close(1001, 'server shutting down');
  if (!app.hasDecorator('websocketServer')) {
    await app.register(websocket, {
      options: { maxPayload: MAX_CLIENT_FRAME_BYTES },
      preClose(done) {
        shutdown();
        this.websocketServer.close(() => done());
      },
    });
  }
  // when the app registered the plugin itself, its default preClose runs first (closing without a code)
  app.addHook('preClose', (done) => {
    shutdown();
    done();
  });

  app.get('/api/v1/live', { websocket: true, schema: { summary: 'Live updates over WebSocket (see docs/live.md)', tags: ['live'] } }, (socket, request) => {
    attachSocket(hub, socket, scopeOf(request));
    watchSocketCredential(request, socket); // team mode: closed as soon as its user is disabled or its key revoked
  });
}

function attachSocket(hub: LiveHub, socket: WebSocket, scope: Scope): void {
  metrics.wsClients.inc();
  const connection = hub.connect(socket, scope);
  socket.on('message', (data, isBinary) => {
    if (isBinary) connection.handleMessage('');
    else connection.handleMessage(data.toString());
  });
  socket.once('close', () => {
    metrics.wsClients.dec();
    connection.closedByPeer();
  });
}

/** The auth hook sets request.scope; without it (a bare app in a test) the local user's scope applies. */
function scopeOf(request: FastifyRequest): Scope {
  return (request as { scope?: Scope | null }).scope ?? localScope;
}

/** SIGHTLINE_LIVE_HEARTBEAT_MS, _REPLAY_ITEMS, _REPLAY_MS, _QUEUE_BYTES override the defaults. */
export function liveOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): LiveRouteOptions {
  const num = (name: string) => {
    const value = Number(env[name]);
    return env[name] && Number.isFinite(value) && value > 0 ? value : undefined;
  };
  const options: LiveRouteOptions = {};
  const heartbeatMs = num('SIGHTLINE_LIVE_HEARTBEAT_MS');
  if (heartbeatMs) options.heartbeatMs = heartbeatMs;
  const maxQueueBytes = num('SIGHTLINE_LIVE_QUEUE_BYTES');
  if (maxQueueBytes) options.maxQueueBytes = maxQueueBytes;
  const maxItems = num('SIGHTLINE_LIVE_REPLAY_ITEMS');
  const maxAgeMs = num('SIGHTLINE_LIVE_REPLAY_MS');
  if (maxItems || maxAgeMs) options.replay = { ...(maxItems ? { maxItems } : {}), ...(maxAgeMs ? { maxAgeMs } : {}) };
  return options;
}
