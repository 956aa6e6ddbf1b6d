import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/server/app.js';
import { createLiveBus } from '../src/live/index.js';
import { createIngestService, type IngestService } from '../src/ingest/service.js';
import { localScope } from '../src/core/scope.js';
import type { LiveBus } from '../src/live/types.js';
import { SightlineClient } from '../src/client/index.js';
import { freshDuckDbStore, type FreshStore } from './helpers/stores.js';

const TOKEN = 'client-test-token';
let dir: string;
let fresh: FreshStore;
let bus: LiveBus;
let ingest: IngestService;
let app: FastifyInstance | null = null;
let port: number;
const url = () => `http://127.0.0.1:${port}`;

async function startApp(): Promise<void> {
  const config = { host: '127.0.0.1', port, home: dir, token: TOKEN, version: '0.0.0-test', watchedRoots: [], storeLocation: 'test' };
  app = await buildApp({ store: fresh.store, bus, ingest, config });
  await app.listen({ host: '127.0.0.1', port });
}

async function stopApp(): Promise<void> {
  await app?.close();
  app = null;
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sightline-client-'));
  fresh = await freshDuckDbStore();
  bus = await createLiveBus({ store: fresh.store });
  ingest = await createIngestService({ store: fresh.store, bus, roots: [], watch: false });
  port = 0;
  await startApp();
  port = (app!.server.address() as AddressInfo).port;
});

after(async () => {
  await stopApp();
  await ingest.stop();
  await bus.close();
  await fresh.dispose();
  await rm(dir, { recursive: true, force: true });
});

const stored = (sessionId: string) => fresh.store.listEvents(localScope, { sessionId, limit: 10_000 });

test('every helper sends a valid event of its kind; ids come back from the calls', async () => {
  const client = new SightlineClient({ url: url(), token: TOKEN, sessionId: 'helpers', agent: 'test-app' });
  const ids = [
    client.log('hello', { level: 'warning' }),
    client.llmCall({ model: 'claude-sonnet-4-5', inputTokens: 10, outputTokens: 5, durationMs: 800 }),
    client.toolCall({ toolName: 'search', mcpServer: 'docs', durationMs: 30 }),
    client.memory({ op: 'write', category: 'facts', importance: 0.5, text: 'the sky is blue' }),
    client.jobRun({ name: 'nightly', type: 'cron', schedule: '0 3 * * *', durationMs: 1200, result: 'error', nextRunAt: Date.now() + 86_400_000 }),
    client.capability({ name: 'github', type: 'mcp_server', status: 'degraded', reason: 'slow' }),
    client.event({ kind: 'session_end' }),
  ];
  assert.equal(await client.close(), true);
  const events = await stored('helpers');
  assert.deepEqual(events.map((e) => e.id).sort(), [...ids].sort());
  assert.deepEqual(events.map((e) => e.kind).sort(), ['capability', 'job_run', 'llm_call', 'log', 'memory', 'session_end', 'tool_call']);
  assert.ok(events.every((e) => e.agent === 'test-app' && e.source === 'api'));
  const job = events.find((e) => e.kind === 'job_run')!;
  assert.equal(job.status, 'error');
  assert.equal((job.attrs as { job: { result: string } }).job.result, 'error');
  assert.deepEqual(client.stats(), { queued: 7, delivered: 7, rejected: 0, dropped: 0, pending: 0, retries: 0 });
});

test('rejected events are counted and reported, the rest delivered', async () => {
  const errors: string[] = [];
  const client = new SightlineClient({ url: url(), token: TOKEN, sessionId: 'rejects', onError: (e) => errors.push(e.message) });
  client.event({ kind: 'memory', attrs: { memory: { op: 'forget', category: 'x' } } });
  client.log('fine');
  await client.close();
  assert.deepEqual([client.stats().delivered, client.stats().rejected], [1, 1]);
  assert.match(errors[0], /attrs\.memory\.op/);
});

