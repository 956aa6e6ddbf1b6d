import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { routeTable } from '../src/server/app.js';
import { PUBLIC_ROUTES } from '../src/server/auth/team-hook.js';
import { PUBLIC_SHARE_ROUTES } from '../src/server/routes/sharing.js';
import { LIVE_CHANNELS } from '../src/live/protocol.js';
import { STORE_FACTORIES } from './helpers/stores.js';
import { startTeamWorld, type TeamWorld } from './helpers/team-world.js';

/**
 * Team mode's isolation, end to end over real HTTP and WebSocket on both stores: every route of the
 * route table, every live channel. Team X: admin A1, members A and B, viewer V; team Y: admin Y1.
 * A has a private and a shared session, B a private one, Y1 one shared within Y. Nobody may read
 * another's private session (admins included), nobody in X anything of Y, and a viewer writes nothing.
 */

const ROSTER = {
  A1: { team: 'X', role: 'admin' },
  A: { team: 'X', role: 'member' },
  B: { team: 'X', role: 'member' },
  V: { team: 'X', role: 'viewer' },
  Y1: { team: 'Y', role: 'admin' },
} as const;

type Name = keyof typeof ROSTER;
type Body = { json: unknown } | { raw: string; type: string };
type Ids = Record<string, string>;

/**
 * Every non-GET route, with a body that passes validation and the path ids to aim at, and what a
 * viewer gets. A write route missing here fails the test: classify it when you add it.
 */
const WRITE_ROUTES: Record<string, { body?: Body; params?: (ids: Ids) => Record<string, string>; viewer: 403 | 'allowed' | readonly number[] }> = {
  'POST /api/v1/auth/setup': { body: { json: { teamName: 'T', email: 'v2@example.test', name: 'V', password: 'long enough password' } }, viewer: 'allowed' },
  'POST /api/v1/auth/login': { body: { json: { email: 'v@example.test', password: 'wrong password!' } }, viewer: 'allowed' },
  'POST /api/v1/auth/logout': { viewer: 'allowed' },
  'POST /api/v1/auth/logout-all': { viewer: 'allowed' },
  'POST /api/v1/auth/register': { body: { json: { email: 'r@example.test', name: 'R', password: 'long enough password' } }, viewer: 'allowed' },
  'PUT /api/v1/auth/me': { body: { json: { name: 'Vera' } }, viewer: 'allowed' },
  'POST /api/v1/keys': { body: { json: { name: 'v ingest', scopes: ['ingest'] } }, viewer: 403 },
  'DELETE /api/v1/keys/:id': { params: (ids) => ({ id: ids.aKeyId }), viewer: [403, 404] },
  'POST /api/v1/ingest/import': { body: { json: {} }, viewer: 403 },
  'POST /api/v1/events': { body: { json: { events: [{ ts: Date.now(), sessionId: 'viewer-write', kind: 'log', text: 'nope' }] } }, viewer: 403 },
  'POST /api/v1/agent/push': { body: { raw: '\n', type: 'application/x-ndjson' }, viewer: 403 },
  'POST /api/v1/hooks/claude-code': { body: { json: { hook_event_name: 'Stop', session_id: 'viewer-write' } }, viewer: 403 },
  'POST /api/v1/hooks/claude-code/batch': { body: { json: { items: [] } }, viewer: 403 },
  'POST /api/v1/hooks/statusline': { body: { json: { session_id: 'viewer-write' } }, viewer: 403 },
  'POST /v1/logs': { body: { json: {} }, viewer: 403 },
  'POST /v1/metrics': { body: { json: {} }, viewer: 403 },
  'POST /v1/traces': { body: { json: {} }, viewer: 403 },
  'POST /api/v1/demo': { viewer: 403 },
  'DELETE /api/v1/demo': { viewer: 403 },
  'POST /api/v1/insights': { body: { json: { title: 'viewer insight', body: 'x', tags: [] } }, viewer: 403 },
  'PUT /api/v1/insights/:id': { body: { json: { title: 'edited', body: 'x', tags: [] } }, params: (ids) => ({ id: ids.xInsightId }), viewer: 403 },
  'DELETE /api/v1/insights/:id': { params: (ids) => ({ id: ids.xInsightId }), viewer: 403 },
  'PUT /api/v1/insights/:id/vote': { params: (ids) => ({ id: ids.xInsightId }), viewer: 403 },
  'DELETE /api/v1/insights/:id/vote': { params: (ids) => ({ id: ids.xInsightId }), viewer: 403 },
  'POST /api/v1/insights/:id/comments': { body: { json: { body: 'viewer comment' } }, params: (ids) => ({ id: ids.xInsightId }), viewer: 403 },
  'PUT /api/v1/team': { body: { json: { profile: { description: 'viewer was here' } } }, viewer: 403 },
  'PUT /api/v1/team/members/:userId': { body: { json: { role: 'admin' } }, params: (ids) => ({ userId: ids.vUserId }), viewer: 403 },
  'DELETE /api/v1/team/members/:userId': { params: (ids) => ({ userId: ids.bUserId }), viewer: 403 },
  'POST /api/v1/team/invites': { body: { json: { role: 'admin' } }, viewer: 403 },
  'DELETE /api/v1/team/invites/:id': { params: (ids) => ({ id: ids.xInviteId }), viewer: 403 },
  'PUT /api/v1/sessions/:id/visibility': { body: { json: { visibility: 'private' } }, params: (ids) => ({ id: ids.aTeamSession }), viewer: 403 },
  'POST /api/v1/sessions/:id/public-link': { params: (ids) => ({ id: ids.aTeamSession }), viewer: 403 },
  'DELETE /api/v1/sessions/:id/public-link': { params: (ids) => ({ id: ids.aTeamSession }), viewer: 403 },
};

