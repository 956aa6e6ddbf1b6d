import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { spawnSync } from 'node:child_process';
import { openStore } from '../src/store/open.js';
import { findUserByEmail } from '../src/people/repo/users.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { startServer, type RunningServer } from '../src/server/start.js';
import { hashSecret, parseKey } from '../src/people/api-keys.js';
import { hashPassword } from '../src/people/passwords.js';
import { createUser, setUserDisabled } from '../src/people/repo/users.js';
import { addMembership } from '../src/people/repo/memberships.js';
import { createInvite } from '../src/people/repo/invites.js';
import { touchKeyLastUsed } from '../src/people/repo/api-keys.js';
import { recordKeyUse } from '../src/people/audit.js';
import type { Role } from '../src/people/principal.js';
import { PUBLIC_ROUTES } from '../src/server/auth/team-hook.js';
import { STORE_FACTORIES, type FreshStore } from './helpers/stores.js';

const ADMIN = { email: 'ada@example.com', password: 'correct horse battery', name: 'Ada' };

interface Caller {
  cookie?: string;
  csrf?: string;
  bearer?: string;
}

interface Answer {
  status: number;
  headers: Headers;
  body: any;
}

for (const factory of STORE_FACTORIES) {
  describe(`team-mode authentication on ${factory.kind}`, () => {
    let dir: string;
    let fresh: FreshStore;
    let server: RunningServer;
    let admin: Caller;

    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'sightline-people-auth-'));
      fresh = await factory.create();
      server = await startServer({ home: dir, host: '127.0.0.1', port: 0, roots: [], watch: false, version: 'test', databaseUrl: '', mode: 'team', store: fresh.store, logger: false });
    });

    after(async () => {
      await server.close();
      await fresh.dispose();
      await rm(dir, { recursive: true, force: true });
    });

    async function call(method: string, path: string, caller: Caller = {}, body?: unknown): Promise<Answer> {
      const headers: Record<string, string> = {};
      if (caller.cookie) headers.cookie = caller.cookie;
      if (caller.csrf) headers['x-csrf-token'] = caller.csrf;
      if (caller.bearer) headers.authorization = `Bearer ${caller.bearer}`;
      if (body !== undefined) headers['content-type'] = 'application/json';
      const response = await fetch(server.url + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), redirect: 'manual' });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {
        /* an HTML page */
      }
      return { status: response.status, headers: response.headers, body: parsed };
    }

    async function login(email: string, password: string): Promise<Caller> {
      const answer = await call('POST', '/api/v1/auth/login', {}, { email, password });
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      return { cookie: cookiePair(answer.headers), csrf: answer.body.csrfToken };
    }

    async function addUser(email: string, role: Role, password = 'another long password'): Promise<string> {
      const passwordHash = await hashPassword(password);
      return fresh.store.transaction(async (db) => {
        const user = await createUser(db, { email, name: email.split('@')[0], passwordHash });
        const [team] = await db.all('SELECT id FROM teams');
        await addMembership(db, { teamId: String(team.id), userId: user.id, role });
        return user.id;
      });
    }

    async function newKey(caller: Caller, scopes: string[] = ['read', 'ingest'], team = false): Promise<{ id: string; secret: string }> {
      const answer = await call('POST', '/api/v1/keys', caller, { name: 'test key', scopes, ...(team ? { team } : {}) });
      assert.equal(answer.status, 201, JSON.stringify(answer.body));
      return { id: answer.body.key.id, secret: answer.body.secret };
    }

    test('setup creates the first admin once, sets a safe cookie, and login → me works', async () => {
      const state = await call('GET', '/api/v1/auth/state');
      assert.deepEqual(state.body, { mode: 'team', needsSetup: true, openSignup: false, user: null });
      const setup = await call('POST', '/api/v1/auth/setup', {}, { teamName: 'Analytical Engines', ...ADMIN });
      assert.equal(setup.status, 201, JSON.stringify(setup.body));
      const cookie = setup.headers.get('set-cookie') ?? '';
      assert.match(cookie, /^sightline_session=[\w-]+\.[\w-]+;/);
      for (const flag of [/; HttpOnly/, /; SameSite=Lax/, /; Path=\//, /; Max-Age=1209600/]) assert.match(cookie, flag);
      assert.doesNotMatch(cookie, /Secure/); // plain http: a Secure cookie would never come back
      assert.equal((await stat(join(dir, 'secret'))).mode & 0o777, 0o600);
      assert.equal(setup.body.role, 'admin');

      const again = await call('POST', '/api/v1/auth/setup', {}, { teamName: 'Other', email: 'eve@example.com', name: 'Eve', password: 'eve password 123' });
      assert.equal(again.status, 409);

      admin = await login(ADMIN.email, ADMIN.password);
      const me = await call('GET', '/api/v1/auth/me', admin);
      assert.equal(me.status, 200);
      assert.deepEqual({ email: me.body.user.email, team: me.body.team.name, role: me.body.role, via: me.body.via }, { email: ADMIN.email, team: 'Analytical Engines', role: 'admin', via: 'cookie' });
      assert.equal(me.body.csrfToken, admin.csrf);
      const stateSignedIn = await call('GET', '/api/v1/auth/state', admin);
      assert.equal(stateSignedIn.body.needsSetup, false);
      assert.equal(stateSignedIn.body.user.email, ADMIN.email);
      const audits = await fresh.store.reads.all("SELECT result FROM audit_log WHERE action = 'login'");
      assert.ok(audits.some((row) => row.result === 'ok'));
    });

    test('the database holds only scrypt / SHA-256 hashes, never a password or key secret', async () => {
      const [user] = await fresh.store.reads.all('SELECT password_hash FROM users WHERE email = $1', [ADMIN.email]);
      const stored = String(user.password_hash);
      assert.match(stored, /^scrypt\$15\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
      assert.ok(!stored.includes(ADMIN.password));
      const key = await newKey(admin);
      const [row] = await fresh.store.reads.all('SELECT secret_hash FROM api_keys WHERE id = $1', [key.id]);
      const secretPart = parseKey(key.secret)!.secret; // ids and secrets are base64url: they may hold '_' too
      assert.match(key.secret, /^sl_[\w-]{12}_[\w-]{43}$/);
      assert.equal(String(row.secret_hash), hashSecret(secretPart));
      assert.ok(!String(row.secret_hash).includes(secretPart));
      const listed = await call('GET', '/api/v1/keys', admin);
      assert.equal(listed.status, 200);
      assert.ok(listed.body.keys.some((k: { id: string }) => k.id === key.id));
      assert.ok(!JSON.stringify(listed.body).includes(secretPart) && !JSON.stringify(listed.body).includes(String(row.secret_hash)));
    });

    test('CSRF: a cookie-authenticated change needs X-CSRF-Token; key requests are exempt', async () => {
      const body = { name: 'csrf', scopes: ['read'] };
      assert.equal((await call('POST', '/api/v1/keys', { cookie: admin.cookie }, body)).status, 403);
      assert.equal((await call('POST', '/api/v1/keys', { cookie: admin.cookie, csrf: 'x'.repeat(43) }, body)).status, 403);
      const other = await login(ADMIN.email, ADMIN.password); // another session's token does not fit this cookie
      assert.equal((await call('POST', '/api/v1/keys', { cookie: admin.cookie, csrf: other.csrf }, body)).status, 403);
      assert.equal((await call('POST', '/api/v1/keys', admin, body)).status, 201);
      const key = await newKey(admin, ['ingest', 'read']);
      const keyPost = await call('POST', '/api/v1/events', { bearer: key.secret }, { events: [] });
      assert.notEqual(keyPost.status, 401);
      assert.doesNotMatch(JSON.stringify(keyPost.body), /CSRF/);
      assert.ok(keyPost.status < 300, `key POST answered ${keyPost.status} ${JSON.stringify(keyPost.body)}`);
    });

    test('key scopes: ingest keys cannot read, read keys cannot ingest, no key manages keys or accounts', async () => {
      const ingestOnly = await newKey(admin, ['ingest']);
      const readOnly = await newKey(admin, ['read']);
      const both = await newKey(admin, ['ingest', 'read']);
      const events = { events: [{ ts: Date.now(), sessionId: 'scoped-keys', kind: 'log', text: 'hello' }] };
      assert.equal((await call('POST', '/api/v1/events', { bearer: ingestOnly.secret }, events)).status, 200);
      assert.equal((await call('GET', '/api/v1/sessions', { bearer: ingestOnly.secret })).status, 403, 'ingest key reads');
      assert.equal((await call('GET', '/api/v1/agent/status', { bearer: ingestOnly.secret })).status, 200, 'an agent checks its own status');
      assert.equal((await call('POST', '/api/v1/events', { bearer: readOnly.secret }, events)).status, 403, 'read key ingests');
      assert.equal((await call('GET', '/api/v1/sessions', { bearer: readOnly.secret })).status, 200);
      for (const key of [ingestOnly, readOnly, both]) {
        assert.equal((await call('POST', '/api/v1/keys', { bearer: key.secret }, { name: 'minted', scopes: ['ingest', 'read'] })).status, 403, 'a key mints a key');
        assert.equal((await call('DELETE', `/api/v1/keys/${both.id}`, { bearer: key.secret })).status, 403);
        assert.equal((await call('PUT', '/api/v1/auth/me', { bearer: key.secret }, { name: 'renamed by a key' })).status, 403);
      }
    });

    test('brute force: the 6th wrong password → 429 with Retry-After, and the right one is refused too', async () => {
      await addUser('grace@example.com', 'member', 'grace password 1');
      for (let attempt = 1; attempt <= 5; attempt++) {
        const wrong = await call('POST', '/api/v1/auth/login', {}, { email: 'grace@example.com', password: `wrong guess ${attempt}` });
        assert.equal(wrong.status, 401, `attempt ${attempt}`);
      }
      const sixth = await call('POST', '/api/v1/auth/login', {}, { email: 'grace@example.com', password: 'wrong guess 6' });
      assert.equal(sixth.status, 429);
      assert.ok(Number(sixth.headers.get('retry-after')) > 0 && Number(sixth.headers.get('retry-after')) <= 900);
      const right = await call('POST', '/api/v1/auth/login', {}, { email: 'GRACE@example.com ', password: 'grace password 1' });
      assert.equal(right.status, 429);
      assert.equal(right.headers.get('set-cookie'), null);
      // another account from the same address is not locked by Grace's failures
      assert.equal((await call('POST', '/api/v1/auth/login', {}, { email: ADMIN.email, password: ADMIN.password })).status, 200);
      const denied = await fresh.store.reads.all("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'login' AND result = 'denied'");
      assert.ok(Number(denied[0].n) >= 6);
      // the admin sees the attack on their team's account in the audit log
      const log = await call('GET', '/api/v1/audit?action=login&result=denied&limit=50', admin);
      assert.equal(log.status, 200);
      const onGrace = log.body.items.filter((row: { resource: string | null }) => String(row.resource).startsWith('user:'));
      assert.ok(onGrace.length >= 6, JSON.stringify(log.body.items.slice(0, 2)));
    });

    test('a disabled user is refused at once: cookie, own key, new and open WebSockets', async () => {
      const userId = await addUser('linus@example.com', 'member');
      const linus = await login('linus@example.com', 'another long password');
      const key = await newKey(linus, ['read']);
      const byCookie = await openLive({ cookie: linus.cookie! });
      const byKey = await openLive({ authorization: `Bearer ${key.secret}` });
      const disabledAt = Date.now();
      await fresh.store.transaction((db) => setUserDisabled(db, userId, true)); // as `sightline user disable` would
      assert.equal((await call('GET', '/api/v1/auth/me', linus)).status, 401);
      assert.equal((await call('GET', '/api/v1/auth/me', { bearer: key.secret })).status, 401);
      const [closedCookie, closedKey] = await Promise.all([byCookie.closed, byKey.closed]);
      assert.equal(closedCookie.code, 1008);
      assert.equal(closedKey.code, 1008);
      assert.ok(closedCookie.at - disabledAt < 1000 && closedKey.at - disabledAt < 1000, `closed after ${closedCookie.at - disabledAt} / ${closedKey.at - disabledAt} ms`);
      assert.equal(await upgradeStatus({ cookie: linus.cookie! }), 401);
      assert.equal((await call('POST', '/api/v1/auth/login', {}, { email: 'linus@example.com', password: 'another long password' })).status, 401);
    });

    test('a revoked key is refused at once, its open WebSocket closed within 1 s', async () => {
      const key = await newKey(admin, ['read'], true);
      assert.equal((await call('GET', '/api/v1/auth/me', { bearer: key.secret })).status, 200);
      const live = await openLive({ authorization: `Bearer ${key.secret}` });
      const revokedAt = Date.now();
      assert.equal((await call('DELETE', `/api/v1/keys/${key.id}`, admin)).status, 204);
      assert.equal((await call('GET', '/api/v1/auth/me', { bearer: key.secret })).status, 401);
      const closed = await live.closed;
      assert.equal(closed.code, 1008);
      assert.ok(closed.at - revokedAt < 1000, `closed after ${closed.at - revokedAt} ms`);
      assert.equal(await upgradeStatus({ authorization: `Bearer ${key.secret}` }), 401);
      const audit = await fresh.store.reads.all("SELECT action FROM audit_log WHERE resource = $1 ORDER BY ts", [`key:${key.id}`]);
      assert.deepEqual(audit.map((row) => row.action).filter((a) => a !== 'key.use'), ['key.create', 'key.revoke']);
    });

    test('unauthenticated: API routes → 401; auth state, login, health and the page shell stay public', async () => {
      for (const path of ['/api/v1/auth/me', '/api/v1/sessions', '/api/v1/system', '/api/v1/keys', '/metrics', '/api/v1/no-such-route']) {
        const answer = await call('GET', path);
        assert.equal(answer.status, 401, path);
        assert.equal(answer.body.error.code, 'unauthorized');
      }
      assert.equal((await call('GET', '/api/v1/system', { bearer: server.token })).status, 401, 'the local token is not accepted in team mode');
      assert.equal((await call('GET', '/api/v1/system', { cookie: 'sightline_session=forged.value' })).status, 401);
      assert.equal(await upgradeStatus({}), 401);
      assert.equal((await call('GET', '/api/v1/auth/state')).status, 200);
      assert.equal((await call('GET', '/healthz')).status, 200);
      assert.notEqual((await call('GET', '/readyz')).status, 401);
      assert.equal((await call('POST', '/api/v1/auth/login', {}, { email: 'nobody@example.com', password: 'whatever it is' })).status, 401);
      const page = await fetch(`${server.url}/sessions`, { headers: { accept: 'text/html' } });
      assert.ok([200, 401].includes(page.status));
      assert.match(page.headers.get('content-type') ?? '', /text\/html/);
      assert.doesNotMatch(await page.text(), /events ·/); // the shell or a sign-in note, never the status page's figures
      assert.ok(PUBLIC_ROUTES.some((r) => r.method === 'GET' && r.url === '/api/v1/auth/state'));
    });

    test('logout-all signs out every browser; logout clears the cookie', async () => {
      const first = await login(ADMIN.email, ADMIN.password);
      const second = await login(ADMIN.email, ADMIN.password);
      assert.equal((await call('POST', '/api/v1/auth/logout-all', { cookie: first.cookie })).status, 403, 'needs the CSRF token');
      assert.equal((await call('POST', '/api/v1/auth/logout-all', first)).status, 204);
      assert.equal((await call('GET', '/api/v1/auth/me', first)).status, 401);
      assert.equal((await call('GET', '/api/v1/auth/me', second)).status, 401);
      assert.equal((await call('GET', '/api/v1/auth/me', admin)).status, 401);
      admin = await login(ADMIN.email, ADMIN.password);
      const logout = await call('POST', '/api/v1/auth/logout', admin);
      assert.match(logout.headers.get('set-cookie') ?? '', /^sightline_session=; .*Max-Age=0/);
      admin = await login(ADMIN.email, ADMIN.password);
    });

    test('register: by invite once, open sign-up only when the team allows it; viewers get read keys only', async () => {
      const [team] = await fresh.store.reads.all('SELECT id FROM teams');
      const { token } = await fresh.store.transaction((db) => createInvite(db, { teamId: String(team.id), role: 'viewer', createdBy: 'test' }));
      const closed = await call('POST', '/api/v1/auth/register', {}, { email: 'open@example.com', name: 'Open', password: 'open password 1' });
      assert.equal(closed.status, 403);
      const joined = await call('POST', '/api/v1/auth/register', {}, { inviteToken: token, email: 'vera@example.com', name: 'Vera', password: 'vera password 1' });
      assert.equal(joined.status, 201, JSON.stringify(joined.body));
      assert.equal(joined.body.role, 'viewer');
      const reused = await call('POST', '/api/v1/auth/register', {}, { inviteToken: token, email: 'mallory@example.com', name: 'M', password: 'mallory password' });
      assert.equal(reused.status, 400);
      const vera: Caller = { cookie: cookiePair(joined.headers), csrf: joined.body.csrfToken };
      assert.equal((await call('POST', '/api/v1/keys', vera, { name: 'x', scopes: ['ingest'] })).status, 403);
      assert.equal((await call('POST', '/api/v1/keys', vera, { name: 'x', scopes: ['read'], team: true })).status, 403);
      assert.equal((await call('POST', '/api/v1/keys', vera, { name: 'x', scopes: ['read'] })).status, 201);
      await fresh.store.transaction((db) => db.run('UPDATE teams SET settings = $1', [JSON.stringify({ openSignup: true })]));
      assert.equal((await call('GET', '/api/v1/auth/state')).body.openSignup, true);
      const open = await call('POST', '/api/v1/auth/register', {}, { email: 'open@example.com', name: 'Open', password: 'open password 1' });
      assert.equal(open.status, 201);
      assert.equal(open.body.role, 'member');
    });

    test('key use is audited coalesced (one row per key and hour) and last_used_at written at most once a minute', async () => {
      const key = await newKey(admin, ['read']);
      assert.equal((await call('GET', '/api/v1/auth/me', { bearer: key.secret })).status, 200);
      const hour = Math.floor(Date.now() / 3600_000) * 3600_000;
      await fresh.store.transaction(async (db) => {
        await recordKeyUse(db, { teamId: 't', keyId: key.id, actorId: 'u', client: 'api', uses: 2 }, hour + 10);
        await recordKeyUse(db, { teamId: 't', keyId: key.id, actorId: 'u', client: 'api' }, hour + 20);
      });
      let rows: Array<Record<string, unknown>> = [];
      for (let tries = 0; tries < 50 && Number(rows[0]?.count ?? 0) < 4; tries++) {
        rows = await fresh.store.reads.all("SELECT ts, count FROM audit_log WHERE action = 'key.use' AND resource = $1", [`key:${key.id}`]);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      assert.equal(rows.length, 1);
      assert.equal(Number(rows[0].ts), hour);
      assert.equal(Number(rows[0].count), 4); // 1 request through the server + 2 + 1
      const now = Date.now() + 1000;
      const touched = await fresh.store.transaction(async (db) => [await touchKeyLastUsed(db, key.id, now + 30_000), await touchKeyLastUsed(db, key.id, now + 90_000)]);
      assert.deepEqual(touched, [false, true]);
    });

    /** A live socket that has said hello; `closed` resolves with the close code and when it came. */
    async function openLive(headers: Record<string, string>): Promise<{ closed: Promise<{ code: number; at: number }> }> {
      const socket = new WebSocket(`${server.url.replace('http', 'ws')}/api/v1/live`, { headers });
      const closed = new Promise<{ code: number; at: number }>((resolve) => socket.once('close', (code) => resolve({ code, at: Date.now() })));
      await new Promise<void>((resolve, reject) => {
        socket.once('message', () => resolve());
        socket.once('unexpected-response', (_request, response) => reject(new Error(`upgrade refused: ${response.statusCode}`)));
        socket.once('error', reject);
      });
      return { closed };
    }

    function upgradeStatus(headers: Record<string, string>): Promise<number> {
      return new Promise((resolve) => {
        const socket = new WebSocket(`${server.url.replace('http', 'ws')}/api/v1/live`, { headers });
        socket.once('open', () => {
          socket.close();
          resolve(101);
        });
        socket.once('unexpected-response', (_request, response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        });
        socket.once('error', () => resolve(0));
      });
    }
  });
}

function cookiePair(headers: Headers): string {
  return (headers.get('set-cookie') ?? '').split(';')[0];
}

test('sightline user add / disable / reset-password work on the store directly', async () => {
  const home = await mkdtemp(join(tmpdir(), 'sightline-user-cli-'));
  const env = { ...process.env, SIGHTLINE_HOME: home, DATABASE_URL: '' };
  const cli = (args: string[], input = '') => spawnSync(process.execPath, ['bin/sightline.js', 'user', ...args], { env, input, encoding: 'utf8' });
  try {
    assert.equal(cli(['add', '--email', 'Ops@Example.com', '--name', 'Ops', '--team', 'Acme', '--password-stdin'], 'short\n').status, 1);
    const added = cli(['add', '--email', 'Ops@Example.com', '--name', 'Ops', '--team', 'Acme', '--password-stdin'], 'a long enough password\n');
    assert.equal(added.status, 0, added.stderr);
    assert.match(added.stdout, /ops@example.com .*Acme as admin/);
    assert.equal(cli(['add', '--email', 'ops@example.com', '--name', 'Again', '--password-stdin'], 'a long enough password\n').status, 1);
    assert.equal(cli(['disable', '--email', 'ops@example.com']).status, 0);
    assert.equal(cli(['reset-password', '--email', 'ops@example.com', '--password-stdin'], 'another long password\n').status, 0);
    assert.equal(cli(['frobnicate']).status, 2);
    // a second team, run by its first account; with two teams, a plain add must say which
    assert.equal(cli(['add', '--email', 'res@example.com', '--name', 'Res', '--new-team', 'Research', '--password-stdin'], 'a long enough password\n').status, 0);
    assert.equal(cli(['add', '--email', 'x@example.com', '--name', 'X', '--new-team', 'Research', '--password-stdin'], 'a long enough password\n').status, 1);
    assert.equal(cli(['add', '--email', 'y@example.com', '--name', 'Y', '--password-stdin'], 'a long enough password\n').status, 1);
    const listed = JSON.parse(cli(['list', '--json']).stdout);
    assert.deepEqual(listed.map((u: { email: string; disabled: boolean; teams: unknown }) => [u.email, u.disabled, u.teams]).sort(), [
      ['ops@example.com', true, [{ team: 'Acme', role: 'admin' }]],
      ['res@example.com', false, [{ team: 'Research', role: 'admin' }]],
    ]);
    const store = await openStore({ databaseUrl: '', duckdbPath: join(home, 'sightline.duckdb') });
    try {
      const user = await findUserByEmail(store.reads, 'ops@example.com');
      assert.equal(user?.sessionEpoch, 3); // disable and the new password each signed it out everywhere
      assert.ok(!user?.passwordHash?.includes('another long password'));
    } finally {
      await store.close();
    }
  } finally {
    await rm(home, { recursive: true, force: true });
  }
});
