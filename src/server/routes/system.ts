import type { ServerConfig, ServerDeps } from '../deps.js';
import type { StoreStats } from '../../store/store.js';
import { wsClientCount } from '../metrics.js';

const SECRET_KEY = /token|secret|password|passwd|api[-_]?key|credential/i;

/** What the dashboard's system page shows: one read of everything, secrets redacted. */
export async function systemReport(
  deps: ServerDeps,
  storeStats: () => Promise<StoreStats>,
  probe: () => Promise<{ ok: boolean; latencyMs: number; error?: string }>,
) {
  const connectivity = await probe();
  const stats = connectivity.ok ? await storeStats().catch(() => null) : null;
  const memory = process.memoryUsage();
  return {
    version: deps.config.version,
    node: process.version,
    pid: process.pid,
    uptimeSeconds: Math.round(process.uptime()),
    store: {
      kind: deps.store.kind,
      location: stats?.location ?? deps.config.storeLocation,
      sizeBytes: stats?.sizeBytes ?? null,
      schemaVersion: stats?.schemaVersion ?? null,
      engineVersion: connectivity.ok ? await engineVersion(deps) : null,
      events: stats?.events ?? null,
      sessions: stats?.sessions ?? null,
      connected: connectivity.ok,
      latencyMs: connectivity.latencyMs,
      ...(connectivity.error ? { error: connectivity.error } : {}),
    },
    ingest: deps.ingest.status(),
    websocketClients: await wsClientCount(),
    memory: { rssBytes: memory.rss, heapUsedBytes: memory.heapUsed, heapTotalBytes: memory.heapTotal, externalBytes: memory.external },
    config: redactConfig(deps.config),
  };
}

/** `SELECT version()` works in DuckDB and PostgreSQL alike. */
async function engineVersion(deps: ServerDeps): Promise<string | null> {
  try {
    const [row] = await deps.store.reads.all('SELECT version() AS version', []);
    return row ? String((row as Record<string, unknown>).version) : null;
  } catch {
    return null;
  }
}

/** The configuration with every secret-looking value replaced: safe to show and to log. */
export function redactConfig(config: ServerConfig): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(config)) out[key] = SECRET_KEY.test(key) ? '[redacted]' : value;
  return out;
}
