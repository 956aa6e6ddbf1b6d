import { Agent, request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import WebSocket from 'ws';
import pg from 'pg';
import { buildApp } from '../../src/server/app.js';
import { createLiveBus } from '../../src/live/index.js';
import { createIngestService } from '../../src/ingest/service.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';

export interface EventApiBenchOptions {
  /** events posted per store (default 200,000) */
  events?: number;
  /** events per request (default 1,000) */
  batchSize?: number;
  /** requests in flight at once, as several app instances would send (default 8) */
  concurrency?: number;
  /** PostgreSQL URL; default DATABASE_URL, else the local test database. Empty string: skip PostgreSQL */
  databaseUrl?: string;
  /** live latency run: seconds (default 10) at this many events per second (default 2,000) */
  liveSeconds?: number;
  livePerSecond?: number;
}

export interface EventApiBenchResult {
  duckdbEventsPerSec: number;
  postgresEventsPerSec: number;
  liveP99Ms: number;
  liveP50Ms: number;
  liveSamples: number;
}

interface BenchServer {
  port: number;
  token: string;
  close(): Promise<void>;
}

const TOKEN = 'bench-token';

/**
 * The event API over real HTTP: events/s with batches of 1,000 on DuckDB and PostgreSQL, then the
 * latency from a POST to the event's arrival at a WebSocket client subscribed to `events` while
 * 2,000 events/s are ingested (embedded store).
 */
export async function benchEventApi(opts: EventApiBenchOptions = {}): Promise<EventApiBenchResult> {
  const total = opts.events ?? 200_000;
  const batchSize = opts.batchSize ?? 1_000;
  const concurrency = opts.concurrency ?? 8;
  const dir = mkdtempSync(join(tmpdir(), 'sightline-event-api-bench-'));
  try {
    const duckdbEventsPerSec = await withServer(await openStore({ databaseUrl: '', duckdbPath: join(dir, 'bench.duckdb') }), '', (s) => throughput(s, total, batchSize, concurrency));
    const databaseUrl = opts.databaseUrl ?? (process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test');
    const postgresEventsPerSec = databaseUrl ? await withPostgres(databaseUrl, (s) => throughput(s, total, batchSize, concurrency)) : NaN;
    const live = await withServer(await openStore({ databaseUrl: '', duckdbPath: join(dir, 'live.duckdb') }), '', (s) => liveLatency(s, opts.liveSeconds ?? 10, opts.livePerSecond ?? 2_000));
    return { duckdbEventsPerSec, postgresEventsPerSec, liveP99Ms: live.p99, liveP50Ms: live.p50, liveSamples: live.samples };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function withPostgres<T>(databaseUrl: string, run: (server: BenchServer) => Promise<T>): Promise<T> {
  const schema = `sl_bench_events_${process.pid}_${Date.now().toString(36)}`;
  try {
    return await withServer(await openStore({ databaseUrl, pgSchema: schema }), databaseUrl, run);
  } finally {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).finally(() => client.end());
  }
}

/** The full app (auth, routes, live bus) on a free port, around one store. */
async function withServer<T>(store: Store, databaseUrl: string, run: (server: BenchServer) => Promise<T>): Promise<T> {
  const bus = await createLiveBus({ databaseUrl, store });
  const ingest = await createIngestService({ store, bus, roots: [], watch: false });
  const config = { host: '127.0.0.1', port: 0, home: tmpdir(), token: TOKEN, version: 'bench', watchedRoots: [], storeLocation: store.kind };
  const app = await buildApp({ store, bus, ingest, config });
  await app.listen({ host: '127.0.0.1', port: 0 });
  try {
    return await run({ port: (app.server.address() as AddressInfo).port, token: TOKEN, close: () => app.close() });
  } finally {
    await app.close();
    await ingest.stop();
    await bus.close();
    await store.close();
  }
}

/** A mix of what applications send: model calls, tool calls, logs, memory reads/writes. */
export function benchEvent(n: number, marker = ''): Record<string, unknown> {
  const ts = Date.UTC(2025, 0, 1) + n * 10;
  const sessionId = `bench-app-${n % 50}`;
  switch (n % 4) {
    case 0:
      return { id: `bench-${n}`, ts, sessionId, agent: 'bench-app', kind: 'llm_call', model: 'claude-sonnet-4-5', inputTokens: 1200 + (n % 300), outputTokens: 300, cacheReadTokens: 5000, durationMs: 1800, text: marker || undefined };
    case 1:
      return { id: `bench-${n}`, ts, endTs: ts + 40, sessionId, agent: 'bench-app', kind: 'tool_call', toolName: 'search_docs', mcpServer: 'docs', status: 'ok', text: `query ${n} ${marker}` };
    case 2:
      return { id: `bench-${n}`, ts, sessionId, agent: 'bench-app', kind: 'log', level: n % 40 === 2 ? 'warning' : 'info', text: `processed request ${n} in 12 ms ${marker}`, attrs: { route: '/answer', worker: n % 8 } };
    default:
      return { id: `bench-${n}`, ts, sessionId, agent: 'bench-app', kind: 'memory', text: `user prefers short answers ${marker}`, attrs: { memory: { op: n % 8 === 3 ? 'write' : 'read', category: 'preferences', importance: 0.6 } } };
  }
}

/** Events/s posting `total` events in batches from `concurrency` senders; bodies are built before the clock starts. */
async function throughput(server: BenchServer, total: number, batchSize: number, concurrency: number): Promise<number> {
  const bodies: string[] = [];
  for (let start = 0; start < total; start += batchSize) {
    const events = [];
    for (let n = start; n < Math.min(total, start + batchSize); n++) events.push(benchEvent(n));
    bodies.push(JSON.stringify({ events }));
  }
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  let next = 0;
  const started = performance.now();
  const sender = async () => {
    while (next < bodies.length) {
      const { status, body } = await post(server, agent, bodies[next++]);
      if (status !== 200) throw new Error(`POST /api/v1/events answered ${status}: ${body.slice(0, 300)}`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, sender));
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return total / seconds;
}

function post(server: BenchServer, agent: Agent, body: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: server.port, path: '/api/v1/events', method: 'POST', agent, headers: { 'content-type': 'application/json', authorization: `Bearer ${server.token}`, 'content-length': Buffer.byteLength(body) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Post `perSecond` events/s in 20 batches a second; time each event from its POST to its WebSocket frame. */
async function liveLatency(server: BenchServer, seconds: number, perSecond: number): Promise<{ p50: number; p99: number; samples: number }> {
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api/v1/live`, { headers: { authorization: `Bearer ${server.token}` } });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  ws.on('message', (raw) => {
    const frame = JSON.parse(raw.toString()) as { type: string; data?: { id?: string } };
    const at = frame.type === 'event' && frame.data?.id ? sentAt.get(frame.data.id) : undefined;
    if (at !== undefined) {
      latencies.push(performance.now() - at);
      sentAt.delete(frame.data!.id!);
    }
  });
  ws.send(JSON.stringify({ type: 'subscribe', id: 'bench', channel: 'events', snapshotLimit: 1 }));
  await new Promise((r) => setTimeout(r, 300));
  const agent = new Agent({ keepAlive: true, maxSockets: 4 });
  const perBatch = Math.max(1, Math.round(perSecond / 20));
  const started = performance.now();
  const inFlight: Array<Promise<unknown>> = [];
  for (let batch = 0; performance.now() - started < seconds * 1000; batch++) {
    const events = Array.from({ length: perBatch }, (_, i) => benchEvent(1_000_000 + batch * perBatch + i, 'live'));
    const body = JSON.stringify({ events });
    const now = performance.now();
    for (const event of events) sentAt.set(event.id as string, now);
    inFlight.push(post(server, agent, body));
    const due = started + ((batch + 1) * 1000) / 20;
    await new Promise((r) => setTimeout(r, Math.max(0, due - performance.now())));
  }
  await Promise.all(inFlight);
  await new Promise((r) => setTimeout(r, 1000));
  ws.close();
  agent.destroy();
  if (sentAt.size > 0) process.stderr.write(`  ${sentAt.size} posted events never reached the WebSocket client\n`);
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * q))] ?? NaN;
  return { p50: at(0.5), p99: at(0.99), samples: latencies.length };
}

// `node dist/bench/server/event-api-bench.js` runs it on its own.
if (import.meta.url === `file://${process.argv[1]}`) {
  const events = Number(process.env.BENCH_EVENT_API_EVENTS ?? 200_000);
  benchEventApi({ events }).then((r) => console.log(JSON.stringify(r, null, 2)), (e) => { console.error(e); process.exitCode = 1; });
}
