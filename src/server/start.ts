import type { FastifyInstance } from 'fastify';
import { openStore } from '../store/open.js';
import type { Store } from '../store/store.js';
import type { LiveBus } from '../live/types.js';
import { createLiveBus } from '../live/index.js';
import { createIngestService, type IngestService } from '../ingest/service.js';
import { buildApp, type BuildAppOptions } from './app.js';
import { drainHookSpool } from '../sources/claude-code/hooks/spool-drain.js';
import { ensureToken } from './auth/token.js';
import { ensureSecret } from '../people/secret.js';
import type { ServerConfig } from './deps.js';

/** The port `sightline serve` binds by default (4317/4318 are OTLP's; 7317 echoes them without clashing). */
export const DEFAULT_PORT = 7317;
export const DEFAULT_HOST = '127.0.0.1';
/**
 * The dashboard reads the same roll-ups and event columns over and over: a server keeps more of them
 * decompressed in DuckDB's buffer pool than a one-shot import needs (the import's cap is 160 MB).
 */
const SERVE_DUCKDB_MEMORY = '1GB';

export interface StartOptions {
  home: string;
  host: string;
  /** 0 picks a free port */
  port: number;
  /** Claude config roots to ingest from */
  roots: string[];
  /** follow the roots for changes after the initial import */
  watch: boolean;
  version: string;
  /** PostgreSQL URL; default DATABASE_URL, else the embedded DuckDB file in `home` */
  databaseUrl?: string;
  logger?: BuildAppOptions['logger'];
  /** 'team': accounts instead of the local token (docs/people.md); default 'local' */
  mode?: 'local' | 'team';
  /** an already open store to serve (tests); it is not closed by close() */
  store?: Store;
}

export interface RunningServer {
  app: FastifyInstance;
  /** base URL, e.g. http://127.0.0.1:7317 */
  url: string;
  /** the link to open: base URL with `/?token=…` */
  tokenUrl: string;
  token: string;
  /** Graceful shutdown: stop accepting, close WebSockets, stop ingest (flushes), close bus and store. */
  close(): Promise<void>;
}

/**
 * Open the store, the live bus and continuous ingestion, build the app and listen.
 * The initial catch-up import runs after listening (/readyz says when it is done).
 * Everything opened is closed again when any step fails.
 */
export async function startServer(opts: StartOptions): Promise<RunningServer> {
  const closers: Array<() => Promise<void>> = [];
  const closeAll = async () => {
    for (const close of closers.reverse()) await close().catch(() => undefined);
    closers.length = 0;
  };
  try {
    const store: Store = opts.store ?? (await openStore({ databaseUrl: opts.databaseUrl, duckdbMemoryLimit: SERVE_DUCKDB_MEMORY }));
    if (!opts.store) closers.push(() => store.close());
    const token = await ensureToken(opts.home);
    const bus: LiveBus = await createLiveBus({ databaseUrl: opts.databaseUrl ?? process.env.DATABASE_URL, store });
    closers.push(() => bus.close());
    const ingest: IngestService = await createIngestService({ store, bus, roots: opts.roots, watch: opts.watch });
    closers.push(() => ingest.stop());
    const config = await serverConfig(opts, store, token);
    const app = await buildApp({ store, bus, ingest, config }, { logger: opts.logger });
    closers.push(() => app.close());
    await listen(app, opts.host, opts.port);
    const url = baseUrl(app, opts.host);
    void ingest.start().catch((error: unknown) => app.log.error({ err: error }, 'initial import failed'));
    // hook payloads spooled while no server ran are delivered now (exactly once: see the spool)
    void drainHookSpool(opts.home, { store, bus })
      .then((drained) => drained.delivered > 0 && app.log.info(drained, 'delivered spooled hook payloads'))
      .catch((error: unknown) => app.log.error({ err: error }, 'hook spool delivery failed'));
    return { app, url, token, tokenUrl: `${url}/?token=${token}`, close: closeAll };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

async function serverConfig(opts: StartOptions, store: Store, token: string): Promise<ServerConfig> {
  const stats = await store.stats();
  const mode = opts.mode ?? 'local';
  const sessionSecret = mode === 'team' ? await ensureSecret(opts.home) : undefined;
  return { host: opts.host, port: opts.port, home: opts.home, token, mode, sessionSecret, version: opts.version, watchedRoots: opts.watch ? opts.roots : [], storeLocation: stats.location };
}

async function listen(app: FastifyInstance, host: string, port: number): Promise<void> {
  try {
    await app.listen({ host, port });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new Error(`port ${port} on ${host} is already in use (another \`sightline serve\`?). Pick another with --port N.`);
    if (code === 'EACCES') throw new Error(`not allowed to listen on ${host}:${port}. Pick a port above 1024 with --port N.`);
    if (code === 'EADDRNOTAVAIL') throw new Error(`cannot bind ${host}: no such address on this machine. Check --host.`);
    throw error;
  }
}

/** The URL a browser or the CLI on this machine should use (a wildcard bind is reached on loopback). */
function baseUrl(app: FastifyInstance, host: string): string {
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const shown = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '[::1]' : host.includes(':') ? `[${host}]` : host;
  return `http://${shown}:${port}`;
}
