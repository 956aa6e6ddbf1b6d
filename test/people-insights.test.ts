import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CanonicalEvent } from '../src/core/event.js';
import { registerApiRoutes } from '../src/server/routes/api/index.js';
import { registerAuditRoutes } from '../src/server/routes/audit.js';
import { registerInsightRoutes } from '../src/server/routes/insights.js';
import { registerLiveRoutes } from '../src/server/routes/live.js';
import { STORE_FACTORIES, type FreshStore } from './helpers/stores.js';
import { auditFlush, createTestTeam, LiveClient, startTeamServer, type TeamServer, type TestUser } from './helpers/team-app.js';

/** One llm call of `user` in session `sessionId`, with the session's visibility. */
function call(user: TestUser, sessionId: string, visibility: 'private' | 'team', ts: number): CanonicalEvent {
  return { id: `${sessionId}-${ts}`, ts, teamId: user.teamId, userId: user.id, visibility, agent: 'claude-code', source: 'test', sessionId, project: 'p', kind: 'llm_call', model: 'claude-sonnet-4-5', inputTokens: 10, outputTokens: 5, costUsd: 0.01 };
}

for (const factory of STORE_FACTORIES) {
  describe(`insights and audit on ${factory.kind}`, () => {
    let fresh: FreshStore;
    let server: TeamServer;
    let u: Record<string, TestUser>;
    let other: TestUser;

    before(async () => {
      fresh = await factory.create();
      u = (await createTestTeam(fresh.store, 'acme', { alice: 'admin', bob: 'member', val: 'viewer' })).users;
      other = (await createTestTeam(fresh.store, 'rival', { carol: 'admin' })).users.carol;
      const now = Date.now();
      await fresh.store.writeBatch([call(u.alice, 's-alice-team', 'team', now - 60_000), call(u.alice, 's-alice-private', 'private', now - 50_000), call(u.bob, 's-bob', 'private', now - 40_000)]);
      await fresh.store.refreshSessions();
      server = await startTeamServer(fresh.store, [registerApiRoutes, registerLiveRoutes, registerInsightRoutes, registerAuditRoutes]);
    });

    after(async () => {
      await server?.close();
      await fresh?.dispose();
    });

    const post = (user: TestUser, body: unknown) => server.call(user, 'POST', '/api/v1/insights', body);

    test('a new insight reaches team members on the live insights channel within 1 s, and no other team', async () => {
      const bob = await LiveClient.open(server.base, u.bob);
      const carol = await LiveClient.open(server.base, other);
      try {
        bob.send({ type: 'subscribe', id: 1, channel: 'insights' });
        carol.send({ type: 'subscribe', id: 1, channel: 'insights' });
        await bob.next((f) => f.type === 'snapshot');
        await carol.next((f) => f.type === 'snapshot');
        const started = Date.now();
        const created = await post(u.alice, { title: 'Cache the system prompt', body: 'halves the cost', tags: ['Caching', 'cost'] });
        assert.equal(created.status, 201, created.text);
        const frame = await bob.next((f) => f.type === 'update' && f.data.insights?.[0]?.id === created.json.id, 1000);
        assert.ok(Date.now() - started < 1000);
        assert.deepEqual(frame.data.insights[0].tags, ['caching', 'cost']);
        assert.equal(frame.data.insights[0].authorId, u.alice.id);
        await new Promise((resolve) => setTimeout(resolve, 200));
        assert.equal(carol.frames.filter((f) => f.type === 'update').length, 0, 'another team hears nothing');
        // a fresh subscription starts from the feed
        bob.send({ type: 'subscribe', id: 2, channel: 'insights' });
        const snapshot = await bob.next((f) => f.type === 'snapshot' && f.sub === 2);
        assert.equal(snapshot.data.insights[0].id, created.json.id);
      } finally {
        bob.close();
        carol.close();
      }
    });

    test('roles: viewers cannot post, vote or comment; sessions linked must be visible to the author', async () => {
      assert.equal((await post(u.val, { title: 'x' })).status, 403);
      const mine = await post(u.bob, { title: 'Bob note', tags: ['perf'] });
      assert.equal((await server.call(u.val, 'PUT', `/api/v1/insights/${mine.json.id}/vote`)).status, 403);
      assert.equal((await server.call(u.val, 'POST', `/api/v1/insights/${mine.json.id}/comments`, { body: 'hi' })).status, 403);
      assert.equal((await post(u.bob, { title: 'x', sessionId: 's-alice-private' })).status, 400, "another user's private session");
      const linked = await post(u.bob, { title: 'See this', sessionId: 's-alice-team' });
      assert.equal(linked.status, 201);
      assert.equal(linked.json.sessionLink, '/sessions/s-alice-team');
      assert.equal((await post(u.bob, { title: 'x', tags: ['not a tag!'] })).status, 400);
    });

    test('feed: newest first, cursor pages, tag and author filters, votes, my vote and comment counts', async () => {
      const titles = ['one', 'two', 'three'];
      const ids: string[] = [];
      for (const title of titles) ids.push((await post(u.bob, { title, tags: ['feed', title] })).json.id);
      const first = await server.call(u.alice, 'GET', '/api/v1/insights?tag=feed&limit=2');
      assert.deepEqual(first.json.items.map((i: { title: string }) => i.title), ['three', 'two']);
      const second = await server.call(u.alice, 'GET', `/api/v1/insights?tag=feed&limit=2&cursor=${first.json.nextCursor}`);
      assert.deepEqual(second.json.items.map((i: { title: string }) => i.title), ['one']);
      assert.equal(second.json.nextCursor, null);
      assert.deepEqual((await server.call(u.alice, 'GET', '/api/v1/insights?tag=two')).json.items.map((i: { id: string }) => i.id), [ids[1]]);
      const byAlice = (await server.call(u.bob, 'GET', `/api/v1/insights?author=${u.alice.id}`)).json.items;
      assert.ok(byAlice.length >= 1 && byAlice.every((i: { authorId: string }) => i.authorId === u.alice.id));

      await server.call(u.alice, 'PUT', `/api/v1/insights/${ids[0]}/vote`);
      await server.call(u.alice, 'PUT', `/api/v1/insights/${ids[0]}/vote`); // idempotent
      const voted = await server.call(u.bob, 'PUT', `/api/v1/insights/${ids[0]}/vote`);
      assert.equal(voted.json.votes, 2);
      assert.equal(voted.json.myVote, true);
      await server.call(u.bob, 'POST', `/api/v1/insights/${ids[0]}/comments`, { body: 'first!' });
      await server.call(u.alice, 'POST', `/api/v1/insights/${ids[0]}/comments`, { body: 'second' });
      const unvoted = await server.call(u.alice, 'DELETE', `/api/v1/insights/${ids[0]}/vote`);
      assert.deepEqual([unvoted.json.votes, unvoted.json.myVote, unvoted.json.comments], [1, false, 2]);
      const comments = await server.call(u.val, 'GET', `/api/v1/insights/${ids[0]}/comments?limit=1`);
      assert.deepEqual(comments.json.items.map((c: { body: string }) => c.body), ['first!']);
      const rest = await server.call(u.val, 'GET', `/api/v1/insights/${ids[0]}/comments?limit=1&cursor=${comments.json.nextCursor}`);
      assert.deepEqual(rest.json.items.map((c: { body: string }) => c.body), ['second']);
    });

    test('edit and delete: the author or an admin; another team sees nothing', async () => {
      const note = (await post(u.bob, { title: 'draft', tags: ['wip'] })).json;
      assert.equal((await server.call(u.val, 'PUT', `/api/v1/insights/${note.id}`, { title: 'hijack' })).status, 403);
      const edited = await server.call(u.alice, 'PUT', `/api/v1/insights/${note.id}`, { title: 'final', body: 'done', tags: ['done'] });
      assert.equal(edited.status, 200);
      assert.deepEqual([edited.json.title, edited.json.tags], ['final', ['done']]);
      const aliceNote = (await post(u.alice, { title: 'admin note' })).json;
      assert.equal((await server.call(u.bob, 'DELETE', `/api/v1/insights/${aliceNote.id}`)).status, 403);
      assert.equal((await server.call(other, 'GET', `/api/v1/insights/${note.id}`)).status, 404);
      assert.equal((await server.call(other, 'DELETE', `/api/v1/insights/${note.id}`)).status, 404);
      assert.deepEqual((await server.call(other, 'GET', '/api/v1/insights')).json.items, []);
      assert.equal((await server.call(u.bob, 'DELETE', `/api/v1/insights/${note.id}`)).status, 204);
      assert.equal((await server.call(u.bob, 'GET', `/api/v1/insights/${note.id}`)).status, 404);
      const audited = await fresh.store.reads.all(`SELECT action, actor_id FROM audit_log WHERE resource = $1 ORDER BY ts`, [`insight:${note.id}`]);
      assert.deepEqual(audited.map((r) => [r.action, r.actor_id]), [['insight.update', u.alice.id], ['insight.delete', u.bob.id]], 'an admin editing a colleague\'s insight is on record');
    });

    test('tag cloud: each tag with the number of insights carrying it', async () => {
      const feed = (await server.call(u.bob, 'GET', '/api/v1/insights?limit=100')).json.items as Array<{ tags: string[] }>;
      const expected = new Map<string, number>();
      for (const insight of feed) for (const tag of insight.tags) expected.set(tag, (expected.get(tag) ?? 0) + 1);
      const cloud = (await server.call(u.val, 'GET', '/api/v1/insights/tags')).json.tags as Array<{ tag: string; count: number }>;
      assert.deepEqual(new Map(cloud.map((t) => [t.tag, t.count])), expected);
      assert.equal(cloud[0].count, Math.max(...expected.values()));
      assert.deepEqual((await server.call(other, 'GET', '/api/v1/insights/tags')).json.tags, []);
    });

    test('audit: queries, exports and reads of another user\'s session are recorded; admins see the team, others themselves', async () => {
      await server.call(u.bob, 'GET', '/api/v1/sessions?format=csv');
      await server.call(u.bob, 'GET', '/api/v1/sessions/s-alice-team');
      await server.call(u.bob, 'GET', '/api/v1/sessions/s-bob');
      await server.call(u.val, 'GET', '/api/v1/overview');
      await auditFlush();
      const bobs = (await server.call(u.bob, 'GET', '/api/v1/audit?limit=1000')).json.items as Array<{ actorId: string; action: string; resource: string; detail: string }>;
      assert.ok(bobs.length > 0 && bobs.every((r) => r.actorId === u.bob.id), 'a member sees only their own rows');
      assert.ok(bobs.some((r) => r.action === 'export' && r.resource === '/api/v1/sessions'));
      const readsOfOthers = bobs.filter((r) => r.action === 'read.other');
      assert.equal(readsOfOthers.length, 1);
      assert.equal(JSON.parse(readsOfOthers[0].detail).owner, u.alice.id);
      assert.ok(bobs.some((r) => r.action === 'query' && r.resource === '/api/v1/sessions/:id'), 'his own session is a plain query');
      const team = (await server.call(u.alice, 'GET', '/api/v1/audit?action=query&limit=1000')).json.items as Array<{ actorId: string; action: string }>;
      assert.ok(team.some((r) => r.actorId === u.val.id) && team.every((r) => r.action === 'query'));
      assert.equal((await server.call(u.alice, 'GET', `/api/v1/audit?actor=${u.val.id}&resource=x`)).status, 200);
      // cursor pages on (ts, id) descending cover every row once
      const seen: string[] = [];
      let cursor = '';
      for (let i = 0; i < 100; i++) {
        const page = (await server.call(u.alice, 'GET', `/api/v1/audit?limit=3${cursor ? `&cursor=${cursor}` : ''}`)).json;
        seen.push(...page.items.map((r: { id: string; ts: number }) => r.id));
        if (!page.nextCursor) break;
        cursor = page.nextCursor;
      }
      assert.equal(new Set(seen).size, seen.length);
      const csv = await server.call(u.alice, 'GET', `/api/v1/audit?format=csv&actor=${u.bob.id}`);
      assert.match(csv.headers.get('content-type') ?? '', /text\/csv/);
      assert.match(csv.text.split('\n')[0], /actorId/);
      assert.equal((await server.call(other, 'GET', '/api/v1/audit?limit=1000')).json.items.filter((r: { actorId: string }) => r.actorId !== other.id).length, 0);
    });
  });
}