/** The routes that answer without a credential in team mode: few, and each one named here. */
const EXPECTED_PUBLIC = [
  'GET /api/v1/auth/state', 'POST /api/v1/auth/setup', 'POST /api/v1/auth/login', 'POST /api/v1/auth/register', 'POST /api/v1/auth/logout',
  'GET /healthz', 'GET /readyz', 'GET /assets/:file', 'GET /*',
  'GET /api/v1/public/:token', 'GET /api/v1/public/:token/events', 'GET /api/v1/public/:token/context',
];

const HOUR = 3_600_000;
const run = Math.random().toString(36).slice(2, 8);
const SID = {
  aPrivate: `sess-a-private-${run}`,
  aTeam: `sess-a-team-${run}`,
  bPrivate: `sess-b-private-${run}`,
  y: `sess-y-${run}`,
};
/** Text only the owner's (or the owning team's) eyes may see. */
const TEXT = { aPrivate: `SECRET-A-PRIVATE-${run}`, bPrivate: `SECRET-B-PRIVATE-${run}`, y: `SECRET-Y-${run}` };
/** Input tokens per session: distinct, so any sum says which sessions it counted. */
const TOKENS = { aPrivate: 700_001, aTeam: 20_002, bPrivate: 303, y: 50_005 };

for (const factory of STORE_FACTORIES) {
  describe(`team isolation on ${factory.kind}`, () => {
    let world: TWorld;

    before(async () => {
      world = await seed(await startTeamWorld(factory, ROSTER));
    });
    after(async () => world?.close());

    test('the public routes are a short, explicit list', () => {
      const publicRoutes = [...PUBLIC_ROUTES.map((r) => `${r.method} ${r.url}`), ...PUBLIC_SHARE_ROUTES.map((url) => `GET ${url}`)];
      assert.deepEqual([...publicRoutes].sort(), [...EXPECTED_PUBLIC].sort());
      assert.ok(publicRoutes.length <= 12);
    });

    test('every route needs a credential: none, a forged key or a forged cookie → 401', async () => {
      const routes = routeTable(world.app).filter((r) => !isPublic(r));
      assert.ok(routes.length >= 40, `route table too small: ${routes.length}`);
      const attempts: Array<[string, Record<string, string>]> = [
        ['nothing', {}],
        ['forged key', { authorization: `Bearer sl_${'a'.repeat(12)}_${'b'.repeat(43)}` }],
        ['forged cookie', { cookie: `sightline_session=${world.people.A.browser.cookie.split('=')[1].slice(0, -3)}abc` }],
      ];
      for (const route of routes) {
        for (const [label, headers] of attempts) {
          const response = await call(world, route.method, fill(route.url, world.ids), headers, route.method === 'GET' ? undefined : { json: {} });
          assert.equal(response.status, 401, `${route.method} ${route.url} with ${label}: ${response.status} ${response.text.slice(0, 200)}`);
        }
      }
      assert.equal((await call(world, 'GET', '/api/v1/no-such-route', {})).status, 401, 'unknown API paths need a principal too');
    });

    test('every write route is classified in WRITE_ROUTES (and the table lists only real routes)', () => {
      const writes = routeTable(world.app).filter((r) => r.method !== 'GET' && r.method !== 'HEAD').map((r) => `${r.method} ${r.url}`);
      const missing = writes.filter((key) => !(key in WRITE_ROUTES));
      assert.deepEqual(missing, [], 'new write routes: add them to WRITE_ROUTES with the body they need and what a viewer gets');
      const stale = Object.keys(WRITE_ROUTES).filter((key) => !writes.includes(key));
      assert.deepEqual(stale, [], 'WRITE_ROUTES lists routes the app no longer has');
    });

    test('a viewer gets 403 on every write route, signed in or with their key', async () => {
      const writes = routeTable(world.app).filter((r) => r.method !== 'GET' && r.method !== 'HEAD');
      for (const route of writes) {
        const spec = WRITE_ROUTES[`${route.method} ${route.url}`];
        if (!spec || spec.viewer === 'allowed') continue;
        const url = fill(route.url, world.ids, spec.params?.(world.ids));
        for (const headers of [world.people.V.browser, world.people.V.key]) {
          const response = await call(world, route.method, url, headers, spec.body);
          const allowed = spec.viewer === 403 ? [403] : spec.viewer;
          assert.ok(allowed.includes(response.status), `viewer ${route.method} ${url}: ${response.status} ${response.text.slice(0, 200)}`);
        }
      }
      // nothing the viewer tried took effect
      const team = await json(world, 'GET', '/api/v1/team', world.people.A1.browser);
      assert.notEqual(team.settings.profile.description, 'viewer was here');
      assert.equal(await visibilityAs(world, 'A', SID.aTeam), 'team');
      const members = await json(world, 'GET', '/api/v1/team/members', world.people.A1.browser);
      assert.equal(members.items.find((m: { userId: string }) => m.userId === world.people.V.userId).role, 'viewer');
      assert.ok(members.items.some((m: { userId: string }) => m.userId === world.people.B.userId));
    });

    test('positive control: owners and teammates see what is theirs to see', async () => {
      const mine = await text(world, 'GET', `/api/v1/sessions?${range()}`, world.people.A.browser);
      assert.ok(mine.includes(SID.aPrivate) && mine.includes(SID.aTeam), 'A sees both own sessions');
      assert.ok(mine.includes(TEXT.aPrivate) || (await text(world, 'GET', `/api/v1/sessions/${SID.aPrivate}/events`, world.people.A.browser)).includes(TEXT.aPrivate));
      const teammates = await text(world, 'GET', `/api/v1/sessions?${range()}`, world.people.B.key);
      assert.ok(teammates.includes(SID.aTeam), 'B sees the session A shared');
      assert.equal((await call(world, 'GET', `/api/v1/sessions/${SID.aTeam}/events`, world.people.V.browser)).status, 200);
      const y = await text(world, 'GET', `/api/v1/sessions?${range()}`, world.people.Y1.browser);
      assert.ok(y.includes(SID.y));
      // the sweep below finds a marker when one is there
      assert.deepEqual(leaks(mine, [SID.aPrivate]), [SID.aPrivate]);
    });

    for (const [name, label] of [['B', 'a teammate'], ['A1', 'an admin'], ['V', 'a viewer'], ['Y1', 'another team']] as const) {
      test(`${label} (${name}) reads nothing that is not theirs, through any GET route`, async () => {
        const forbidden = forbiddenFor(world, name);
        const candidates = candidatesFor(world, name);
        let requests = 0;
        for (const route of routeTable(world.app)) {
          if (route.method !== 'GET' || isPublic(route) || route.url === '/api/v1/live') continue;
          for (const url of urlsFor(route.url, candidates)) {
            for (const headers of [world.people[name].browser, world.people[name].key]) {
              const response = await call(world, 'GET', url, headers);
              requests++;
              assert.ok(response.status < 500, `${name} GET ${url}: ${response.status} ${response.text.slice(0, 300)}`);
              // an error may quote the id the caller sent ("no session 'x'"); an answer with data may not
              const body = response.status >= 400 ? withoutEcho(response.text, url) : response.text;
              assert.deepEqual(leaks(body, forbidden), [], `${name} GET ${url} (${response.status}) shows what is not theirs`);
            }
          }
        }
        assert.ok(requests > 100, `only ${requests} requests made`);
      });
    }

    test("direct reads of another's private session are 404, admins included", async () => {
      for (const name of ['B', 'A1', 'V', 'Y1'] as const) {
        for (const path of [`/api/v1/sessions/${SID.aPrivate}`, `/api/v1/sessions/${SID.aPrivate}/events`, `/api/v1/sessions/${SID.aPrivate}/context`, `/api/v1/events/${world.ids.aPrivateEventId}`]) {
          assert.equal((await call(world, 'GET', path, world.people[name].browser)).status, 404, `${name} ${path}`);
        }
      }
      for (const name of ['A1', 'B', 'V'] as const) assert.equal((await call(world, 'GET', `/api/v1/sessions/${SID.y}`, world.people[name].browser)).status, 404);
    });

    test("aggregates count only what the caller may see: B's totals exclude A's private tokens", async () => {
      const expected: Record<Name, number> = {
        A: TOKENS.aPrivate + TOKENS.aTeam + world.extraTeamTokens,
        B: TOKENS.bPrivate + TOKENS.aTeam + world.extraTeamTokens,
        A1: TOKENS.aTeam + world.extraTeamTokens,
        V: TOKENS.aTeam + world.extraTeamTokens,
        Y1: TOKENS.y,
      };
      for (const [name, tokens] of Object.entries(expected) as Array<[Name, number]>) {
        const overview = await json(world, 'GET', `/api/v1/overview?${range()}`, world.people[name].browser);
        assert.equal(overview.kpis.tokens.value, tokens, `${name}'s overview tokens`);
        const daily = await json(world, 'GET', `/api/v1/reports/daily?${range()}`, world.people[name].key);
        assert.equal(daily.totals.inputTokens, tokens, `${name}'s daily report input tokens`);
      }
    });

    test('live: no channel carries what is not the subscriber’s', async () => {
      const sockets = await Promise.all((['B', 'A1', 'V', 'Y1'] as const).map((name) => openLive(world, name)));
      try {
        const nowTs = Date.now() - 60_000;
        await ingest(world, 'A', [{ ts: nowTs, sessionId: SID.aPrivate, kind: 'log', level: 'info', text: `${TEXT.aPrivate} live` }]);
        await ingest(world, 'Y1', [{ ts: nowTs, sessionId: SID.y, kind: 'log', level: 'info', text: `${TEXT.y} live` }]);
        await ingest(world, 'B', [{ ts: nowTs, sessionId: SID.bPrivate, kind: 'log', level: 'info', text: `${TEXT.bPrivate} live` }]);
        const control = `live-control-${run}`;
        await ingest(world, 'A', [{ ts: nowTs + 1, sessionId: SID.aTeam, kind: 'log', level: 'info', text: control }]);
        await Promise.all(sockets.filter((s) => s.name !== 'Y1').map((s) => s.waitFor(control)));
        await new Promise((resolve) => setTimeout(resolve, 600)); // anything else published by now has arrived
        for (const socket of sockets) {
          assert.ok(socket.frames.some((f) => f.includes('"type":"snapshot"')), `${socket.name} got snapshots`);
          assert.deepEqual(leaks(socket.frames.join('\n'), forbiddenFor(world, socket.name)), [], `${socket.name}'s live frames`);
        }
        assert.ok(!sockets.find((s) => s.name === 'Y1')!.frames.join('\n').includes(control), 'Y1 hears nothing of team X');
      } finally {
        for (const socket of sockets) socket.close();
      }
    });

    test("writes aimed at others' sessions change nothing", async () => {
      for (const name of ['B', 'A1', 'Y1'] as const) {
        const headers = world.people[name].browser;
        assert.equal((await call(world, 'PUT', `/api/v1/sessions/${SID.aPrivate}/visibility`, headers, { json: { visibility: 'team' } })).status, 404, name);
        assert.equal((await call(world, 'POST', `/api/v1/sessions/${SID.aPrivate}/public-link`, headers)).status, 404, name);
      }
      assert.equal((await call(world, 'PUT', `/api/v1/sessions/${SID.aTeam}/visibility`, world.people.B.browser, { json: { visibility: 'private' } })).status, 403);
      assert.equal((await call(world, 'PUT', `/api/v1/sessions/${SID.aTeam}/visibility`, world.people.A.key, { json: { visibility: 'private' } })).status, 403, 'keys do not share');
      // an event API client cannot write into another team or as a teammate
      const foreign = await call(world, 'POST', '/api/v1/events', world.people.B.key, { json: { events: [{ ts: Date.now(), sessionId: SID.aPrivate, kind: 'log', text: 'x', userId: world.people.A.userId }] } });
      assert.equal(foreign.status, 207);
      assert.equal(await visibilityAs(world, 'A', SID.aPrivate), 'private');
      assert.equal((await call(world, 'GET', `/api/v1/sessions/${SID.aPrivate}`, world.people.B.browser)).status, 404);
    });

    test('sharing rewrites events and roll-ups; a shared session stays shared as it grows', async () => {
      const tokensOf = async (name: Name) => (await json(world, 'GET', `/api/v1/overview?${range()}`, world.people[name].browser)).kpis.tokens.value;
      const before = await tokensOf('B');
      await json(world, 'PUT', `/api/v1/sessions/${SID.aTeam}/visibility`, world.people.A.browser, { json: { visibility: 'private' } });
      assert.equal(await tokensOf('B'), before - TOKENS.aTeam - world.extraTeamTokens);
      assert.equal((await call(world, 'GET', `/api/v1/sessions/${SID.aTeam}`, world.people.B.browser)).status, 404);
      // the admin may change A's shared sessions, but the now-private one is not theirs to find
      assert.equal((await call(world, 'PUT', `/api/v1/sessions/${SID.aTeam}/visibility`, world.people.A1.browser, { json: { visibility: 'team' } })).status, 404);
      await json(world, 'PUT', `/api/v1/sessions/${SID.aTeam}/visibility`, world.people.A.browser, { json: { visibility: 'team' } });
      assert.equal(await tokensOf('B'), before);
      // …while a shared one is the admin's to change
      await json(world, 'PUT', `/api/v1/sessions/${SID.aTeam}/visibility`, world.people.A1.browser, { json: { visibility: 'public' } });
      assert.equal(await visibilityAs(world, 'A', SID.aTeam), 'public');
      assert.equal(await tokensOf('B'), before);
      await json(world, 'PUT', `/api/v1/sessions/${SID.aTeam}/visibility`, world.people.A1.browser, { json: { visibility: 'team' } });
      await ingest(world, 'A', [{ ts: Date.now() - 2 * HOUR, sessionId: SID.aTeam, kind: 'llm_call', model: 'claude-sonnet-4-5', inputTokens: 7 }]);
      assert.equal(await tokensOf('B'), before + 7, 'new events of a shared session are shared');
      assert.equal(await visibilityAs(world, 'B', SID.aTeam), 'team');
      world.extraTeamTokens += 7;
      const audit = await world.fresh.store.reads.all("SELECT actor_id FROM audit_log WHERE action = 'session.share' AND resource = $1", [`session:${SID.aTeam}`]);
      assert.ok(audit.length >= 3);
    });

    test('a public link: only for a public session, shows that one session without a credential, and dies with revocation or privacy', async () => {
      const owner = world.people.A.browser;
      assert.equal((await call(world, 'POST', `/api/v1/sessions/${SID.aPrivate}/public-link`, owner)).status, 409, 'a private session has no public link');
      await json(world, 'PUT', `/api/v1/sessions/${SID.aPrivate}/visibility`, owner, { json: { visibility: 'public' } });
      try {
        await checkPublicLink(owner);
        // a link lives only while its session is public
        const again = String((await json(world, 'POST', `/api/v1/sessions/${SID.aPrivate}/public-link`, owner)).url).replace(/^\/p\//, '');
        assert.equal((await call(world, 'GET', `/api/v1/public/${again}`, {})).status, 200);
        const put = await json(world, 'PUT', `/api/v1/sessions/${SID.aPrivate}/visibility`, owner, { json: { visibility: 'private' } });
        assert.equal(put.revokedLinks, 1);
        assert.equal((await call(world, 'GET', `/api/v1/public/${again}`, {})).status, 404);
      } finally {
        await json(world, 'PUT', `/api/v1/sessions/${SID.aPrivate}/visibility`, owner, { json: { visibility: 'private' } });
      }
    });

    async function checkPublicLink(owner: Record<string, string>): Promise<void> {
      const created = await json(world, 'POST', `/api/v1/sessions/${SID.aPrivate}/public-link`, owner);
      const token = String(created.url).replace(/^\/p\//, '');
      assert.match(token, /^[A-Za-z0-9_-]{43}$/);
      const stored = await world.fresh.store.reads.all('SELECT token_hash FROM public_links');
      assert.ok(stored.length >= 1 && stored.every((r) => r.token_hash !== token), 'only a hash of the token is stored');
      const detail = await call(world, 'GET', `/api/v1/public/${token}`, {});
      assert.equal(detail.status, 200);
      assert.equal(JSON.parse(detail.text).session.sessionId, SID.aPrivate);
      assert.ok(!detail.text.includes(world.people.A.userId) && !detail.text.includes(world.people.A.teamId), 'no owner or team ids');
      const events = JSON.parse((await call(world, 'GET', `/api/v1/public/${token}/events?limit=1000`, {})).text);
      const own = await json(world, 'GET', `/api/v1/sessions/${SID.aPrivate}/events?limit=1000`, world.people.A.browser);
      assert.deepEqual(events.items.map((e: { id: string }) => e.id).sort(), own.items.map((e: { id: string }) => e.id).sort());
      assert.equal((await call(world, 'GET', `/api/v1/public/${token}/context`, {})).status, 200);
      assert.equal((await call(world, 'GET', `/api/v1/public/${token.slice(0, -2)}xx`, {})).status, 404);
      assert.equal((await call(world, 'DELETE', `/api/v1/sessions/${SID.aPrivate}/public-link`, world.people.A.browser)).status, 200);
      for (const suffix of ['', '/events', '/context']) assert.equal((await call(world, 'GET', `/api/v1/public/${token}${suffix}`, {})).status, 404);
    }

    test('team admin: settings, roles (the last admin stays), invites', async () => {
      const admin = world.people.A1.browser;
      const bad = await call(world, 'PUT', '/api/v1/team', admin, { json: { alerts: { contextPct: 400 } } });
      assert.equal(bad.status, 400);
      assert.equal(JSON.parse(bad.text).error.field, 'alerts.contextPct');
      assert.equal(JSON.parse((await call(world, 'PUT', '/api/v1/team', admin, { json: { nope: 1 } })).text).error.field, 'nope');
      const put = await json(world, 'PUT', '/api/v1/team', admin, { json: { budgets: { users: { [world.people.B.userId]: { dayUsd: 5 } } }, notifications: { webhookUrl: 'https://hooks.example.test/x' } } });
      assert.equal(put.settings.budgets.users[world.people.B.userId].dayUsd, 5);
      assert.equal(put.settings.alerts.contextPct, 80);
      const asViewer = await json(world, 'GET', '/api/v1/team', world.people.V.browser);
      assert.equal(asViewer.settings.budgets.users[world.people.B.userId].dayUsd, 5, 'budgets are visible to all');
      assert.equal(asViewer.settings.notifications.webhookUrl, undefined, 'the webhook URL is for admins');
      assert.equal((await call(world, 'PUT', '/api/v1/team', world.people.A1.key, { json: { openSignup: true } })).status, 403, 'keys do not administer');
      assert.equal((await call(world, 'PUT', `/api/v1/team/members/${world.people.A1.userId}`, admin, { json: { role: 'member' } })).status, 409);
      assert.equal((await call(world, 'DELETE', `/api/v1/team/members/${world.people.A1.userId}`, admin)).status, 409);
      assert.equal((await call(world, 'PUT', `/api/v1/team/members/${world.people.Y1.userId}`, admin, { json: { role: 'viewer' } })).status, 404, 'no reach into team Y');
      assert.equal((await call(world, 'DELETE', `/api/v1/team/invites/${world.ids.yInviteId}`, admin)).status, 404);
      const invite = await json(world, 'POST', '/api/v1/team/invites', admin, { json: { email: 'new@example.test', role: 'member' } });
      assert.match(invite.url, /^\/register\?invite=[A-Za-z0-9_-]{43}$/);
      const listed = await text(world, 'GET', '/api/v1/team/invites', admin);
      assert.ok(listed.includes(invite.invite.id) && !listed.includes(invite.url.split('=')[1]), 'the token is shown once');
      assert.equal((await call(world, 'DELETE', `/api/v1/team/invites/${invite.invite.id}`, admin)).status, 200);
      const y = await json(world, 'GET', '/api/v1/team', world.people.Y1.browser);
      assert.equal(y.settings.budgets.users[world.people.B.userId], undefined, "team X's settings stay in team X");
    });
  });
}

// ---------------------------------------------------------------------------------------------

interface TWorld extends TeamWorld {
  ids: Ids;
  /** tokens added to A's shared session by tests, so later totals stay exact */
  extraTeamTokens: number;
}

async function seed(base: TeamWorld): Promise<TWorld> {
  const world: TWorld = Object.assign(base, { ids: {} as Ids, extraTeamTokens: 0 });
  const ts = Date.now() - 2 * HOUR;
  const session = (name: Name, sessionId: string, text: string, inputTokens: number) =>
    ingest(world, name, [
      { ts, sessionId, kind: 'prompt', text },
      { ts: ts + 1000, sessionId, kind: 'llm_call', model: 'claude-sonnet-4-5', inputTokens, text: `${text} reply` },
      { ts: ts + 2000, sessionId, kind: 'tool_call', toolName: 'Bash', status: 'error', durationMs: 1234, text: `${text} tool` },
      { ts: ts + 3000, sessionId, kind: 'error', level: 'error', text: `${text} error` },
      { ts: ts + 4000, sessionId, kind: 'log', level: 'warning', text: `${text} log` },
    ]);
  const aPrivate = await session('A', SID.aPrivate, TEXT.aPrivate, TOKENS.aPrivate);
  await session('A', SID.aTeam, `a team prompt ${run}`, TOKENS.aTeam);
  await session('B', SID.bPrivate, TEXT.bPrivate, TOKENS.bPrivate);
  const y = await session('Y1', SID.y, TEXT.y, TOKENS.y);
  await json(world, 'PUT', `/api/v1/sessions/${SID.aTeam}/visibility`, world.people.A.browser, { json: { visibility: 'team' } });
  await json(world, 'PUT', `/api/v1/sessions/${SID.y}/visibility`, world.people.Y1.browser, { json: { visibility: 'team' } });
  const insight = (name: Name, title: string) => json(world, 'POST', '/api/v1/insights', world.people[name].browser, { json: { title, body: title, tags: [`tag-${name}-${run}`] } });
  const invite = (name: Name) => json(world, 'POST', '/api/v1/team/invites', world.people[name].browser, { json: { role: 'member' } });
  const keyIds = await world.fresh.store.reads.all('SELECT id, user_id FROM api_keys');
  Object.assign(world.ids, {
    aPrivateSession: SID.aPrivate,
    aTeamSession: SID.aTeam,
    aPrivateEventId: aPrivate.ids[0],
    yEventId: y.ids[0],
    xInsightId: (await insight('A', `x insight ${run}`)).id,
    yInsightId: (await insight('Y1', `${TEXT.y} insight`)).id,
    xInviteId: (await invite('A1')).invite.id,
    yInviteId: (await invite('Y1')).invite.id,
    aKeyId: String(keyIds.find((k) => k.user_id === world.people.A.userId)!.id),
    yKeyId: String(keyIds.find((k) => k.user_id === world.people.Y1.userId)!.id),
    bUserId: world.people.B.userId,
    vUserId: world.people.V.userId,
  });
  // Y1's public link exists too: X users must not reach it through their own routes
  await json(world, 'PUT', `/api/v1/sessions/${SID.y}/visibility`, world.people.Y1.browser, { json: { visibility: 'public' } });
  await json(world, 'POST', `/api/v1/sessions/${SID.y}/public-link`, world.people.Y1.browser);
  return world;
}

/** Markers of everything `name` must never see: others' private sessions, and the other team. */
function forbiddenFor(world: TWorld, name: Name): string[] {
  const aPrivate = [SID.aPrivate, TEXT.aPrivate, world.ids.aPrivateEventId];
  const bPrivate = [SID.bPrivate, TEXT.bPrivate];
  const teamY = [SID.y, TEXT.y, world.ids.yEventId, world.ids.yInsightId, world.ids.yInviteId, world.ids.yKeyId, world.people.Y1.userId, world.people.Y1.teamId, 'Team Y', 'y1@example.test', `tag-Y1-${run}`];
  const teamX = [SID.aTeam, `a team prompt ${run}`, world.ids.xInsightId, world.ids.xInviteId, world.people.A.userId, world.people.A1.teamId, 'Team X', 'a1@example.test', `tag-A-${run}`];
  if (name === 'Y1') return [...aPrivate, ...bPrivate, ...teamX];
  return [...(name === 'A' ? [] : aPrivate), ...(name === 'B' ? [] : bPrivate), ...teamY];
}

/** Ids of what `name` may not see, to put in every path parameter and session filter. */
function candidatesFor(world: TWorld, name: Name): string[] {
  const ids = world.ids;
  if (name === 'Y1') return [ids.aPrivateSession, ids.aTeamSession, ids.aPrivateEventId, ids.xInsightId, ids.xInviteId, ids.aKeyId, world.people.A.userId];
  return [ids.aPrivateSession, ids.aPrivateEventId, SID.bPrivate, SID.y, ids.yEventId, ids.yInsightId, ids.yInviteId, ids.yKeyId, world.people.Y1.userId];
}

/** Every URL to try for a GET route: each candidate in the path, and as session/user filters. */
function urlsFor(pattern: string, candidates: string[]): string[] {
  const params: string[] = pattern.match(/:[A-Za-z0-9_]+/g) ?? [];
  const values = params.includes(':kind') ? ['daily', 'weekly', 'monthly', 'session', 'blocks'] : candidates;
  const paths = params.length ? values.map((value) => pattern.replace(/:[A-Za-z0-9_]+/g, encodeURIComponent(value))) : [pattern];
  const urls: string[] = [];
  for (const path of paths.map((p) => p.replace(/\*/g, 'x'))) {
    urls.push(path, `${path}?${range()}`);
    if (!params.length || params.includes(':kind')) for (const candidate of candidates.slice(0, 4)) urls.push(`${path}?${range()}&session=${encodeURIComponent(candidate)}&user=${encodeURIComponent(candidate)}`);
  }
  return urls;
}

/** The body with the values the request itself carried (path segments, query values) taken out. */
function withoutEcho(body: string, url: string): string {
  const parsed = new URL(url, 'http://x');
  const sent = [...parsed.pathname.split('/').map(decodeURIComponent), ...parsed.searchParams.values()].filter((v) => v.length > 8);
  return sent.reduce((text, value) => text.split(value).join('<sent>'), body);
}

function leaks(body: string, forbidden: readonly string[]): string[] {
  return forbidden.filter((marker) => marker && body.includes(marker));
}

function isPublic(route: { method: string; url: string }): boolean {
  return EXPECTED_PUBLIC.includes(`${route.method} ${route.url}`);
}

function range(): string {
  return `from=${Date.now() - 3 * 24 * HOUR}&to=${Date.now() + HOUR}`;
}

/** A concrete URL for a route pattern: the given params, else the first fitting id of the world. */
function fill(pattern: string, ids: Ids, params: Record<string, string> = {}): string {
  return pattern.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => encodeURIComponent(params[name] ?? ids.aPrivateSession)).replace(/\*/g, 'x');
}

async function call(world: TeamWorld, method: string, path: string, headers: Record<string, string>, body?: Body): Promise<{ status: number; text: string }> {
  const init: RequestInit = { method, headers: { ...headers }, redirect: 'manual' };
  if (body && 'json' in body) Object.assign(init, { body: JSON.stringify(body.json), headers: { ...headers, 'content-type': 'application/json' } });
  if (body && 'raw' in body) Object.assign(init, { body: body.raw, headers: { ...headers, 'content-type': body.type } });
  const response = await fetch(world.base + path, init);
  return { status: response.status, text: await response.text() };
}

async function text(world: TeamWorld, method: string, path: string, headers: Record<string, string>, body?: Body): Promise<string> {
  const response = await call(world, method, path, headers, body);
  assert.ok(response.status < 300, `${method} ${path}: ${response.status} ${response.text.slice(0, 300)}`);
  return response.text;
}

async function json(world: TeamWorld, method: string, path: string, headers: Record<string, string>, body?: Body) {
  return JSON.parse(await text(world, method, path, headers, body));
}

async function ingest(world: TWorld, name: Name, events: Array<Record<string, unknown>>): Promise<{ ids: string[] }> {
  const result = await json(world, 'POST', '/api/v1/events', world.people[name].key, { json: { events } });
  assert.deepEqual(result.rejected, []);
  await settled(world, [...new Set(events.map((e) => String(e.sessionId)))]);
  return result;
}

/**
 * The event API answers once events are stored; the session roll-up follows right after. Wait until
 * each session's roll-up counts what its events hold, so reads in the test see the write.
 */
async function settled(world: TWorld, sessionIds: string[]): Promise<void> {
  const figures = `count(*) FILTER (WHERE kind = 'prompt') AS prompts, count(*) FILTER (WHERE kind = 'llm_call') AS llm_calls,
    coalesce(sum(input_tokens), 0) AS input_tokens, min(ts) AS first_ts, max(ts) AS last_ts`;
  for (const sessionId of sessionIds) {
    const until = Date.now() + 5000;
    for (;;) {
      const [fromEvents] = await world.fresh.store.reads.all(`SELECT ${figures} FROM events WHERE session_id = $1`, [sessionId]);
      const [rollup] = await world.fresh.store.reads.all('SELECT prompts, llm_calls, input_tokens, first_ts, last_ts FROM sessions WHERE session_id = $1', [sessionId]);
      if (rollup && Object.keys(rollup).every((k) => Number(rollup[k]) === Number(fromEvents[k]))) break;
      if (Date.now() > until) assert.fail(`session ${sessionId} was not refreshed: ${JSON.stringify({ fromEvents, rollup }, (_, v) => (typeof v === 'bigint' ? Number(v) : v))}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }
}

async function visibilityAs(world: TWorld, name: Name, sessionId: string): Promise<string> {
  const [row] = await world.fresh.store.reads.all('SELECT visibility FROM sessions WHERE session_id = $1 AND team_id = $2', [sessionId, world.people[name].teamId]);
  const events = await world.fresh.store.reads.all('SELECT DISTINCT visibility FROM events WHERE session_id = $1', [sessionId]);
  assert.equal(events.length, 1, `every event of ${sessionId} has one visibility`);
  assert.equal(events[0].visibility, row.visibility);
  return String(row.visibility);
}

interface LiveClient {
  name: Name;
  frames: string[];
  waitFor(marker: string): Promise<void>;
  close(): void;
}

/** A live socket subscribed to every channel (snapshots included), recording every frame. */
async function openLive(world: TWorld, name: Name): Promise<LiveClient> {
  const socket = new WebSocket(`${world.base.replace('http', 'ws')}/api/v1/live`, { headers: world.people[name].browser });
  const frames: string[] = [];
  socket.on('message', (data) => frames.push(String(data)));
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  LIVE_CHANNELS.forEach((channel, i) => socket.send(JSON.stringify({ type: 'subscribe', id: i + 1, channel, ...(channel === 'events' ? { snapshotLimit: 1000 } : {}) })));
  const deadline = Date.now() + 5000;
  while (frames.filter((f) => f.includes('"type":"snapshot"')).length < LIVE_CHANNELS.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  return {
    name,
    frames,
    async waitFor(marker) {
      const until = Date.now() + 5000;
      while (!frames.some((f) => f.includes(marker))) {
        if (Date.now() > until) assert.fail(`${name} never heard ${marker} on the live socket`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    close: () => socket.close(),
  };
}
