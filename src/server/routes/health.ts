import type { FastifyInstance } from 'fastify';
import type { ServerDeps } from '../deps.js';
import { sharedStoreStats, createAppMetrics, renderMetrics } from '../metrics.js';
import { systemReport } from './system.js';
import { registerReportRoutes } from './reports.js';

/**
 * Liveness, readiness, Prometheus metrics and the system page's data; also the report routes
 * (`sightline report` over HTTP), which have no other home yet.
 */
export function registerHealthRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const storeStats = sharedStoreStats(deps.store);
  const appMetrics = createAppMetrics(deps.ingest, storeStats);

  app.get('/healthz', { schema: { summary: 'Liveness: the process answers', tags: ['health'] } }, async () => ({ status: 'ok' }));

  app.get('/readyz', { schema: { summary: 'Readiness: store reachable, initial ingest caught up', tags: ['health'] } }, async (_request, reply) => {
    const store = await probeStore(deps);
    const caughtUp = deps.ingest.status().caughtUp;
    const ready = store.ok && caughtUp;
    return reply.code(ready ? 200 : 503).send({
      status: ready ? 'ready' : 'not_ready',
      checks: { store: store.ok ? 'ok' : `unreachable: ${store.error}`, ingest: caughtUp ? 'caught_up' : 'catching_up' },
    });
  });

  app.get('/metrics', { schema: { summary: 'Prometheus metrics (text exposition format)', tags: ['health'] } }, async (_request, reply) => {
    const { contentType, body } = await renderMetrics(appMetrics);
    return reply.type(contentType).send(body);
  });

  app.get('/api/v1/system', { schema: { summary: 'Store, ingest, WebSocket clients, memory, version and configuration (secrets redacted)', tags: ['system'] } },
    async () => systemReport(deps, storeStats, () => probeStore(deps)));

  registerReportRoutes(app, deps);
}

/** A trivial query: proves the store answers, and how fast. */
export async function probeStore(deps: ServerDeps): Promise<{ ok: boolean; latencyMs: number; error?: string }> {
  const started = performance.now();
  try {
    await deps.store.reads.all('SELECT 1 AS ok', []);
    return { ok: true, latencyMs: Math.round((performance.now() - started) * 100) / 100 };
  } catch (error) {
    return { ok: false, latencyMs: Math.round(performance.now() - started), error: (error as Error).message };
  }
}
