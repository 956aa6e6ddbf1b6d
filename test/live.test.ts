import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import Fastify, { type FastifyInstance } from 'fastify';
import WebSocket from 'ws';
import type { CanonicalEvent } from '../src/core/event.js';
import type { Scope } from '../src/core/scope.js';
import { createLiveBus } from '../src/live/index.js';
import type { LiveBus } from '../src/live/types.js';
import { buildApp } from '../src/server/app.js';
import type { ServerDeps } from '../src/server/deps.js';
import { registerLiveRoutes, type LiveRouteOptions } from '../src/server/routes/live.js';
import { openStore } from '../src/store/open.js';
import type { Store } from '../src/store/store.js';
import { dropSchema, freshDuckDbStore, TEST_DATABASE_URL, type FreshStore } from './helpers/stores.js';

// Servers here: buildApp (token auth, only the live routes) for most tests; a bare Fastify with a
// header-chosen scope for the scope test and for shutdown (where registerLiveRoutes owns @fastify/websocket).

const TOKEN = 'live-test-token';
const AUTH = { authorization: `Bearer ${TOKEN}` };
const run = Date.now().toString(36);
let counter = 0;

function event(over: Partial<CanonicalEvent> = {}): CanonicalEvent {
  counter++;
  return {
    id: `live-${run}-${counter}`,
    ts: Date.now(),
    teamId: 'local',
    userId: 'local',
    visibility: 'private',
    agent: 'claude-code',
    source: 'test',
    sessionId: 's-main',
    project: 'proj',
    kind: 'prompt',
    text: `prompt ${counter}`,
    ...over,
  };
}

/** What ingest does: store, refresh roll-ups, then publish. */
async function publish(store: Store, bus: LiveBus, events: CanonicalEvent[]): Promise<void> {
  await store.writeBatch(events);
  await store.refreshSessions([...new Set(events.map((e) => e.sessionId))]);
  await bus.publish(events);
}

function deps(store: Store, bus: LiveBus): ServerDeps {
  const ingest = {
    status: () => ({ roots: [], watching: 'off' as const, files: 0, lastPassAt: null, lastEventAt: null, lagMs: 0, eventsIngested: 0, malformedLines: 0, problems: [], caughtUp: true }),
    importNow: async () => {
      throw new Error('no ingest in the live tests');
    },
  };
  const config = { host: '127.0.0.1', port: 0, home: '/tmp', token: TOKEN, version: 'test', watchedRoots: [], storeLocation: 'test' };
  return { store, bus, ingest: ingest as unknown as ServerDeps['ingest'], config };
}

interface LiveServer {
  app: FastifyInstance;
  url: string;
  connect(headers?: Record<string, string>): Promise<LiveClient>;
}

async function listen(app: FastifyInstance, defaultHeaders: Record<string, string>): Promise<LiveServer> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address() as { port: number };
  const url = `ws://127.0.0.1:${address.port}/api/v1/live`;
  return { app, url, connect: (headers = defaultHeaders) => LiveClient.open(url, headers) };
}

async function appServer(store: Store, bus: LiveBus, live: LiveRouteOptions = {}): Promise<LiveServer> {
  const app = await buildApp(deps(store, bus), { modules: [(a, d) => registerLiveRoutes(a, d, live)] });
  return listen(app, AUTH);
}

/** A bare app whose caller scope comes from `x-user` (team t1, own rows and shared ones only). */
async function bareServer(store: Store, bus: LiveBus, live: LiveRouteOptions = {}): Promise<LiveServer> {
  const app = Fastify();
  app.addHook('onRequest', async (request) => {
    const user = request.headers['x-user'];
    if (typeof user === 'string') request.scope = { userId: user, teamId: 't1', role: 'member', allOfTeam: false } satisfies Scope;
  });
  await registerLiveRoutes(app, deps(store, bus), live);
  return listen(app, {});
}

