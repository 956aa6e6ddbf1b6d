import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/server/app.js';
import { createLiveBus } from '../src/live/index.js';
import { createIngestService, type IngestService } from '../src/ingest/service.js';
import { localScope, type Scope } from '../src/core/scope.js';
import type { LiveBus } from '../src/live/types.js';
import { apiEventId } from '../src/sources/events-api/ids.js';
import { ingestApiEvents } from '../src/sources/events-api/ingest.js';
import { ApiEventWriter } from '../src/sources/events-api/writer.js';
import { STORE_FACTORIES, type FreshStore } from './helpers/stores.js';

const TOKEN = 'event-api-test-token';
const BODY_LIMIT = 2 * 2 ** 20; // small, so the 413 case stays cheap

for (const factory of STORE_FACTORIES) {
  describe(`POST /api/v1/events (${factory.kind})`, () => {
    let dir: string;
    let fresh: FreshStore;
    let bus: LiveBus;
    let ingest: IngestService;
    let app: FastifyInstance;
    let base: string;

    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'sightline-event-api-'));
      fresh = await factory.create();
      bus = await createLiveBus({ store: fresh.store });
      ingest = await createIngestService({ store: fresh.store, bus, roots: [], watch: false });
      const config = { host: '127.0.0.1', port: 0, home: dir, token: TOKEN, version: '0.0.0-test', watchedRoots: [], storeLocation: 'test' };
      app = await buildApp({ store: fresh.store, bus, ingest, config }, { bodyLimit: BODY_LIMIT });
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

    const post = async (body: unknown, headers: Record<string, string> = {}) => {
      const response = await fetch(`${base}/api/v1/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}`, ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : null };
    };
    const count = (sessionId: string) => fresh.store.countEvents(localScope, { sessionId });
    const log = (sessionId: string, n: number, extra: Record<string, unknown> = {}) => ({ id: `${sessionId}-${n}`, ts: 1_700_000_000_000 + n, sessionId, kind: 'log', text: `line ${n}`, ...extra });

    test('a batch mixing valid and invalid events stores the valid ones and names each rejection by index and field', async () => {
      const events = [
        log('mixed', 0),
        { ...log('mixed', 1), ts: 'yesterday' },
        log('mixed', 2),
        { ...log('mixed', 3), bogus: true },
        { ...log('mixed', 4), inputTokens: -5 },
        { ...log('mixed', 5), kind: 'nonsense' },
        { ...log('mixed', 6), teamId: 'someone-else' },
        { ...log('mixed', 7), source: 'transcript', sourcePath: '/etc/passwd' },
        { ...log('mixed', 8), sourcePath: '/etc/passwd' },
        'not an object',
        log('mixed', 10),
      ];
      const { status, body } = await post({ events });
      assert.equal(status, 207);
      assert.equal(body.accepted, 3);
      assert.deepEqual(body.ids, ['mixed-0', 'mixed-2', 'mixed-10']);
      assert.deepEqual(
        body.rejected.map((r: { index: number; field: string }) => [r.index, r.field]),
        [[1, 'ts'], [3, 'bogus'], [4, 'inputTokens'], [5, 'kind'], [6, 'teamId'], [7, 'source'], [8, 'sourcePath'], [9, '']],
      );
      for (const rejection of body.rejected) assert.ok(rejection.message.length > 0);
      assert.match(body.rejected[1].message, /bogus/);
      assert.equal(await count('mixed'), 3);
    });

    test('all valid: 200; omitted fields are stamped (owner, source api, agent app) and a bare array works', async () => {
      const { status, body } = await post([log('stamped', 0), { ...log('stamped', 1), agent: 'my-assistant', visibility: 'team' }]);
      assert.equal(status, 200);
      assert.deepEqual(body.rejected, []);
      const [first, second] = await fresh.store.listEvents(localScope, { sessionId: 'stamped', limit: 10 }).then((rows) => rows.sort((a, b) => a.ts - b.ts));
      assert.equal(first.source, 'api');
      assert.equal(first.agent, 'app');
      assert.equal(first.teamId, localScope.teamId);
      assert.equal(first.userId, localScope.userId);
      assert.equal(first.visibility, 'private');
      assert.equal(second.agent, 'my-assistant');
      assert.equal(second.visibility, 'team');
    });

    test('re-posting is idempotent: by id, by key, and by content', async () => {
      const events = [log('idem', 0), { ts: 1, sessionId: 'idem', kind: 'log', text: 'keyed', key: 'job-42' }, { ts: 2, sessionId: 'idem', kind: 'log', text: 'no id, no key' }];
      const first = await post({ events });
      const second = await post({ events });
      assert.equal(first.status, 200);
      assert.deepEqual(second.body.ids, first.body.ids);
      assert.equal(first.body.ids[1], apiEventId(localScope.teamId, { agent: 'app', key: 'job-42' }));
      assert.equal(await count('idem'), 3);
      const changedKeyedText = await post({ events: [{ ts: 1, sessionId: 'idem', kind: 'log', text: 'keyed, edited', key: 'job-42' }] });
      assert.equal(changedKeyedText.body.ids[0], first.body.ids[1]);
      assert.equal(await count('idem'), 3);
    });

    test('app kinds round-trip: memory, job_run, capability, log — read back via the store and GET /api/v1/logs', async () => {
      const ts = Date.now() - 60_000;
      const events = [
        { id: 'app-log', ts, sessionId: 'app', kind: 'log', level: 'warning', text: 'cache miss rate high' },
        { id: 'app-mem', ts: ts + 1, sessionId: 'app', kind: 'memory', text: 'prefers tabs', attrs: { memory: { op: 'write', category: 'preferences', importance: 0.8 } } },
        { id: 'app-job', ts: ts + 2, sessionId: 'app', kind: 'job_run', durationMs: 5400, status: 'ok', attrs: { job: { name: 'reindex', type: 'cron', schedule: '0 * * * *', result: 'ok', nextRunAt: ts + 3_600_000 } } },
        { id: 'app-cap', ts: ts + 3, sessionId: 'app', kind: 'capability', level: 'error', text: 'connection refused', attrs: { capability: { name: 'github-mcp', type: 'mcp_server', status: 'down', reason: 'connection refused' } } },
        { ts: ts + 4, sessionId: 'app', kind: 'memory', attrs: { memory: { op: 'erase', category: 'x' } } },
        { ts: ts + 5, sessionId: 'app', kind: 'memory', attrs: { memory: { op: 'read', category: 'x', importance: 1.5 } } },
        { ts: ts + 6, sessionId: 'app', kind: 'job_run', attrs: { job: { result: 'ok' } } },
        { ts: ts + 7, sessionId: 'app', kind: 'capability', attrs: {} },
        { ts: ts + 8, sessionId: 'app', kind: 'log' },
      ];
      const { status, body } = await post({ events });
      assert.equal(status, 207);
      assert.deepEqual(
        body.rejected.map((r: { index: number; field: string }) => [r.index, r.field]),
        [[4, 'attrs.memory.op'], [5, 'attrs.memory.importance'], [6, 'attrs.job.name'], [7, 'attrs.capability'], [8, 'text']],
      );
      const stored = new Map((await fresh.store.listEvents(localScope, { sessionId: 'app', limit: 50 })).map((e) => [e.id, e]));
      assert.deepEqual(stored.get('app-mem')?.attrs, { memory: { op: 'write', category: 'preferences', importance: 0.8 } });
      assert.equal(stored.get('app-job')?.durationMs, 5400);
      assert.equal((stored.get('app-job')?.attrs as { job: { schedule: string } }).job.schedule, '0 * * * *');
      assert.equal((stored.get('app-cap')?.attrs as { capability: { status: string } }).capability.status, 'down');
      const logs = await fetch(`${base}/api/v1/logs?session=app&from=${ts - 1000}&to=${ts + 10_000}`, { headers: { authorization: `Bearer ${TOKEN}` } }).then((r) => r.json());
      assert.deepEqual(logs.items.map((i: { id: string }) => i.id).sort(), ['app-cap', 'app-log']);
    });

    test('a model call without costUsd gets the price-table cost', async () => {
      await post({ events: [{ id: 'priced', ts: 5, sessionId: 'cost', kind: 'llm_call', model: 'claude-sonnet-4-5', inputTokens: 1000, outputTokens: 100 }] });
      const event = await fresh.store.getEvent(localScope, 'priced');
      assert.ok(Math.abs((event?.costUsd ?? 0) - 0.0045) < 1e-9, `cost ${event?.costUsd}`);
    });

    test('whole-request errors: over 10,000 events 400, oversized 413, malformed JSON 400, wrong envelope 400, no or wrong token 401', async () => {
      const tooMany = await post({ events: Array.from({ length: 10_001 }, () => ({ kind: 'log' })) });
      assert.equal(tooMany.status, 400);
      assert.equal(tooMany.body.error.field, 'events');
      const oversized = await post({ events: [{ ...log('big', 0), text: 'x'.repeat(BODY_LIMIT) }] });
      assert.equal(oversized.status, 413);
      assert.equal(oversized.body.error.code, 'payload_too_large');
      const malformed = await post('{"events": [');
      assert.equal(malformed.status, 400);
      assert.equal(malformed.body.error.field, 'body');
      const notArray = await post({ events: 'many' });
      assert.deepEqual([notArray.status, notArray.body.error.field], [400, 'events']);
      const extraKey = await post({ events: [], batch: 1 });
      assert.deepEqual([extraKey.status, extraKey.body.error.field], [400, 'batch']);
      const scalar = await post('42');
      assert.equal(scalar.status, 400);
      const noToken = await fetch(`${base}/api/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '[]' });
      assert.equal(noToken.status, 401);
      const wrongToken = await post([log('x', 0)], { authorization: 'Bearer wrong' });
      assert.equal(wrongToken.status, 401);
      assert.equal(await count('x'), 0);
      const stillServing = await post([log('after-errors', 0)]);
      assert.equal(stillServing.status, 200);
    });

    test('long text is clipped to the stored excerpt, not refused', async () => {
      const { status } = await post([{ ...log('clip', 0), text: 'y'.repeat(10_000) }]);
      assert.equal(status, 200);
      assert.equal((await fresh.store.getEvent(localScope, 'clip-0'))?.text?.length, 4000);
    });

    test("a team member cannot write into an id another owner holds", async () => {
      const writer = new ApiEventWriter({ store: fresh.store, bus });
      const alice: Scope = { teamId: 'team-a', userId: 'alice', role: 'member', allOfTeam: false };
      const mallory: Scope = { teamId: 'team-b', userId: 'mallory', role: 'member', allOfTeam: false };
      await ingestApiEvents(fresh.store, writer, alice, [{ id: 'owned-by-alice', ts: 1, sessionId: 'own', kind: 'log', text: 'mine' }]);
      const result = await ingestApiEvents(fresh.store, writer, mallory, [
        { id: 'owned-by-alice', ts: 1, sessionId: 'own', kind: 'log', text: 'overwritten?', attrs: { evil: true } },
        { id: 'mallorys-own', ts: 1, sessionId: 'own', kind: 'log', text: 'fine' },
        { ts: 1, sessionId: 'own', kind: 'log', text: 'as alice', userId: 'alice' },
      ]);
      assert.deepEqual(result.rejected.map((r) => [r.index, r.field]), [[0, 'id'], [2, 'userId']]);
      assert.deepEqual(result.ids, ['mallorys-own']);
      const alices = await fresh.store.getEvent({ ...alice, role: 'admin', allOfTeam: true }, 'owned-by-alice');
      assert.equal(alices?.text, 'mine');
      assert.equal(alices?.attrs ?? null, null);
    });
  });
}
