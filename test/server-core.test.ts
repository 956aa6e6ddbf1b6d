import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, stat, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import WebSocket from 'ws';
import { buildApp, routeTable } from '../src/server/app.js';
import { ROUTE_MODULES, type RouteModule } from '../src/server/routes/index.js';
import { ensureToken } from '../src/server/auth/token.js';
import { createLiveBus } from '../src/live/index.js';
import { createIngestService, type IngestService } from '../src/ingest/service.js';
import { buildReport } from '../src/analytics/reports/index.js';
import { localScope } from '../src/core/scope.js';
import type { LiveBus } from '../src/live/types.js';
import { generateTranscripts } from '../bench/generate.js';
import { freshDuckDbStore, freshPostgresStore, type FreshStore } from './helpers/stores.js';

let dir: string;
let fresh: FreshStore;
let bus: LiveBus;
let ingest: IngestService;
let app: FastifyInstance;
let base: string;
let token: string;

/** A WebSocket route of the test's own: proves upgrades pass the same token check as every route. */
const echoModule: RouteModule = (instance) => {
  instance.get('/api/v1/test-echo', { websocket: true }, (socket) => {
    socket.on('message', (data) => socket.send(String(data)));
  });
};

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sightline-server-'));
  await generateTranscripts({ outDir: join(dir, 'claude'), totalBytes: 250_000, seed: 11 });
  token = await ensureToken(join(dir, 'home'));
  fresh = await freshDuckDbStore();
  bus = await createLiveBus({ store: fresh.store });
  ingest = await createIngestService({ store: fresh.store, bus, roots: [join(dir, 'claude')], watch: false });
  const config = { host: '127.0.0.1', port: 0, home: join(dir, 'home'), token, version: '0.0.0-test', watchedRoots: [], storeLocation: 'test' };
  app = await buildApp({ store: fresh.store, bus, ingest, config }, { modules: [...ROUTE_MODULES, echoModule] });
  await app.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
});

after(async () => {
  await app.close();
  await ingest.stop();
  await bus.close();
  await fresh.dispose();
  await rm(dir, { recursive: true, force: true });
});

const auth = () => ({ authorization: `Bearer ${token}` });

async function getJson(path: string, headers: Record<string, string> = auth()) {
  const response = await fetch(base + path, { headers, redirect: 'manual' });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
}

/** A concrete URL for a route pattern: parameters and wildcards get placeholder values. */
function concrete(url: string): string {
  return url.replace(/:[A-Za-z0-9_]+/g, 'x').replace(/\*/g, 'x');
}

test('ensureToken creates a 0600 base64url token once and reuses it', async () => {
  const home = join(dir, 'token-home');
  const first = await ensureToken(home);
  assert.match(first, /^[A-Za-z0-9_-]{43}$/);
  assert.equal((await stat(join(home, 'token'))).mode & 0o777, 0o600);
  assert.equal(await ensureToken(home), first);
  assert.equal((await readFile(join(home, 'token'), 'utf8')).trim(), first);
});

test('every route refuses a request without the token, or with a wrong one', async () => {
  const routes = routeTable(app);
  assert.ok(routes.length >= 8, `route table too small: ${JSON.stringify(routes)}`);
  const attempts: Array<[string, Record<string, string>]> = [
    ['no token', {}],
    ['wrong bearer', { authorization: `Bearer ${token}x` }],
    ['wrong cookie', { cookie: `sightline_token=${token.slice(1)}` }],
    ['malformed header', { authorization: token }],
  ];
  for (const route of routes) {
    for (const [label, headers] of attempts) {
      const response = await fetch(base + concrete(route.url), { method: route.method, headers, redirect: 'manual' });
      assert.equal(response.status, 401, `${route.method} ${route.url} with ${label} answered ${response.status}`);
      if (route.method !== 'HEAD') assert.equal((await response.json()).error.code, 'unauthorized');
      else await response.arrayBuffer();
    }
  }
});

test('a wrong ?token is refused and gets no cookie', async () => {
  const response = await fetch(`${base}/?token=nope`, { redirect: 'manual' });
  assert.equal(response.status, 401);
  assert.equal(response.headers.get('set-cookie'), null);
  await response.arrayBuffer();
});

