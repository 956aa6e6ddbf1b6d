import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { buildApp } from '../src/server/app.js';
import { registerApiRoutes } from '../src/server/routes/api/index.js';
import type { ServerDeps } from '../src/server/deps.js';
import type { CanonicalEvent } from '../src/core/event.js';
import { localScope } from '../src/core/scope.js';
import { STORE_FACTORIES, type FreshStore } from './helpers/stores.js';
import { DAY, seedStore, type Seed } from './helpers/seed.js';

const TOKEN = 'test-token';

function depsFor(fresh: FreshStore): ServerDeps {
  return {
    store: fresh.store,
    bus: undefined as unknown as ServerDeps['bus'],
    ingest: undefined as unknown as ServerDeps['ingest'],
    config: { host: '127.0.0.1', port: 0, home: '', token: TOKEN, version: 'test', watchedRoots: [], storeLocation: '' },
  };
}

const newestFirst = (a: CanonicalEvent, b: CanonicalEvent) => b.ts - a.ts || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

for (const factory of STORE_FACTORIES) {
  describe(`GET /api/v1/events and store.deleteEvents on ${factory.kind}`, () => {
    let fresh: FreshStore;
    let app: FastifyInstance;
    let base: string;
    let seed: Seed;
    let from: number;
    let to: number;
    let inRange: CanonicalEvent[];

    const get = async (path: string) => {
      const response = await fetch(base + path, { headers: { authorization: `Bearer ${TOKEN}` } });
      const text = await response.text();
      return { status: response.status, headers: response.headers, text, json: response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : null };
    };

    before(async () => {
      fresh = await factory.create();
      seed = await seedStore(fresh.store);
      to = seed.now;
      from = to - 7 * DAY;
      inRange = seed.events.filter((e) => e.teamId === 'local' && e.ts >= from && e.ts < to).sort(newestFirst);
      app = await buildApp(depsFor(fresh), { modules: [registerApiRoutes] });
      await app.listen({ host: '127.0.0.1', port: 0 });
      const address = app.server.address();
      base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/api/v1`;
    });

    after(async () => {
      await app?.close();
      await fresh?.dispose();
      if (seed) await rm(dirname(seed.transcriptPath), { recursive: true, force: true });
    });

    test('events of every kind, newest first, paged by cursor without gaps or repeats; other teams never seen', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { status: number; json: { items: Array<{ id: string; ts: number; sessionId: string; project: string | null; kind: string }>; nextCursor: string | null } } = await get(`/events?from=${from}&to=${to}&limit=7${cursor ? `&cursor=${cursor}` : ''}`);
        assert.equal(page.status, 200);
        assert.ok(page.json.items.length <= 7);
        seen.push(...page.json.items.map((e) => e.id));
        cursor = page.json.nextCursor;
      } while (cursor);
      assert.deepEqual(seen, inRange.map((e) => e.id));
      const { json } = await get(`/events?from=${from}&to=${to}&limit=1`);
      const [first] = json.items;
      const expected = inRange[0];
      assert.equal(first.sessionId, expected.sessionId);
      assert.equal(first.project, expected.project);
      assert.equal(first.kind, expected.kind);
      assert.equal(first.agent, expected.agent);
      assert.equal(first.source, expected.source);
      assert.equal(first.inputTokens, expected.inputTokens ?? null);
    });

    test('filters: kind, level, session, q; order=asc; CSV', async () => {
      const errors = await get(`/events?from=${from}&to=${to}&kind=error,api_error`);
      assert.deepEqual(errors.json.items.map((e: { id: string }) => e.id), inRange.filter((e) => e.kind === 'error' || e.kind === 'api_error').map((e) => e.id));
      const warnings = await get(`/events?from=${from}&to=${to}&level=warning`);
      assert.equal(warnings.json.items.length, inRange.filter((e) => e.level === 'warning').length);
      const session = await get(`/events?from=${from}&to=${to}&session=s-ended`);
      assert.deepEqual(session.json.items.map((e: { id: string }) => e.id), inRange.filter((e) => e.sessionId === 's-ended').map((e) => e.id));
      const search = await get(`/events?from=${from}&to=${to}&q=FAILING`);
      assert.deepEqual(search.json.items.map((e: { id: string }) => e.id), inRange.filter((e) => e.text?.toLowerCase().includes('failing')).map((e) => e.id));
      const asc = await get(`/events?from=${from}&to=${to}&order=asc&limit=3`);
      assert.deepEqual(asc.json.items.map((e: { id: string }) => e.id), [...inRange].reverse().slice(0, 3).map((e) => e.id));
      const csv = await get(`/events?from=${from}&to=${to}&format=csv`);
      assert.match(csv.headers.get('content-disposition') ?? '', /attachment; filename="sightline-events-/);
      assert.equal(csv.text.trim().split('\n').length, 1 + Math.min(50, inRange.length));
      const bad = await get(`/events?kind=nope`);
      assert.equal(bad.status, 400);
      assert.equal(bad.json.error.field, 'kind');
    });

    test('deleteEvents + refreshSessions: the sessions whose events are gone leave no roll-up row', async () => {
      const store = fresh.store;
      const prefix = dirname(seed.transcriptPath) + '/';
      // by source path: only the one event with a sourcePath goes; its session keeps the others
      const byPath = await store.deleteEvents({ sourcePathPrefix: prefix });
      assert.equal(byPath.events, 1);
      assert.deepEqual(byPath.sessionIds, ['s-active']);
      await store.refreshSessions(byPath.sessionIds);
      assert.ok(await store.getSession(localScope, 's-active'));
      // by session: every event of s-ended, and its roll-up row disappears
      const bySession = await store.deleteEvents({ sessionIds: ['s-ended'] });
      assert.equal(bySession.events, seed.events.filter((e) => e.sessionId === 's-ended').length);
      await store.refreshSessions(bySession.sessionIds);
      assert.equal(await store.getSession(localScope, 's-ended'), null);
      assert.equal(await store.countEvents(localScope, { sessionId: 's-ended' }), 0);
      const sessions = await get(`/sessions?from=${from}&to=${to}`);
      assert.deepEqual(sessions.json.items.map((s: { sessionId: string }) => s.sessionId), ['s-active']);
      const tokens = await get(`/tokens?from=${from}&to=${to}`);
      assert.ok(!tokens.json.byProject.some((p: { key: string }) => p.key === 'proj-b'), 'no usage of the deleted session left');
      const stats = await store.stats();
      assert.equal(stats.sessions, (await store.listSessions({ ...localScope }, { limit: 1000 })).length + 1 /* s-foreign */);
    });
  });
}
