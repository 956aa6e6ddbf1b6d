import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { findUserById } from '../src/people/repo/users.js';
import { WebhookNotifier } from '../src/live/notify-webhook.js';
import { readTeamSettings } from '../src/people/settings.js';
import { csrfTokenFor, issueSession, SESSION_COOKIE } from '../src/server/auth/session.js';
import { registerEventApiRoutes } from '../src/server/routes/events.js';
import { registerLiveRoutes } from '../src/server/routes/live.js';
import { registerTeamRoutes } from '../src/server/routes/team.js';
import { STORE_FACTORIES, type FreshStore } from './helpers/stores.js';
import { createTestTeam, LiveClient, startTeamServer, type TeamServer, type TestUser } from './helpers/team-app.js';

/** startTeamServer signs sessions with this secret (test/helpers/team-app.ts). */
const SESSION_SECRET = 'x'.repeat(64);
const SONNET_WINDOW = 200_000;
let counter = 0;

/** A local HTTP server standing in for a team's webhook: keeps every POST per path. */
async function startHookReceiver(): Promise<{ server: Server; base: string; posts: Array<{ path: string; alert: any }> }> {
  const posts: Array<{ path: string; alert: any }> = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      posts.push({ path: request.url ?? '', alert: JSON.parse(body) });
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, posts };
}

/** The admin signed in as a person (PUT /api/v1/team refuses API keys): cookie + CSRF token. */
async function adminBrowser(fresh: FreshStore, admin: TestUser): Promise<Record<string, string>> {
  const user = (await findUserById(fresh.store.reads, admin.id))!;
  const cookie = issueSession({ uid: user.id, tid: admin.teamId, epoch: user.sessionEpoch }, SESSION_SECRET);
  return { cookie: `${SESSION_COOKIE}=${cookie}`, 'x-csrf-token': csrfTokenFor(cookie, SESSION_SECRET) };
}

async function putTeam(server: TeamServer, headers: Record<string, string>, patch: object): Promise<{ status: number; json: any }> {
  const response = await fetch(`${server.base}/api/v1/team`, { method: 'PUT', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(patch) });
  return { status: response.status, json: await response.json() };
}

const llm = (sessionId: string, contextTokens: number) => ({ sessionId, kind: 'llm_call', model: 'claude-sonnet-4-5', inputTokens: 100, outputTokens: 10, cacheReadTokens: Math.round(contextTokens) - 100 });
const tool = (sessionId: string, status: 'ok' | 'error', extra: object = {}) => ({ sessionId, kind: 'tool_call', toolName: 'Bash', status, durationMs: 50, ...extra });

async function postEvents(server: TeamServer, user: TestUser, events: object[]): Promise<void> {
  const stamped = events.map((e) => ({ key: `ta-${++counter}`, ts: Date.now(), project: 'proj', ...e }));
  const answer = await server.call(user, 'POST', '/api/v1/events', { events: stamped });
  assert.equal(answer.status, 200, answer.text);
}

async function subscribeAlerts(server: TeamServer, user: TestUser): Promise<LiveClient> {
  const client = await LiveClient.open(server.base, user);
  client.send({ type: 'subscribe', id: 'al', channel: 'alerts' });
  await client.next((f) => f.type === 'snapshot' && f.sub === 'al', 5000);
  return client;
}

/** Every alert the client got in updates, in order. */
const alertsSeen = (client: LiveClient): any[] => client.frames.filter((f) => f.type === 'update' && f.sub === 'al').flatMap((f) => f.data.alerts);

async function nextAlert(client: LiveClient, match: (alert: any) => boolean): Promise<any> {
  const frame = await client.next((f) => f.type === 'update' && f.sub === 'al' && f.data.alerts.some(match), 5000);
  return frame.data.alerts.find(match);
}

async function until(what: string, check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Alert updates go out at most once a second and webhooks follow them: this covers one more round. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 2500));