test('?token= sets an HttpOnly SameSite=Strict cookie, redirects without the token, and the cookie works', async () => {
  const response = await fetch(`${base}/sessions?range=7d&token=${encodeURIComponent(token)}`, { redirect: 'manual' });
  assert.equal(response.status, 302);
  assert.equal(response.headers.get('location'), '/sessions?range=7d');
  const cookie = response.headers.get('set-cookie') ?? '';
  assert.match(cookie, /^sightline_token=[^;]+;/);
  assert.match(cookie, /HttpOnly/);
  assert.match(cookie, /SameSite=Strict/);
  assert.match(cookie, /Path=\//);
  await response.arrayBuffer();
  const pair = cookie.split(';')[0];
  const withCookie = await getJson('/api/v1/system', { cookie: pair });
  assert.equal(withCookie.status, 200);
  assert.equal(withCookie.body.store.kind, 'duckdb');
});

test('WebSocket upgrades need the token: header, cookie or ?token', async () => {
  const url = `${base.replace('http', 'ws')}/api/v1/test-echo`;
  assert.equal(await upgrade(url), 'refused 401');
  assert.equal(await upgrade(`${url}?token=wrong`), 'refused 401');
  assert.equal(await upgrade(`${url}?token=${token}`), 'echo ping');
  assert.equal(await upgrade(url, { authorization: `Bearer ${token}` }), 'echo ping');
  assert.equal(await upgrade(url, { cookie: `sightline_token=${token}` }), 'echo ping');
});

function upgrade(url: string, headers: Record<string, string> = {}): Promise<string> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url, { headers });
    socket.on('open', () => socket.send('ping'));
    socket.on('message', (data) => {
      socket.close();
      resolve(`echo ${String(data)}`);
    });
    socket.on('unexpected-response', (_request, response) => {
      response.resume();
      resolve(`refused ${response.statusCode}`);
    });
    socket.on('error', (error) => resolve(`error ${error.message}`));
  });
}

test('readyz waits for the initial import; healthz answers throughout', async () => {
  assert.deepEqual((await getJson('/healthz')).body, { status: 'ok' });
  const before = await getJson('/readyz');
  assert.equal(before.status, 503);
  assert.equal(before.body.checks.ingest, 'catching_up');
  assert.equal(before.body.checks.store, 'ok');
  await ingest.start();
  const after = await getJson('/readyz');
  assert.equal(after.status, 200);
  assert.deepEqual(after.body, { status: 'ready', checks: { store: 'ok', ingest: 'caught_up' } });
});

test('metrics expose ingest counters, store size, WebSocket clients, latency per route and memory', async () => {
  await getJson('/healthz');
  const response = await fetch(`${base}/metrics`, { headers: auth() });
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', /^text\/plain/);
  const text = await response.text();
  const value = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1]);
  const status = ingest.status();
  assert.ok(status.eventsIngested > 0);
  assert.equal(value('sightline_ingest_events_total'), status.eventsIngested);
  assert.equal(value('sightline_ingest_malformed_lines_total'), status.malformedLines);
  assert.equal(value('sightline_ingest_caught_up'), 1);
  const stats = await fresh.store.stats();
  assert.equal(value('sightline_store_events'), stats.events);
  assert.ok(value('sightline_store_size_bytes') > 0);
  assert.ok(Number.isFinite(value('sightline_websocket_clients')));
  assert.ok(value('sightline_process_resident_memory_bytes') > 0);
  assert.match(text, /^sightline_http_request_duration_seconds_count\{method="GET",route="\/healthz",status_code="200"\} [1-9]/m);
  assert.match(text, /^sightline_ingest_lag_seconds /m);
});

test('system page data: store, ingest, memory, version and configuration without the token', async () => {
  const { status, body } = await getJson('/api/v1/system');
  assert.equal(status, 200);
  assert.equal(body.store.kind, 'duckdb');
  assert.equal(body.store.connected, true);
  assert.equal(body.store.events, (await fresh.store.stats()).events);
  assert.ok(body.store.sizeBytes > 0);
  assert.match(String(body.store.engineVersion), /\d+\.\d+/);
  assert.equal(body.ingest.caughtUp, true);
  assert.equal(body.version, '0.0.0-test');
  assert.ok(body.memory.rssBytes > 0);
  assert.equal(typeof body.websocketClients, 'number');
  assert.equal(body.config.token, '[redacted]');
  assert.ok(!JSON.stringify(body).includes(token), 'the token leaks through /api/v1/system');
});

test('unknown routes answer a 404 envelope', async () => {
  const { status, body } = await getJson('/api/v1/no-such-thing');
  assert.equal(status, 404);
  assert.equal(body.error.code, 'not_found');
  assert.match(body.error.message, /no-such-thing/);
});