async function subscribe(client: LiveClient, frame: Record<string, unknown>) {
  client.send({ type: 'subscribe', ...frame });
  return client.take((f) => (f.type === 'snapshot' || f.type === 'error') && f.sub === frame.id);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('live WebSocket on the embedded store', () => {
  let fresh: FreshStore;
  let bus: LiveBus;
  let server: LiveServer;

  before(async () => {
    fresh = await freshDuckDbStore();
    bus = await createLiveBus({ store: fresh.store });
    server = await appServer(fresh.store, bus, { heartbeatMs: 50, metricsWindowMs: 2000 });
  });
  after(async () => {
    await server.app.close();
    await bus.close();
    await fresh.dispose();
  });

  test('the token is required', async () => {
    await assert.rejects(LiveClient.open(server.url, {}), /HTTP 401/);
  });

  test('subscribe gets a snapshot, then published events in order with increasing seq', async () => {
    const seeded = [event({ sessionId: 's-order' }), event({ sessionId: 's-order' }), event({ sessionId: 's-order' })];
    await publish(fresh.store, bus, seeded);
    const client = await server.connect();
    const hello = await client.takeType('hello');
    assert.equal(typeof hello.instance, 'string');
    const snapshot = await subscribe(client, { id: 'ev', channel: 'events', filters: { sessionId: 's-order' }, snapshotLimit: 2 });
    assert.equal(snapshot.type, 'snapshot');
    assert.deepEqual(snapshot.data.events.map((e: CanonicalEvent) => e.id), seeded.slice(1).map((e) => e.id));

    const live = [event({ sessionId: 's-order' }), event({ sessionId: 's-order' }), event({ sessionId: 's-order' })];
    await publish(fresh.store, bus, live.slice(0, 2));
    await publish(fresh.store, bus, live.slice(2));
    const frames = [];
    for (let i = 0; i < live.length; i++) frames.push(await client.takeType('event', 'ev'));
    assert.deepEqual(frames.map((f) => f.data.id), live.map((e) => e.id));
    let last = snapshot.seq!;
    for (const frame of frames) {
      assert.ok(frame.seq! > last, `seq ${frame.seq} after ${last}`);
      last = frame.seq!;
    }
    await client.close();
  });

  test('malformed frames get error frames and the socket stays open', async () => {
    const client = await server.connect();
    await client.takeType('hello');
    const cases: Array<[unknown, string]> = [
      ['not json', 'bad_frame'],
      [{ type: 'subscribe' }, 'bad_frame'],
      [{ type: 'dance' }, 'bad_frame'],
      [Buffer.from([1, 2, 3]), 'bad_frame'],
      [{ type: 'subscribe', id: 'a', channel: 'weather' }, 'unknown_channel'],
      [{ type: 'subscribe', id: 'b', channel: 'events', filters: { kind: 'nonsense' } }, 'bad_filter'],
      [{ type: 'subscribe', id: 'c', channel: 'sessions', filters: { level: 'error' } }, 'bad_filter'],
      [{ type: 'subscribe', id: 'd', channel: 'events', filters: { colour: 'red' } }, 'bad_filter'],
      [{ type: 'unsubscribe', id: 'never' }, 'unknown_sub'],
    ];
    for (const [frame, code] of cases) {
      client.send(frame);
      const error = await client.takeType('error');
      assert.equal(error.code, code, `${JSON.stringify(frame)} → ${error.message}`);
      assert.equal(typeof error.message, 'string');
    }
    await subscribe(client, { id: 'dup', channel: 'alerts' });
    client.send({ type: 'subscribe', id: 'dup', channel: 'alerts' });
    assert.equal((await client.takeType('error', 'dup')).code, 'duplicate_sub');
    client.send({ type: 'ping' });
    assert.equal(typeof (await client.takeType('pong')).seq, 'number');
    assert.equal(client.socket.readyState, WebSocket.OPEN);
    await client.close();
  });

  test('heartbeats arrive at the configured interval, with a resumable seq', async () => {
    const client = await server.connect();
    const first = await client.takeType('heartbeat');
    const second = await client.takeType('heartbeat');
    assert.ok(second.ts >= first.ts);
    assert.equal(typeof second.seq, 'number');
    await client.close();
  });

  test('a reconnecting client resumes with exactly the messages it missed', async () => {
    const filters = { sessionId: 's-resume' };
    const first = await server.connect();
    const hello = await first.takeType('hello');
    await subscribe(first, { id: 'r', channel: 'events', filters });
    const seen = [event({ sessionId: 's-resume' }), event({ sessionId: 's-resume' })];
    await publish(fresh.store, bus, seen);
    await first.takeType('event', 'r');
    const lastFrame = await first.takeType('event', 'r');
    await first.close();

    const missed = [event({ sessionId: 's-resume' }), event({ sessionId: 's-resume' })];
    await publish(fresh.store, bus, missed);
    await publish(fresh.store, bus, [event({ sessionId: 's-other' }), event({ sessionId: 's-other' })]);
    missed.push(event({ sessionId: 's-resume' }));
    await publish(fresh.store, bus, missed.slice(2));

    const second = await server.connect();
    await second.takeType('hello');
    second.send({ type: 'subscribe', id: 'r', channel: 'events', filters, resumeFrom: lastFrame.seq, instance: hello.instance });
    const done = await second.takeType('subscribed', 'r');
    const replayed = second.frames.filter((f) => f.sub === 'r' && f.type === 'event');
    assert.equal(done.replayed, 3);
    assert.deepEqual(replayed.map((f) => f.data.id), missed.map((e) => e.id));
    assert.ok(replayed.every((f, i) => f.seq! > (i ? replayed[i - 1].seq! : lastFrame.seq!)));
    assert.ok(!second.frames.some((f) => f.type === 'snapshot'), 'a resume sends no snapshot');
    second.drain('r');

    const next = event({ sessionId: 's-resume' });
    await publish(fresh.store, bus, [next]);
    assert.equal((await second.takeType('event', 'r')).data.id, next.id);
    assert.equal(second.frames.filter((f) => f.type === 'event').length, 4, 'no duplicates');
    await second.close();
  });

  test('a resume point from another instance gets resume_gap and a snapshot', async () => {
    const client = await server.connect();
    await client.takeType('hello');
    client.send({ type: 'subscribe', id: 'g', channel: 'events', resumeFrom: 1, instance: 'elsewhere' });
    assert.equal((await client.takeType('error', 'g')).code, 'resume_gap');
    assert.ok(Array.isArray((await client.takeType('snapshot', 'g')).data.events));
    await client.close();
  });

  test('alerts: context window past 80% and 95% of the model window, and in the snapshot', async () => {
    const client = await server.connect();
    await subscribe(client, { id: 'al', channel: 'alerts', filters: { sessionId: 's-ctx' } });
    const call = (cacheReadTokens: number) =>
      event({ sessionId: 's-ctx', kind: 'llm_call', model: 'claude-sonnet-4-5', inputTokens: 10, outputTokens: 5, cacheReadTokens, text: null });
    await publish(fresh.store, bus, [call(170_000)]);
    const warning = (await client.takeType('update', 'al')).data.alerts[0];
    assert.equal(warning.kind, 'context_window');
    assert.equal(warning.threshold, 80);
    assert.equal(warning.severity, 'warning');
    assert.equal(warning.contextWindow, 200_000);
    await publish(fresh.store, bus, [call(192_000)]);
    const critical = (await client.takeType('update', 'al')).data.alerts[0];
    assert.equal(critical.threshold, 95);
    assert.equal(critical.severity, 'critical');

    const late = await server.connect();
    const snapshot = await subscribe(late, { id: 'al2', channel: 'alerts' });
    const active = snapshot.data.alerts.find((a: { sessionId: string }) => a.sessionId === 's-ctx');
    assert.equal(active.threshold, 95);
    await Promise.all([client.close(), late.close()]);
  });

  test('aggregate updates come at most once a second per channel', async () => {
    const client = await server.connect();
    await subscribe(client, { id: 'ss', channel: 'sessions', filters: { sessionId: 's-agg' } });
    await subscribe(client, { id: 'mm', channel: 'metrics', filters: { sessionId: 's-agg' } });
    const batches = 8;
    for (let i = 0; i < batches; i++) {
      await publish(fresh.store, bus, [event({ sessionId: 's-agg' })]);
      await sleep(150);
    }
    // the last update shows every prompt
    for (;;) {
      const update = await client.takeType('update', 'ss');
      if (update.data.sessions[0].prompts === batches) break;
    }
    await client.take((f) => f.sub === 'mm' && f.data.events === 0, 20_000); // rates fall back to zero after the window
    const sessions = client.frames.filter((f) => f.type === 'update' && f.sub === 'ss');
    const rates = client.frames.filter((f) => f.type === 'update' && f.sub === 'mm');
    assert.ok(sessions.length < batches, `${sessions.length} session updates for ${batches} batches: coalesced`);
    assert.ok(rates.some((f) => f.data.events > 0 && f.data.eventsPerSec > 0));
    for (const frames of [sessions, rates]) {
      for (let i = 1; i < frames.length; i++) assert.ok(frames[i].data.ts - frames[i - 1].data.ts >= 1000, 'server stamps ≥ 1 s apart');
    }
    await client.close();
  });
});

describe('live WebSocket limits, scope and shutdown', () => {
  let fresh: FreshStore;
  let bus: LiveBus;

  before(async () => {
    fresh = await freshDuckDbStore();
    bus = await createLiveBus({ store: fresh.store });
  });
  after(async () => {
    await bus.close();
    await fresh.dispose();
  });

  test('another user\u2019s private events never arrive; shared ones and filters apply', async () => {
    const server = await bareServer(fresh.store, bus);
    const mine = { teamId: 't1', userId: 'alice', sessionId: 's-scope' };
    await publish(fresh.store, bus, [event({ ...mine, userId: 'bob', text: 'bob private, seeded' }), event({ ...mine, text: 'alice seeded' })]);
    const alice = await server.connect({ 'x-user': 'alice' });
    const snapshot = await subscribe(alice, { id: 'e', channel: 'events', filters: { kind: ['prompt', 'error'] } });
    assert.deepEqual(snapshot.data.events.map((e: CanonicalEvent) => e.text), ['alice seeded']);

    const visible = [event({ ...mine, text: 'alice own' }), event({ ...mine, userId: 'bob', visibility: 'team', kind: 'error', text: 'bob shared' })];
    const hidden = [
      event({ ...mine, userId: 'bob', text: 'bob private' }),
      event({ ...mine, teamId: 't2', text: 'other team' }),
      event({ ...mine, kind: 'log', text: 'filtered out by kind' }),
    ];
    const marker = event({ ...mine, text: 'marker' });
    await publish(fresh.store, bus, [hidden[0], visible[0], hidden[1]]);
    await publish(fresh.store, bus, [hidden[2], visible[1], marker]);
    await alice.take((f) => f.type === 'event' && f.data.id === marker.id);
    const texts = alice.frames.filter((f) => f.type === 'event').map((f) => f.data.text);
    assert.deepEqual(texts, ['alice own', 'bob shared', 'marker']);
    await alice.close();
    await server.app.close();
  });

  test('a resume point the buffer no longer reaches gets resume_gap and a fresh snapshot', async () => {
    const server = await appServer(fresh.store, bus, { replay: { maxItems: 3 } });
    const first = await server.connect();
    const hello = await first.takeType('hello');
    const snapshot = await subscribe(first, { id: 'x', channel: 'events', filters: { sessionId: 's-gap' } });
    await first.close();
    const missed = Array.from({ length: 6 }, () => event({ sessionId: 's-gap' }));
    await publish(fresh.store, bus, missed);
    const second = await server.connect();
    second.send({ type: 'subscribe', id: 'x', channel: 'events', filters: { sessionId: 's-gap' }, resumeFrom: snapshot.seq, instance: hello.instance });
    assert.equal((await second.takeType('error', 'x')).code, 'resume_gap');
    const fresher = await second.takeType('snapshot', 'x');
    assert.deepEqual(fresher.data.events.map((e: CanonicalEvent) => e.id), missed.map((e) => e.id));
    await second.close();
    await server.app.close();
  });

  test('a client that stops reading is dropped with 1013', async () => {
    const server = await appServer(fresh.store, bus, { maxQueueBytes: 256 * 1024 });
    const client = await server.connect();
    await subscribe(client, { id: 'slow', channel: 'events', filters: { sessionId: 's-slow' }, snapshotLimit: 0 });
    const raw = (client.socket as unknown as { _socket: import('node:net').Socket })._socket;
    raw.pause();
    const big = 'x'.repeat(3900);
    for (let i = 0; i < 40; i++) {
      await bus.publish(Array.from({ length: 100 }, () => event({ sessionId: 's-slow', text: big })));
      await sleep(5);
    }
    raw.resume();
    const closed = await client.closed;
    assert.equal(closed.code, 1013);
    assert.match(closed.reason, /too slow/);
    await server.app.close();
  });

  test('shutdown closes every socket with 1001', async () => {
    const server = await bareServer(fresh.store, bus);
    const client = await server.connect({ 'x-user': 'alice' });
    await subscribe(client, { id: 'e', channel: 'events' });
    await server.app.close();
    assert.equal((await client.closed).code, 1001);
  });
});

describe('live bus shared by two instances on PostgreSQL', () => {
  const schema = `sl_live_${process.pid}_${run}`;
  let stores: Store[] = [];
  let buses: LiveBus[] = [];
  let servers: LiveServer[] = [];

  before(async () => {
    stores = [await openStore({ databaseUrl: TEST_DATABASE_URL, pgSchema: schema }), await openStore({ databaseUrl: TEST_DATABASE_URL, pgSchema: schema })];
    buses = await Promise.all(stores.map((store) => createLiveBus({ databaseUrl: TEST_DATABASE_URL, store })));
    servers = await Promise.all(stores.map((store, i) => appServer(store, buses[i])));
  });
  after(async () => {
    for (const server of servers) await server.app.close();
    for (const bus of buses) await bus.close();
    for (const store of stores) await store.close();
    await dropSchema(TEST_DATABASE_URL, schema);
  });

  test('an event published on A reaches clients of A and B exactly once, large batches too', async () => {
    const [onA, onB] = await Promise.all(servers.map((s) => s.connect()));
    await Promise.all([onA, onB].map((c) => subscribe(c, { id: 'e', channel: 'events', filters: { sessionId: 's-shared' } })));
    const single = event({ sessionId: 's-shared' });
    // long ids: 300 of them overflow one NOTIFY payload, so the batch travels in several
    const batch = Array.from({ length: 300 }, (_, i) => event({ sessionId: 's-shared', id: `${'long-id-'.repeat(12)}${run}-${i}` }));
    const marker = event({ sessionId: 's-shared', text: 'marker' });
    await publish(stores[0], buses[0], [single]);
    await publish(stores[0], buses[0], batch);
    await publish(stores[0], buses[0], [marker]);
    const expected = [single, ...batch, marker].map((e) => e.id);
    for (const client of [onA, onB]) {
      await client.take((f) => f.type === 'event' && f.data.id === marker.id, 20_000);
      await sleep(200); // a duplicate would have arrived by now: it would follow the marker
      const ids = client.frames.filter((f) => f.type === 'event').map((f) => f.data.id);
      assert.deepEqual(ids, expected);
    }
    const fromB = event({ sessionId: 's-shared', text: 'from B' });
    await publish(stores[1], buses[1], [fromB]);
    assert.equal((await onA.take((f) => f.type === 'event' && f.data.id === fromB.id)).data.text, 'from B');
    await Promise.all([onA.close(), onB.close()]);
  });
});


/** A server frame as the tests read it. */
export type Frame = { type: string; sub?: string | number; seq?: number; code?: string; data?: any; [key: string]: any };

/**
 * A real WebSocket client that keeps every frame it got, so a test can wait for the next one that
 * matches, in arrival order, and still look at everything afterwards.
 */
export class LiveClient {
  readonly frames: Frame[] = [];
  private readonly unread: Frame[] = [];
  private wake: (() => void) | null = null;
  readonly closed: Promise<{ code: number; reason: string }>;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as Frame;
      this.frames.push(frame);
      this.unread.push(frame);
      this.wake?.();
    });
    this.closed = new Promise((resolve) => socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  }

  static open(url: string, headers: Record<string, string> = {}): Promise<LiveClient> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, { headers });
      const client = new LiveClient(socket);
      socket.once('open', () => resolve(client));
      socket.once('error', reject);
      socket.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    });
  }

  send(frame: unknown): void {
    this.socket.send(typeof frame === 'string' || Buffer.isBuffer(frame) ? frame : JSON.stringify(frame));
  }

  /** The next unread frame that matches (frames before it that do not match stay unread). */
  async take(match: (frame: Frame) => boolean, timeoutMs = 10_000): Promise<Frame> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = this.unread.findIndex(match);
      if (index >= 0) return this.unread.splice(index, 1)[0];
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching frame within ${timeoutMs} ms; unread: ${JSON.stringify(this.unread.slice(-5))}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = null;
    }
  }

  takeType(type: string, sub?: string | number, timeoutMs?: number): Promise<Frame> {
    return this.take((f) => f.type === type && (sub === undefined || f.sub === sub), timeoutMs);
  }

  /** Unread frames of one subscription, consumed. */
  drain(sub: string | number): Frame[] {
    const out = this.unread.filter((f) => f.sub === sub);
    for (const frame of out) this.unread.splice(this.unread.indexOf(frame), 1);
    return out;
  }

  async close(): Promise<void> {
    if (this.socket.readyState === WebSocket.OPEN || this.socket.readyState === WebSocket.CONNECTING) this.socket.close(1000);
    await this.closed;
  }
}
