import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { describeViolations, seriousA11yViolations } from './browser/axe.js';
import { launchBrowser, openDashboard, screenshot, startDashboard, waitFor, type Dashboard } from './browser/harness.js';

const DAY = 86_400_000;

interface Session {
  sessionId: string;
  project: string | null;
  status: string;
  demo: boolean;
}

describe('demo data: load, marked everywhere, removed without a trace', () => {
  let dash: Dashboard;
  let range: string;
  const send = async (method: string) => {
    const response = await fetch(`${dash.url}/api/v1/demo`, { method, headers: { authorization: `Bearer ${dash.token}` } });
    assert.equal(response.status, 200, await response.clone().text());
    return response.json() as Promise<Record<string, unknown>>;
  };
  /** Every read a page makes, over a fixed range (so "now" moving does not change the answers). */
  const reads = () => ['/overview', '/sessions?limit=1000', '/tokens', '/tools', '/errors', '/performance', '/logs?limit=1000', '/events?limit=1000'].map((path) => `/api/v1${path}${path.includes('?') ? '&' : '?'}${range}`);
  const readAll = async () => Promise.all(reads().map((path) => dash.api(path)));

  before(async () => {
    // a little real data first: removing the demo must leave it exactly as it was
    dash = await startDashboard({ bytes: 300_000, days: 5, seed: 3 });
    const now = Date.now();
    range = `from=${new Date(now - 30 * DAY).toISOString()}&to=${new Date(now + DAY).toISOString()}`;
  });
  after(async () => {
    await dash?.close();
  });

  test('GET /api/v1/demo says nothing is loaded; POST loads sessions ending now, marked demo in the API', async () => {
    const before = await readAll();
    assert.deepEqual(await send('GET'), { loaded: false, sessions: 0, events: 0, loadedAt: null, sessionIds: [] });
    const loaded = await send('POST');
    assert.equal(loaded.loaded, true);
    assert.ok((loaded.sessions as number) >= 10, `demo sessions: ${loaded.sessions}`);
    assert.ok((loaded.events as number) > 500, `demo events: ${loaded.events}`);
    assert.deepEqual(await send('GET'), loaded);
    assert.ok(existsSync(join(dash.home, 'demo', 'projects')), 'the demo transcripts live under $SIGHTLINE_HOME/demo');

    const demoIds = new Set(loaded.sessionIds as string[]);
    const { items } = await dash.api<{ items: Session[] }>(`/api/v1/sessions?limit=1000&${range}`);
    const demo = items.filter((s) => s.demo);
    assert.equal(demo.length, loaded.sessions);
    for (const session of items) {
      assert.equal(session.demo, demoIds.has(session.sessionId), session.sessionId);
      assert.equal(session.demo, session.project?.startsWith('demo-') ?? false, `project of ${session.sessionId}: ${session.project}`);
    }
    assert.ok(items.some((s) => !s.demo), 'the real sessions are not marked');
    // the newest demo session ends now: it is active
    const active = await dash.api<{ items: Session[] }>(`/api/v1/sessions?status=active`);
    assert.ok(active.items.some((s) => s.demo), 'an active demo session');
    const detail = await dash.api<{ session: Session }>(`/api/v1/sessions/${encodeURIComponent(demo[0].sessionId)}`);
    assert.equal(detail.session.demo, true);
    const overview = await dash.api<{ kpis: { sessions: { value: number } } }>(`/api/v1/overview?${range}`);
    assert.equal(overview.kpis.sessions.value, items.length);

    const removed = await send('DELETE');
    assert.equal(removed.removedSessions, loaded.sessions);
    assert.equal(removed.removedEvents, loaded.events);
    assert.equal(removed.loaded, false);
    assert.deepEqual(await send('GET'), { loaded: false, sessions: 0, events: 0, loadedAt: null, sessionIds: [] });
    assert.ok(!existsSync(join(dash.home, 'demo')), 'the demo transcripts are deleted');
    assert.deepEqual(await readAll(), before, 'every read is exactly as before the demo');
  });

  test('loading twice replaces the demo (no duplicates); removing twice is harmless', async () => {
    const first = await send('POST');
    const second = await send('POST');
    assert.equal(second.sessions, first.sessions);
    assert.equal(second.events, first.events);
    await send('DELETE');
    const again = await send('DELETE');
    assert.equal(again.removedEvents, 0);
    const system = await dash.api<{ store: { sessions: number } }>('/api/v1/system');
    const { items } = await dash.api<{ items: Session[] }>(`/api/v1/sessions?limit=1000&${range}`);
    assert.equal(system.store.sessions, items.length, 'no roll-up rows of demo sessions left');
  });
});