test('while the server is down events wait on disk, in segments, and arrive once and in order when it is back', async () => {
  const bufferDir = join(dir, 'buffer-down');
  await stopApp();
  const client = new SightlineClient({ url: url(), token: TOKEN, sessionId: 'down', bufferDir, batchSize: 50, flushIntervalMs: 20, maxBackoffMs: 100 });
  const ids: string[] = [];
  for (let i = 0; i < 300; i++) ids.push(client.log(`line ${i}`, { ts: 1_000 + i })!);
  assert.equal(await client.flush(300), false);
  assert.ok((await readdir(bufferDir)).filter((n) => n.endsWith('.ndjson')).length >= 6, 'segments on disk');
  assert.ok(client.stats().retries > 0);
  await startApp();
  assert.equal(await client.close(10_000), true);
  const events = (await stored('down')).sort((a, b) => a.ts - b.ts);
  assert.deepEqual(events.map((e) => e.id), ids);
  assert.deepEqual((await readdir(bufferDir)).filter((n) => n.endsWith('.ndjson')), []);
});

test('a new client on the same bufferDir delivers what an earlier one left behind', async () => {
  const bufferDir = join(dir, 'buffer-handover');
  await stopApp();
  const first = new SightlineClient({ url: url(), token: TOKEN, sessionId: 'handover', bufferDir, flushIntervalMs: 20, maxBackoffMs: 50 });
  const ids = Array.from({ length: 20 }, (_, i) => first.log(`left ${i}`)!);
  assert.equal(await first.close(200), false);
  await startApp();
  const second = new SightlineClient({ url: url(), token: TOKEN, bufferDir });
  assert.equal(await second.close(10_000), true);
  assert.deepEqual((await stored('handover')).map((e) => e.id).sort(), ids.sort());
});

test('the buffer is bounded: the oldest events are dropped and counted', async () => {
  const bufferDir = join(dir, 'buffer-full');
  const client = new SightlineClient({ url: 'http://127.0.0.1:9', token: TOKEN, bufferDir, batchSize: 10, maxBufferBytes: 20_000, flushIntervalMs: 10, maxBackoffMs: 20 });
  for (let i = 0; i < 500; i++) client.log(`filler ${i} ${'z'.repeat(100)}`);
  await client.flush(200);
  const stats = client.stats();
  assert.ok(stats.dropped > 0, 'some dropped');
  assert.equal(stats.dropped + stats.pending, 500);
  await client.close(50);
});

test('429 with Retry-After and 503 are retried; a 400 drops the batch', async () => {
  const answers = [
    { status: 429, headers: { 'retry-after': '0' } },
    { status: 503, headers: {} },
    { status: 200, headers: {} },
    { status: 400, headers: {} },
  ];
  const bodies: string[] = [];
  const stub: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      bodies.push(body);
      const answer = answers.shift() ?? { status: 500, headers: {} };
      res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      res.end(answer.status === 200 ? JSON.stringify({ accepted: 1, ids: [], rejected: [] }) : JSON.stringify({ error: { code: 'x', message: 'stub says no' } }));
    });
  });
  await new Promise<void>((resolve) => stub.listen(0, '127.0.0.1', resolve));
  const errors: string[] = [];
  const client = new SightlineClient({ url: `http://127.0.0.1:${(stub.address() as AddressInfo).port}`, token: TOKEN, maxBackoffMs: 20, onError: (e) => errors.push(e.message) });
  client.log('retried');
  assert.equal(await client.flush(5_000), true);
  client.log('refused');
  assert.equal(await client.flush(5_000), true);
  await client.close();
  stub.close();
  assert.equal(bodies.length, 4);
  assert.equal(bodies[0], bodies[2], 'the retry resends the same ids');
  assert.deepEqual([client.stats().retries, client.stats().delivered, client.stats().dropped], [2, 1, 1]);
  assert.match(errors[0], /HTTP 400: stub says no/);
});
