import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CanonicalEvent } from '../src/core/event.js';
import { writeTeamSettings } from '../src/people/settings.js';
import { registerApiRoutes } from '../src/server/routes/api/index.js';
import { registerInsightRoutes } from '../src/server/routes/insights.js';
import { STORE_FACTORIES, type FreshStore } from './helpers/stores.js';
import { auditFlush, createTestTeam, startTeamServer, type TeamServer, type TestUser } from './helpers/team-app.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const SONNET = 'claude-sonnet-4-5';
const OPUS = 'claude-opus-4-1';
let counter = 0;

type Owner = Pick<TestUser, 'id' | 'teamId'>;

function llm(owner: Owner, sessionId: string, visibility: 'private' | 'team', ts: number, model: string, tokens: [number, number, number, number], costUsd: number): CanonicalEvent {
  const [inputTokens, outputTokens, cacheReadTokens, cacheCreationTokens] = tokens;
  return { id: `st-${++counter}`, ts, teamId: owner.teamId, userId: owner.id, visibility, agent: 'claude-code', source: 'test', sessionId, project: 'proj', kind: 'llm_call', model, inputTokens, outputTokens, cacheReadTokens, cacheCreationTokens, costUsd };
}

function prompt(owner: Owner, sessionId: string, visibility: 'private' | 'team', ts: number): CanonicalEvent {
  return { id: `st-${++counter}`, ts, teamId: owner.teamId, userId: owner.id, visibility, agent: 'claude-code', source: 'test', sessionId, project: 'proj', kind: 'prompt', text: 'go' };
}

// ---- expectations from the seed, computed without SQL ----
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
const tokensOf = (e: CanonicalEvent) => (e.inputTokens ?? 0) + (e.outputTokens ?? 0) + (e.cacheReadTokens ?? 0) + (e.cacheCreationTokens ?? 0);
const near = (actual: number, expected: number, what: string) => assert.ok(Math.abs(actual - expected) < 1e-9, `${what}: ${actual} ≠ ${expected}`);
const calls = (events: CanonicalEvent[]) => events.filter((e) => e.kind === 'llm_call');

function localWeekdayHour(ms: number, zone: string): [number, number] {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: zone, weekday: 'short', hour: '2-digit', hourCycle: 'h23' }).formatToParts(ms);
  const weekday = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(parts.find((p) => p.type === 'weekday')!.value);
  return [weekday, Number(parts.find((p) => p.type === 'hour')!.value)];
}