test('malformed JSON is a 400 naming the body, and the server keeps serving', async () => {
  const response = await fetch(`${base}/api/v1/ingest/import`, { method: 'POST', headers: { ...auth(), 'content-type': 'application/json' }, body: '{"roots": [' });
  assert.equal(response.status, 400);
  assert.deepEqual((await response.json()).error, { code: 'bad_request', message: 'the request body is not valid JSON', field: 'body' });
  assert.equal((await getJson('/healthz')).status, 200);
});

test('report parameters are validated: wrong kind, wrong type, unknown zone each name their field', async () => {
  const cases: Array<[string, string]> = [
    ['/api/v1/reports/yearly', 'kind'],
    ['/api/v1/reports/daily?sessionLength=abc', 'sessionLength'],
    ['/api/v1/reports/daily?order=sideways', 'order'],
    ['/api/v1/reports/daily?timezone=Mars/Base', 'timezone'],
    ['/api/v1/reports/daily?since=2026-13-45', 'since'],
  ];
  for (const [path, field] of cases) {
    const { status, body } = await getJson(path);
    assert.equal(status, 400, path);
    assert.equal(body.error.code, 'bad_request', path);
    assert.equal(body.error.field, field, `${path}: ${body.error.message}`);
  }
});

test('GET /api/v1/reports/:kind answers exactly what buildReport gives', async () => {
  for (const kind of ['daily', 'monthly', 'session'] as const) {
    const { status, body } = await getJson(`/api/v1/reports/${kind}?timezone=UTC&mode=calculate`);
    assert.equal(status, 200);
    const expected = await buildReport(fresh.store, localScope, kind, { timezone: 'UTC', mode: 'calculate' });
    assert.deepEqual(body, JSON.parse(JSON.stringify(expected)), kind);
  }
  const { body } = await getJson('/api/v1/reports/daily?timezone=UTC');
  assert.ok(body.daily.length > 0, 'the seeded store gives a non-empty report');
});

test('openapi.json documents every /api/v1 route with its parameters', async () => {
  const { status, body } = await getJson('/api/v1/openapi.json');
  assert.equal(status, 200);
  assert.equal(body.openapi, '3.1.0');
  const apiRoutes = routeTable(app).filter((r) => r.url.startsWith('/api/v1/') && r.method !== 'HEAD');
  assert.ok(apiRoutes.length >= 5);
  for (const route of apiRoutes) {
    const path = route.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    assert.ok(body.paths[path]?.[route.method.toLowerCase()], `${route.method} ${route.url} missing from openapi.json`);
  }
  const report = body.paths['/api/v1/reports/{kind}'].get;
  const names = report.parameters.map((p: { name: string; in: string }) => `${p.in}:${p.name}`);
  assert.ok(names.includes('path:kind') && names.includes('query:timezone') && names.includes('query:sessionLength'), names.join(','));
  assert.match(report.summary, /report/);
});

test('on PostgreSQL: readiness, system data and reports come from the same queries', async () => {
  const pg = await freshPostgresStore();
  const pgBus = await createLiveBus({ store: pg.store });
  const pgIngest = await createIngestService({ store: pg.store, bus: pgBus, roots: [join(dir, 'claude')], watch: false });
  const config = { host: '127.0.0.1', port: 0, home: join(dir, 'home'), token, version: '0.0.0-test', watchedRoots: [], storeLocation: 'pg' };
  const pgApp = await buildApp({ store: pg.store, bus: pgBus, ingest: pgIngest, config });
  try {
    await pgIngest.start();
    const headers = { authorization: `Bearer ${token}` };
    const ready = await pgApp.inject({ url: '/readyz', headers });
    assert.equal(ready.statusCode, 200, ready.body);
    const system = (await pgApp.inject({ url: '/api/v1/system', headers })).json();
    assert.equal(system.store.kind, 'postgres');
    assert.equal(system.store.connected, true);
    assert.match(system.store.engineVersion, /PostgreSQL/);
    assert.equal(system.store.events, (await pg.store.stats()).events);
    const report = (await pgApp.inject({ url: '/api/v1/reports/daily?timezone=UTC', headers })).json();
    assert.deepEqual(report, JSON.parse(JSON.stringify(await buildReport(pg.store, localScope, 'daily', { timezone: 'UTC' }))));
    assert.ok(report.daily.length > 0);
  } finally {
    await pgApp.close();
    await pgIngest.stop();
    await pgBus.close();
    await pg.dispose();
  }
});