describe('sightline serve --demo', () => {
  test('starts with the demo data loaded', async () => {
    const base = await mkdtemp(join(tmpdir(), 'sightline-demo-serve-'));
    const home = join(base, 'home');
    const claude = join(base, 'claude');
    mkdirSync(join(claude, 'projects'), { recursive: true });
    const child = spawn(process.execPath, [join(process.cwd(), 'bin', 'sightline.js'), 'serve', '--demo', '--port', '0', '--no-watch', '--log-level', 'silent'], {
      env: { ...process.env, SIGHTLINE_HOME: home, CLAUDE_CONFIG_DIR: claude, DATABASE_URL: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (out += chunk));
    try {
      await waitFor(() => /running at (http:\S+)\/\?token=(\S+)/.test(out), 30_000, 'serve to print its URL');
      const [, url, token] = /running at (http:\S+)\/\?token=(\S+)/.exec(out)!;
      await waitFor(() => out.includes('Demo data loaded'), 90_000, `the demo to load (output: ${out})`);
      const status = (await (await fetch(`${url}/api/v1/demo`, { headers: { authorization: `Bearer ${token}` } })).json()) as { loaded: boolean; sessions: number };
      assert.equal(status.loaded, true);
      assert.ok(status.sessions > 0);
      const sessions = (await (await fetch(`${url}/api/v1/sessions`, { headers: { authorization: `Bearer ${token}` } })).json()) as { items: Session[] };
      assert.ok(sessions.items.length > 0 && sessions.items.every((s) => s.demo));
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
      await rm(base, { recursive: true, force: true });
    }
  });
});

describe('demo data in the dashboard (first run, no agent data)', () => {
  let dash: Dashboard;
  let browser: Browser;
  before(async () => {
    dash = await startDashboard({ bytes: 0 });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await dash?.close();
  });

  test('the empty live page offers demo data; loaded, it is marked demo with a banner; "Remove demo data" removes it', async () => {
    const { page, context } = await openDashboard(browser, dash, '/live');
    await page.getByText('No session is active right now').waitFor();
    await page.getByRole('button', { name: 'Load demo data' }).click();
    // the page reloads with the data: a banner, and the running demo session as a card marked demo
    await page.getByTestId('demo-banner').waitFor({ timeout: 90_000 });
    const card = page.locator('[data-testid="session-card"][data-demo="true"]').first();
    await card.waitFor({ timeout: 15_000 });
    assert.equal(await card.locator('.badge.demo').innerText(), 'demo');
    const status = await dash.api<{ loaded: boolean; sessions: number }>('/api/v1/demo');
    assert.equal(status.loaded, true);
    assert.match(await page.getByTestId('demo-banner').innerText(), new RegExp(`${status.sessions} generated sessions`));
    await page.waitForTimeout(2500);
    await screenshot(page, 'live-demo-light');
    const violations = await seriousA11yViolations(page);
    assert.deepEqual(violations, [], describeViolations(violations));

    await page.getByRole('button', { name: 'Remove demo data' }).click();
    await page.getByText('No session is active right now').waitFor({ timeout: 30_000 });
    assert.equal(await page.getByTestId('demo-banner').count(), 0);
    assert.deepEqual(await dash.api('/api/v1/sessions'), { items: [], nextCursor: null });
    await context.close();
  });
});