for (const factory of STORE_FACTORIES) {
  describe(`my stats and team analytics on ${factory.kind}`, () => {
    let fresh: FreshStore;
    let server: TeamServer;
    let alice: TestUser;
    let bob: TestUser;
    let carol: TestUser;
    let events: CanonicalEvent[];
    const now = Date.now();

    before(async () => {
      fresh = await factory.create();
      const acme = await createTestTeam(fresh.store, 'acme', { alice: 'admin', bob: 'member' });
      ({ alice, bob } = acme.users);
      carol = (await createTestTeam(fresh.store, 'rival', { carol: 'admin' })).users.carol;
      events = [
        prompt(bob, 'b1', 'private', now - HOUR - 1000),
        llm(bob, 'b1', 'private', now - HOUR, SONNET, [100, 50, 1000, 200], 0.1),
        llm(bob, 'b1', 'private', now - 2 * DAY, OPUS, [10, 400, 3000, 0], 0.5),
        llm(bob, 'b2', 'team', now - 3 * DAY, SONNET, [5, 5, 5, 5], 0.2),
        llm(bob, 'b-old', 'private', now - 20 * DAY, OPUS, [1, 2, 3, 4], 1.0),
        prompt(alice, 'a1', 'team', now - 5 * HOUR - 1000),
        llm(alice, 'a1', 'team', now - 5 * HOUR, SONNET, [7, 7, 7, 7], 0.3),
        llm(alice, 'a1', 'team', now - HOUR / 2, OPUS, [70, 70, 70, 70], 0.03),
        llm(alice, 'a-priv', 'private', now - 2 * HOUR, OPUS, [9, 9, 9, 9], 0.7),
        llm(carol, 'c1', 'team', now - HOUR, OPUS, [1000, 1000, 0, 0], 9),
      ];
      await fresh.store.writeBatch(events);
      await fresh.store.refreshSessions();
      await fresh.store.transaction(async (db) => {
        await writeTeamSettings(db, bob.teamId, { budgets: { team: { dayUsd: 10, monthUsd: 100, dayTokens: 100_000 }, users: { [bob.id]: { dayUsd: 1 } } } });
        const push = (id: string, user: TestUser, ts: number, error: string | null) =>
          db.run('INSERT INTO agent_pushes (id, ts, team_id, user_id, key_id, agent_id, hostname, events, inserted, bytes, lag_ms, error) VALUES ($1, $2, $3, $4, NULL, $5, $6, 10, 8, 1000, 50, $7)', [id, ts, user.teamId, user.id, 'agent-1', 'laptop', error]);
        await push('p1', bob, now - 2 * HOUR, null);
        await push('p2', bob, now - HOUR, 'disk full');
        await push('p3', alice, now - 10 * 60_000, null);
      });
      server = await startTeamServer(fresh.store, [registerApiRoutes, registerInsightRoutes]);
    });

    after(async () => {
      await server?.close();
      await fresh?.dispose();
    });

    const mine = (user: TestUser) => events.filter((e) => e.teamId === user.teamId && e.userId === user.id);

    test('tokens: daily by model, by model, top sessions, lifetime — the caller\'s only', async () => {
      for (const window of [7, 30]) {
        const { status, json } = await server.call(bob, 'GET', `/api/v1/me/stats/tokens?window=${window}`);
        assert.equal(status, 200);
        const from = now - (now % DAY) + DAY - window * DAY;
        const inWindow = calls(mine(bob)).filter((e) => e.ts >= from);
        const daily = new Map<string, number>();
        for (const e of inWindow) {
          const key = `${new Date(e.ts).toISOString().slice(0, 10)}/${e.model}`;
          daily.set(key, (daily.get(key) ?? 0) + tokensOf(e));
        }
        assert.deepEqual(new Map(json.daily.map((r: { day: string; model: string; totalTokens: number }) => [`${r.day}/${r.model}`, r.totalTokens])), daily);
        for (const model of [SONNET, OPUS]) {
          const row = json.byModel.find((r: { model: string }) => r.model === model);
          const expected = inWindow.filter((e) => e.model === model);
          near(row?.costUsd ?? 0, sum(expected.map((e) => e.costUsd!)), `${window}d ${model} cost`);
          assert.equal(row?.calls ?? 0, expected.length);
        }
        const sessions = [...new Set(inWindow.map((e) => e.sessionId))];
        const costOf = (s: string) => sum(inWindow.filter((e) => e.sessionId === s).map((e) => e.costUsd!));
        assert.deepEqual(json.topSessions.map((s: { sessionId: string }) => s.sessionId), sessions.sort((a, b) => costOf(b) - costOf(a)));
      }
      const { json } = await server.call(bob, 'GET', '/api/v1/me/stats/tokens?window=90');
      const all = calls(mine(bob));
      assert.equal(json.lifetime.sessions, 3);
      assert.equal(json.lifetime.inputTokens, sum(all.map((e) => e.inputTokens!)));
      assert.equal(json.lifetime.outputTokens, sum(all.map((e) => e.outputTokens!)));
      assert.equal(json.lifetime.cacheReadTokens, sum(all.map((e) => e.cacheReadTokens!)));
      assert.equal(json.lifetime.cacheCreationTokens, sum(all.map((e) => e.cacheCreationTokens!)));
      near(json.lifetime.costUsd, sum(all.map((e) => e.costUsd!)), 'lifetime cost');
      assert.equal((await server.call(bob, 'GET', '/api/v1/me/stats/tokens?window=8')).status, 400);
    });

    test('sessions: only the caller\'s, newest activity first, cursor-paginated', async () => {
      const lastTs = (s: string) => Math.max(...mine(bob).filter((e) => e.sessionId === s).map((e) => e.ts));
      const expected = ['b1', 'b2', 'b-old'].sort((a, b) => lastTs(b) - lastTs(a));
      const first = (await server.call(bob, 'GET', '/api/v1/me/stats/sessions?limit=2')).json;
      const second = (await server.call(bob, 'GET', `/api/v1/me/stats/sessions?limit=2&cursor=${first.nextCursor}`)).json;
      assert.deepEqual([...first.items, ...second.items].map((s: { sessionId: string }) => s.sessionId), expected);
      assert.equal(second.nextCursor, null);
      assert.ok([...first.items, ...second.items].every((s: { userId: string; processing: boolean }) => s.userId === bob.id && s.processing === false));
      const admins = (await server.call(alice, 'GET', '/api/v1/me/stats/sessions')).json.items.map((s: { sessionId: string }) => s.sessionId);
      assert.deepEqual(admins.sort(), ['a-priv', 'a1'], 'an admin gets their own sessions here, not the team\'s');
    });

    test('sync: the caller\'s agent pushes, newest first, and the last successful one', async () => {
      const { json } = await server.call(bob, 'GET', '/api/v1/me/stats/sync');
      assert.deepEqual(json.items.map((p: { id: string }) => p.id), ['p2', 'p1']);
      assert.equal(json.items[0].error, 'disk full');
      assert.equal(json.lastSyncAt, now - 2 * HOUR);
      assert.equal((await server.call(carol, 'GET', '/api/v1/me/stats/sync')).json.lastSyncAt, null);
    });

    test('queries: the caller\'s own query and export audit rows', async () => {
      await server.call(alice, 'GET', '/api/v1/sessions?format=csv');
      await server.call(bob, 'GET', '/api/v1/overview');
      await server.call(bob, 'GET', '/api/v1/sessions?format=json');
      await auditFlush();
      const rows = (await server.call(bob, 'GET', '/api/v1/me/stats/queries?limit=1000')).json.items as Array<{ actorId: string; action: string; resource: string }>;
      assert.ok(rows.every((r) => r.actorId === bob.id && ['query', 'export'].includes(r.action)));
      assert.ok(rows.some((r) => r.action === 'query' && r.resource === '/api/v1/overview'));
      assert.ok(rows.some((r) => r.action === 'export' && r.resource === '/api/v1/sessions'));
    });

    test('team analytics: per developer, heatmap in the zone, tags, budgets — over the rows the caller may see', async () => {
      await server.call(alice, 'POST', '/api/v1/insights', { title: 'tip', tags: ['cache', 'cost'] });
      const since = now - 7 * DAY;
      const visible = events.filter((e) => e.teamId === bob.teamId && (e.visibility === 'team' || e.userId === bob.id));
      const until = Date.now() + HOUR; // after the insight just posted
      const inRange = visible.filter((e) => e.ts >= since && e.ts < until);
      const { status, json } = await server.call(bob, 'GET', `/api/v1/team/analytics?since=${since}&until=${until}&tz=Asia/Kolkata`);
      assert.equal(status, 200, JSON.stringify(json));
      const users = [...new Set(inRange.map((e) => e.userId))];
      assert.deepEqual(json.developers.map((d: { userId: string }) => d.userId).sort(), users.sort());
      for (const dev of json.developers) {
        const theirs = inRange.filter((e) => e.userId === dev.userId);
        assert.equal(dev.sessions, new Set(theirs.map((e) => e.sessionId)).size, `${dev.userId} sessions`);
        near(dev.costUsd, sum(calls(theirs).map((e) => e.costUsd!)), `${dev.userId} cost`);
        assert.equal(dev.totalTokens, sum(calls(theirs).map(tokensOf)));
      }
      assert.equal(json.developers.find((d: { userId: string }) => d.userId === alice.id).name, 'alice');
      const heatmap = Array.from({ length: 7 }, () => new Array(24).fill(0));
      for (const e of inRange) {
        const [weekday, hour] = localWeekdayHour(e.ts, 'Asia/Kolkata');
        heatmap[weekday][hour]++;
      }
      assert.deepEqual(json.heatmap.counts, heatmap);
      assert.deepEqual(json.tags, [{ tag: 'cache', count: 1 }, { tag: 'cost', count: 1 }]);
    });

    test('budgets: today and this month against the team and per-user limits', async () => {
      const { json } = await server.call(bob, 'GET', '/api/v1/team/analytics?tz=UTC');
      const visible = calls(events.filter((e) => e.teamId === bob.teamId && (e.visibility === 'team' || e.userId === bob.id)));
      const dayStart = now - (now % DAY);
      const d = new Date(now);
      const monthStart = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
      const today = visible.filter((e) => e.ts >= dayStart);
      const month = visible.filter((e) => e.ts >= monthStart);
      near(json.budgets.team.day.usd, sum(today.map((e) => e.costUsd!)), 'team day usd');
      assert.equal(json.budgets.team.day.tokens, sum(today.map(tokensOf)));
      near(json.budgets.team.month.usd, sum(month.map((e) => e.costUsd!)), 'team month usd');
      assert.deepEqual([json.budgets.team.day.budgetUsd, json.budgets.team.month.budgetUsd, json.budgets.team.day.budgetTokens, json.budgets.team.month.budgetTokens], [10, 100, 100_000, null]);
      near(json.budgets.team.day.pctUsd, Math.round((sum(today.map((e) => e.costUsd!)) / 10) * 1000) / 10, 'team day pct');
      const bobs = json.budgets.users.find((u: { userId: string }) => u.userId === bob.id);
      near(bobs.day.usd, sum(today.filter((e) => e.userId === bob.id).map((e) => e.costUsd!)), 'bob day usd');
      assert.equal(bobs.day.budgetUsd, 1);
      assert.equal(bobs.month.budgetUsd, null);
      assert.equal((await server.call(bob, 'GET', '/api/v1/team/analytics?tz=Mars/Olympus')).status, 400);
    });
  });

  describe(`my sessions in local mode on ${factory.kind}`, () => {
    let fresh: FreshStore;
    let server: TeamServer;

    before(async () => {
      fresh = await factory.create();
      const local = { id: 'local', teamId: 'local' };
      await fresh.store.writeBatch([llm(local, 's-done', 'private', Date.now() - HOUR, SONNET, [1, 1, 1, 1], 0.01)]);
      await fresh.store.refreshSessions();
      await fresh.store.transaction(async (db) => {
        const checkpoint = (path: string, offset: number, size: number) =>
          db.run('INSERT INTO file_checkpoints (path, byte_offset, size_bytes, mtime_ms, ino, malformed_lines, updated_at) VALUES ($1, $2, $3, 0, 1, 0, $4)', [path, offset, size, Date.now()]);
        await checkpoint('/home/me/.claude/projects/p/s-reading.jsonl', 100, 5000);
        await checkpoint('/home/me/.claude/projects/p/s-done.jsonl', 300, 300);
      });
      server = await startTeamServer(fresh.store, [registerApiRoutes], 'local');
    });

    after(async () => {
      await server?.close();
      await fresh?.dispose();
    });

    test('transcripts still being read are listed first, marked processing', async () => {
      const { status, json } = await server.call(null, 'GET', '/api/v1/me/stats/sessions');
      assert.equal(status, 200);
      assert.deepEqual(json.items.map((s: { sessionId: string; processing: boolean }) => [s.sessionId, s.processing]), [['s-reading', true], ['s-done', false]]);
      assert.deepEqual([json.items[0].bytesRead, json.items[0].sizeBytes], [100, 5000]);
    });
  });
}