for (const factory of STORE_FACTORIES) {
  describe(`team alert thresholds and webhooks on ${factory.kind}`, () => {
    let fresh: FreshStore;
    let server: TeamServer;
    let hooks: Awaited<ReturnType<typeof startHookReceiver>>;
    let acme: Record<string, TestUser>;
    let rival: Record<string, TestUser>;
    let acmeWatch: LiveClient;
    let rivalWatch: LiveClient;

    before(async () => {
      fresh = await factory.create();
      hooks = await startHookReceiver();
      acme = (await createTestTeam(fresh.store, 'acme', { admin: 'admin', member: 'member' })).users;
      rival = (await createTestTeam(fresh.store, 'rival', { admin: 'admin', member: 'member' })).users;
      server = await startTeamServer(fresh.store, [registerLiveRoutes, registerEventApiRoutes, registerTeamRoutes]);
      const acmeSet = await putTeam(server, await adminBrowser(fresh, acme.admin), {
        alerts: { contextPct: 60, errorRatePct: 5, slowServiceMs: 2000 },
        notifications: { webhookUrl: `${hooks.base}/acme`, minSeverity: 'high' },
      });
      assert.equal(acmeSet.status, 200, JSON.stringify(acmeSet.json));
      // the rival team keeps the default thresholds, and would hear even warnings
      const rivalSet = await putTeam(server, await adminBrowser(fresh, rival.admin), { notifications: { webhookUrl: `${hooks.base}/rival`, minSeverity: 'warning' } });
      assert.equal(rivalSet.status, 200, JSON.stringify(rivalSet.json));
      [acmeWatch, rivalWatch] = await Promise.all([subscribeAlerts(server, acme.member), subscribeAlerts(server, rival.member)]);
    });

    after(async () => {
      acmeWatch?.close();
      rivalWatch?.close();
      await server?.close();
      await new Promise((resolve) => hooks?.server.close(resolve));
      await fresh?.dispose();
    });

    test('the same numbers raise context, error-rate and slow-service alerts at the team thresholds only', async () => {
      const sameNumbers = [
        llm('ctx', 0.65 * SONNET_WINDOW), // 65 %: over acme's 60, under the default 80
        // 11 fine calls, then a failed one: 1 of 12 = 8.3 %, over acme's 5, under the default 10 (the rate needs 10 events)
        ...Array.from({ length: 11 }, () => tool('rate', 'ok')),
        tool('rate', 'error'),
        tool('slow', 'ok', { toolName: 'mcp__github__search', mcpServer: 'github', durationMs: 5000 }), // over 2 s, under 30 s
      ];
      await postEvents(server, acme.member, sameNumbers);
      await postEvents(server, rival.member, sameNumbers);

      const context = await nextAlert(acmeWatch, (a) => a.kind === 'context_window');
      assert.equal(context.active, true);
      assert.equal(context.threshold, 60);
      assert.equal(context.severity, 'warning');
      assert.equal(context.percent, 65);
      assert.equal(context.teamId, acme.member.teamId);

      const rate = await nextAlert(acmeWatch, (a) => a.kind === 'error_rate');
      assert.deepEqual([rate.active, rate.errors, rate.events, rate.threshold, rate.severity], [true, 1, 12, 5, 'high']);
      assert.equal(rate.percent, 8.3);

      const slow = await nextAlert(acmeWatch, (a) => a.kind === 'slow_service');
      assert.deepEqual([slow.active, slow.service, slow.durationMs, slow.thresholdMs, slow.sessionId], [true, 'github', 5000, 2000, 'slow']);
      assert.match(slow.message, /MCP server github took 5\.0 s/);

      await settle();
      assert.deepEqual(alertsSeen(rivalWatch), [], 'a team on the defaults gets no alert for the same numbers');
      assert.deepEqual(hooks.posts.filter((p) => p.path === '/rival'), [], 'nor a webhook POST');
      // acme hears only what is at or above its minSeverity (high): the error rate, not the warnings
      const acmePosts = hooks.posts.filter((p) => p.path === '/acme');
      assert.deepEqual(acmePosts.map((p) => [p.alert.kind, p.alert.active]), [['error_rate', true]]);
      assert.deepEqual(acmePosts[0].alert, rate, 'the webhook gets the alert JSON the live channel carries');
    });

    test('the error-rate alert clears when the rate falls below; the webhook hears the clear once', async () => {
      await postEvents(server, acme.member, Array.from({ length: 19 }, () => tool('rate', 'ok'))); // 1 of the last 20 = 5 %: still on
      await settle();
      assert.equal(alertsSeen(acmeWatch).filter((a) => a.kind === 'error_rate').length, 1);
      await postEvents(server, acme.member, [tool('rate', 'ok')]); // the error leaves the last 20
      const cleared = await nextAlert(acmeWatch, (a) => a.kind === 'error_rate' && !a.active);
      assert.deepEqual([cleared.errors, cleared.events, cleared.percent], [0, 20, 0]);
      await until('the clear POST', () => hooks.posts.some((p) => p.alert.kind === 'error_rate' && !p.alert.active));
      await settle();
      const ratePosts = hooks.posts.filter((p) => p.alert.kind === 'error_rate');
      assert.deepEqual(ratePosts.map((p) => [p.path, p.alert.active]), [['/acme', true], ['/acme', false]]);
    });

    test('a context alert is posted once when it reaches minSeverity and once when it escalates, not on repeats', async () => {
      await postEvents(server, acme.member, [llm('ctx', 0.92 * SONNET_WINDOW)]);
      const high = await nextAlert(acmeWatch, (a) => a.kind === 'context_window' && a.severity === 'high');
      assert.equal(high.threshold, 90);
      await until('the high context POST', () => hooks.posts.some((p) => p.alert.kind === 'context_window'));
      await postEvents(server, acme.member, [llm('ctx', 0.93 * SONNET_WINDOW), llm('ctx', 0.92 * SONNET_WINDOW)]); // still high: no news
      await settle();
      await postEvents(server, acme.member, [llm('ctx', 0.96 * SONNET_WINDOW)]);
      const critical = await nextAlert(acmeWatch, (a) => a.kind === 'context_window' && a.severity === 'critical');
      assert.equal(critical.threshold, 95);
      await until('the critical context POST', () => hooks.posts.filter((p) => p.alert.kind === 'context_window').length === 2);
      await settle();
      const contextPosts = hooks.posts.filter((p) => p.alert.kind === 'context_window');
      assert.deepEqual(contextPosts.map((p) => [p.path, p.alert.severity, p.alert.threshold]), [['/acme', 'high', 90], ['/acme', 'critical', 95]]);
      assert.equal(hooks.posts.filter((p) => p.path === '/rival').length, 0);
    });

    test('changed thresholds apply to the next events; the snapshot uses them too', async () => {
      const changed = await putTeam(server, await adminBrowser(fresh, rival.admin), { alerts: { contextPct: 50 } });
      assert.equal(changed.status, 200);
      await postEvents(server, rival.member, [llm('ctx', 0.55 * SONNET_WINDOW)]);
      const context = await nextAlert(rivalWatch, (a) => a.kind === 'context_window');
      assert.deepEqual([context.threshold, context.severity, context.teamId], [50, 'warning', rival.member.teamId]);
      await until('the rival warning POST', () => hooks.posts.some((p) => p.path === '/rival'));
      assert.deepEqual(hooks.posts.filter((p) => p.path === '/rival').map((p) => p.alert.id), [context.id]);

      const late = await LiveClient.open(server.base, rival.member);
      late.send({ type: 'subscribe', id: 'snap', channel: 'alerts' });
      const snapshot = await late.next((f) => f.type === 'snapshot' && f.sub === 'snap', 5000);
      late.close();
      assert.deepEqual(snapshot.data.alerts.map((a: any) => [a.kind, a.threshold, a.teamId]), [['context_window', 50, rival.member.teamId]]);
    });

    test('notifications: minSeverity is validated; a stored legacy `email` key still reads, without it', async () => {
      const bad = await putTeam(server, await adminBrowser(fresh, acme.admin), { notifications: { minSeverity: 'loud' } });
      assert.equal(bad.status, 400);
      assert.equal(bad.json.error.field, 'notifications.minSeverity');
      const legacy = { alerts: { contextPct: 70 }, notifications: { email: true, webhookUrl: 'https://hooks.example.test/old' } };
      await fresh.store.transaction((db) => db.run('UPDATE teams SET settings = $1 WHERE id = $2', [JSON.stringify(legacy), acme.admin.teamId]));
      const settings = await readTeamSettings(fresh.store.reads, acme.admin.teamId);
      assert.deepEqual(settings.notifications, { webhookUrl: 'https://hooks.example.test/old', minSeverity: 'high' });
      assert.equal(settings.alerts.contextPct, 70);
    });
  });
}

