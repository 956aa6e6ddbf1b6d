import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Store, StoreStats } from '../store/store.js';
import type { IngestControl } from './deps.js';

/**
 * Process-wide metrics (one set per process, however many apps a test starts):
 * default process metrics (memory, CPU, event loop), WebSocket clients and request latency.
 * The live module sets the WebSocket gauge: `metrics.wsClients.inc()` on open, `.dec()` on close.
 */
function createProcessMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'sightline_' });
  return {
    registry,
    wsClients: new Gauge({ name: 'sightline_websocket_clients', help: 'Open WebSocket connections', registers: [registry] }),
    requestDuration: new Histogram({
      name: 'sightline_http_request_duration_seconds',
      help: 'Time to answer a request, per route (the registered URL pattern)',
      labelNames: ['method', 'route', 'status_code'] as const,
      // fine steps below 100 ms, where the read API's target lies
      buckets: [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
  };
}

export const metrics = createProcessMetrics();

/** Current number of open WebSocket clients, as the gauge holds it. */
export async function wsClientCount(): Promise<number> {
  const value = (await metrics.wsClients.get()).values[0]?.value;
  return value ?? 0;
}

/**
 * Store stats with concurrent callers sharing one query: counting rows on a big PostgreSQL table
 * takes a while, and a scrape, the system page and a health check may all ask at once.
 */
export function sharedStoreStats(store: Store): () => Promise<StoreStats> {
  let inFlight: Promise<StoreStats> | null = null;
  return () => {
    inFlight ??= store.stats().finally(() => { inFlight = null; });
    return inFlight;
  };
}

/**
 * Metrics of one app: ingest counters and lag, store size. Read at scrape time from the
 * ingest service and the store, so they never drift from what /api/v1/system shows.
 */
export function createAppMetrics(ingest: IngestControl, storeStats: () => Promise<StoreStats>): Registry {
  const registry = new Registry();
  const status = () => ingest.status();
  counterFrom(registry, 'sightline_ingest_events_total', 'Events stored by continuous ingestion', () => status().eventsIngested);
  counterFrom(registry, 'sightline_ingest_malformed_lines_total', 'Transcript lines that failed to parse', () => status().malformedLines);
  gaugeFrom(registry, 'sightline_ingest_lag_seconds', 'Time from a file change being noticed to its events being stored (last pass)', () => status().lagMs / 1000);
  gaugeFrom(registry, 'sightline_ingest_files', 'Transcript files watched', () => status().files);
  gaugeFrom(registry, 'sightline_ingest_caught_up', '1 once the initial import has finished', () => (status().caughtUp ? 1 : 0));
  gaugeFrom(registry, 'sightline_ingest_last_event_timestamp_seconds', 'Time of the newest event ingested', () => (status().lastEventAt ?? 0) / 1000);
  gaugeFrom(registry, 'sightline_store_size_bytes', 'Bytes the store occupies on disk', async () => (await storeStats()).sizeBytes ?? 0);
  gaugeFrom(registry, 'sightline_store_events', 'Events in the store', async () => (await storeStats()).events);
  gaugeFrom(registry, 'sightline_store_sessions', 'Sessions in the store', async () => (await storeStats()).sessions);
  return registry;
}

function gaugeFrom(registry: Registry, name: string, help: string, read: () => number | Promise<number>): void {
  new Gauge({ name, help, registers: [registry], async collect() { this.set(await read()); } });
}

/** A counter whose value is owned elsewhere (the ingest service counts; we only expose). */
function counterFrom(registry: Registry, name: string, help: string, read: () => number): void {
  new Counter({ name, help, registers: [registry], collect() { this.reset(); this.inc(read()); } });
}

/** The Prometheus text exposition of the process metrics and this app's. */
export async function renderMetrics(appRegistry: Registry): Promise<{ contentType: string; body: string }> {
  const [processText, appText] = await Promise.all([metrics.registry.metrics(), appRegistry.metrics()]);
  return { contentType: metrics.registry.contentType, body: `${processText.trimEnd()}\n${appText}` };
}