describe('alert webhooks that fail or hang', () => {
  let hanging: Server;
  let failing: Server;
  const received: string[] = [];
  const base = (server: Server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const alert = (id: string, severity: 'warning' | 'high') => ({ id, kind: 'error_rate', active: true, severity, message: 'm', ts: Date.now(), sessionId: 's', project: null, model: null, teamId: 't', userId: 'u', visibility: 'private' }) as const;

  before(async () => {
    hanging = createServer((request) => received.push(`hang ${request.url}`)); // never answers
    failing = createServer((request, response) => {
      received.push(`fail ${request.url}`);
      response.writeHead(500).end();
    });
    await Promise.all([hanging, failing].map((s) => new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve))));
  });
  after(async () => {
    hanging.closeAllConnections();
    await Promise.all([hanging, failing].map((s) => new Promise((resolve) => s.close(resolve))));
  });

  test('a POST times out or fails: counted and reported, never thrown, not retried', async () => {
    const errors: string[] = [];
    const notifier = new WebhookNotifier({ timeoutMs: 300, onError: (_error, context) => errors.push(context) });
    const started = Date.now();
    notifier.notify(alert('a1', 'high'), { webhookUrl: `${base(hanging)}/h`, minSeverity: 'high' });
    notifier.notify(alert('a2', 'high'), { webhookUrl: `${base(failing)}/f`, minSeverity: 'high' });
    notifier.notify(alert('a3', 'warning'), { webhookUrl: `${base(failing)}/f`, minSeverity: 'high' }); // under minSeverity
    assert.ok(Date.now() - started < 100, 'notify does not wait for the hook');
    await until('both failures', () => notifier.counts.failed === 2, 3000);
    notifier.notify(alert('a1', 'high'), { webhookUrl: `${base(hanging)}/h`, minSeverity: 'high' }); // same state: no news
    await new Promise((resolve) => setTimeout(resolve, 400));
    assert.deepEqual(received.sort(), ['fail /f', 'hang /h']);
    assert.deepEqual(notifier.counts, { sent: 0, failed: 2, dropped: 0 });
    assert.deepEqual(errors.sort(), ['alert webhook: POST of a1 failed', 'alert webhook: POST of a2 failed']);
  });
});
