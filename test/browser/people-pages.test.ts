import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { describeViolations, seriousA11yViolations } from './axe.js';
import { launchBrowser, screenshot, startDashboard, waitFor, type Dashboard } from './harness.js';

/**
 * Insights, My stats, Audit log and Team over generated transcripts (local mode: the one local admin):
 * every figure the pages show is the API's, filters live in the URL, /me/stats tabs load lazily and
 * once, a new insight reaches another browser within a second, both themes pass axe.
 */
const DAY = 86_400_000;
const DAYS = 10;

interface Insight {
  id: string;
  title: string;
  tags: string[];
  votes: number;
  myVote: boolean;
  comments: number;
}
interface Page_<T> {
  items: T[];
  nextCursor: string | null;
}
interface AuditEntry {
  id: string;
  result: string;
  client: string;
  action: string;
}
interface MyTokens {
  daily: unknown[];
  byModel: Array<{ model: string; costUsd: number }>;
  topSessions: Array<{ sessionId: string; costUsd: number }>;
  lifetime: { sessions: number; inputTokens: number; outputTokens: number; cacheReadTokens: number; cacheCreationTokens: number; costUsd: number };
}
interface TeamAnalytics {
  developers: Array<{ userId: string; sessions: number; totalTokens: number; costUsd: number }>;
  heatmap: { counts: number[][] };
  tags: Array<{ tag: string; count: number }>;
}

describe('people pages (insights, my stats, audit log, team) in Chromium', () => {
  let dash: Dashboard;
  let browser: Browser;
  /** whole UTC days holding all seeded data: page and API ask the same range */
  let range: string;
  const failures: string[] = [];

  before(async () => {
    dash = await startDashboard({ bytes: 900_000, days: DAYS });
    browser = await launchBrowser();
    const from = new Date(Math.floor((Date.now() - DAYS * DAY) / DAY) * DAY).toISOString();
    const to = new Date(Math.floor(Date.now() / DAY) * DAY + DAY).toISOString();
    range = `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
    for (const [title, tags] of [
      ['Prompt caching halves cost', ['caching', 'cost']],
      ['Opus for migrations', ['models']],
      ['Cache the repo map', ['caching']],
    ] as const) {
      await send('POST', '/api/v1/insights', { title, body: `${title}: details.`, tags });
    }
  });
  after(async () => {
    await browser?.close();
    await dash?.close();
  });

  async function send<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(dash.url + path, {
      method,
      headers: { authorization: `Bearer ${dash.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    assert.ok(response.ok, `${method} ${path}: HTTP ${response.status} ${await response.clone().text()}`);
    return (response.status === 204 ? undefined : await response.json()) as T;
  }

  async function open(path: string, theme: 'light' | 'dark' = 'light'): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, colorScheme: theme, timezoneId: 'UTC' });
    const page = await context.newPage();
    page.on('pageerror', (error) => console.error(`[browser] ${error.message}`));
    page.on('response', (response) => response.status() >= 400 && failures.push(`${response.status()} ${new URL(response.url()).pathname}`));
    await page.goto(`${dash.url}/?token=${dash.token}`);
    await page.goto(dash.url + path);
    return { context, page };
  }

  async function appear(page: Page, selector: string): Promise<void> {
    try {
      await page.locator(selector).first().waitFor({ timeout: 30_000 });
    } catch (error) {
      const shown = await page.evaluate(() => document.querySelector('#main')?.textContent?.slice(0, 300) ?? '(no #main)').catch(() => '?');
      throw new Error(`${selector} did not appear on ${page.url()}: ${(error as Error).message.split('\n')[0]}; the page shows: ${JSON.stringify(shown)}; failed requests: ${failures.slice(-5).join(', ') || 'none'}`);
    }
  }

  const attrs = (page: Page, selector: string, ...names: string[]) =>
    page.$$eval(selector, (els, keys) => els.map((el) => keys.map((k) => el.getAttribute(k) ?? '')), names);
  const kpi = async (page: Page, id: string) => Number(await page.getByTestId(id).locator('.kpi-value').getAttribute('data-value'));

  test('/insights: the feed and tag cloud are the API’s; a tag filter lives in the URL', async () => {
    const feed = await send<Page_<Insight>>('GET', '/api/v1/insights');
    const cloud = await send<{ tags: Array<{ tag: string; count: number }> }>('GET', '/api/v1/insights/tags');
    const { page, context } = await open('/insights');
    await appear(page, '[data-insight]');
    await appear(page, '.tag-cloud [data-tag]');
    assert.deepEqual((await attrs(page, '[data-insight]', 'data-insight')).flat(), feed.items.map((i) => i.id));
    assert.deepEqual(await page.$$eval('[data-insight] h3', (els) => els.map((el) => el.textContent)), feed.items.map((i) => i.title));
    assert.deepEqual(await attrs(page, '.tag-cloud [data-tag]', 'data-tag', 'data-count'), cloud.tags.map((t) => [t.tag, String(t.count)]));
    assert.deepEqual(cloud.tags.find((t) => t.tag === 'caching')?.count, 2);

    await page.locator('.tag-cloud [data-tag="caching"]').click();
    await waitFor(() => new URL(page.url()).searchParams.get('tag') === 'caching', 5000, 'the tag in the URL');
    const caching = await send<Page_<Insight>>('GET', '/api/v1/insights?tag=caching');
    await waitFor(async () => JSON.stringify((await attrs(page, '[data-insight]', 'data-insight')).flat()) === JSON.stringify(caching.items.map((i) => i.id)), 10_000, 'the filtered feed');
    assert.equal(caching.items.length, 2);
    await page.reload();
    await appear(page, '[data-filter="tag"]');
    await appear(page, '[data-insight]');
    assert.equal(await page.locator('[data-insight]').count(), 2, 'the filter survives a reload');
    await context.close();
  });

  test('/insights: a post in one browser appears in another one’s feed within a second; upvote toggles the count', async () => {
    const reader = await open('/insights');
    const writer = await open('/insights');
    await appear(reader.page, '[data-insight]');
    await appear(writer.page, '[data-testid="insight-form"]');
    // the reader's live subscription is up once its socket has subscribed; give it a moment
    await reader.page.waitForTimeout(500);
    const title = `Live insight ${Date.now()}`;
    await writer.page.getByLabel('Title').fill(title);
    await writer.page.getByLabel('What did you learn?').fill('Posted from the browser.');
    await writer.page.getByLabel('Tags (separated by spaces or commas)').fill('live, testing');
    const posted = writer.page.waitForResponse((r) => r.url().endsWith('/api/v1/insights') && r.request().method() === 'POST');
    await writer.page.getByRole('button', { name: 'Post insight' }).click();
    assert.equal((await posted).status(), 201);
    const postedAt = Date.now();
    await reader.page.locator('[data-insight] h3', { hasText: title }).waitFor({ timeout: 1000 });
    assert.ok(Date.now() - postedAt <= 1000, `shown after ${Date.now() - postedAt} ms`);
    await writer.page.locator('[data-insight] h3', { hasText: title }).waitFor({ timeout: 5000 });

    const card = reader.page.locator('[data-insight]', { has: reader.page.locator('h3', { hasText: title }) });
    const vote = card.getByTestId('vote');
    assert.equal(await card.locator('[data-votes]').getAttribute('data-votes'), '0');
    await vote.click();
    await waitFor(async () => (await card.locator('[data-votes]').getAttribute('data-votes')) === '1', 5000, 'one vote');
    assert.equal(await vote.getAttribute('aria-pressed'), 'true');
    const id = await card.getAttribute('data-insight');
    assert.equal((await send<Insight>('GET', `/api/v1/insights/${id}`)).votes, 1, 'the server counted the vote');
    await vote.click();
    await waitFor(async () => (await card.locator('[data-votes]').getAttribute('data-votes')) === '0', 5000, 'vote taken back');
    assert.equal((await send<Insight>('GET', `/api/v1/insights/${id}`)).votes, 0);

    // comments: open the thread, add one; the count follows and the API has it
    await card.getByRole('button', { name: /comment/ }).click();
    await card.getByLabel('Add a comment').fill('Agreed.');
    await card.getByRole('button', { name: 'Comment', exact: true }).click();
    await card.locator('[data-comment]').first().waitFor({ timeout: 5000 });
    assert.equal(await card.locator('[data-comment-count]').getAttribute('data-comment-count'), '1');
    assert.equal((await send<Page_<{ body: string }>>('GET', `/api/v1/insights/${id}/comments`)).items[0].body, 'Agreed.');
    await reader.context.close();
    await writer.context.close();
  });

  test('/me/stats: each tab loads on first open only, is kept when switching back, and shows the API’s figures', async () => {
    const asked = new Map<string, number>();
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, timezoneId: 'UTC' });
    const page = await context.newPage();
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (!url.pathname.startsWith('/api/v1/me/stats/')) return;
      // the header's one-row sync request is not the Sync tab's list
      const key = url.pathname.slice('/api/v1/me/stats/'.length) + (url.searchParams.get('limit') === '1' ? ':header' : '');
      asked.set(key, (asked.get(key) ?? 0) + 1);
    });
    await page.goto(`${dash.url}/?token=${dash.token}`);
    await page.goto(`${dash.url}/me/stats`);
    await appear(page, '[data-my-session]');
    await appear(page, '[data-testid="last-sync"][data-value]');
    const counts = () => Object.fromEntries(['sessions', 'tokens', 'queries', 'sync'].map((k) => [k, asked.get(k) ?? 0]));
    assert.deepEqual(counts(), { sessions: 1, tokens: 0, queries: 0, sync: 0 }, 'only the open tab asked');
    assert.equal(asked.get('sync:header'), 1, 'the header asked for the last sync');

    const sessions = await send<Page_<{ sessionId: string; costUsd?: number }>>('GET', '/api/v1/me/stats/sessions?limit=25');
    assert.deepEqual((await attrs(page, '[data-my-session]', 'data-my-session')).flat(), sessions.items.filter((s) => s.costUsd !== undefined).map((s) => s.sessionId));

    await page.getByRole('tab', { name: 'Tokens' }).click();
    await appear(page, '[data-testid="life-cost"]');
    const tokens = await send<MyTokens>('GET', '/api/v1/me/stats/tokens?window=7');
    assert.equal(await kpi(page, 'life-sessions'), tokens.lifetime.sessions);
    assert.equal(await kpi(page, 'life-input'), tokens.lifetime.inputTokens);
    assert.equal(await kpi(page, 'life-output'), tokens.lifetime.outputTokens);
    assert.equal(await kpi(page, 'life-cache-read'), tokens.lifetime.cacheReadTokens);
    assert.equal(await kpi(page, 'life-cache-creation'), tokens.lifetime.cacheCreationTokens);
    assert.equal(await kpi(page, 'life-cost'), tokens.lifetime.costUsd);
    assert.deepEqual(await attrs(page, '[data-my-model-cost]', 'data-my-model-cost', 'data-value'), tokens.byModel.slice(0, 10).map((m) => [m.model, String(m.costUsd)]));
    assert.ok(tokens.daily.length > 0 && (await page.locator('[data-testid="me-tokens"] .chart canvas').count()) >= 2, 'daily charts drawn');

    await page.getByRole('tab', { name: 'Data access' }).click();
    await appear(page, '[data-testid="me-queries"] table.data tbody tr');
    await page.getByRole('tab', { name: 'Sync activity' }).click();
    await appear(page, '[data-testid="me-sync"] .empty');
    for (const name of ['Sessions', 'Tokens', 'Data access', 'Sync activity', 'Tokens']) {
      await page.getByRole('tab', { name }).click();
      assert.equal(await page.getByRole('tab', { name }).getAttribute('aria-selected'), 'true');
    }
    await page.waitForTimeout(300);
    assert.deepEqual(counts(), { sessions: 1, tokens: 1, queries: 1, sync: 1 }, 'switching back asked nothing again');
    assert.equal(new URL(page.url()).searchParams.get('tab'), 'tokens', 'the open tab is in the URL');

    await page.getByTestId('token-window').getByRole('button', { name: '30 days' }).click();
    const month = await send<MyTokens>('GET', '/api/v1/me/stats/tokens?window=30');
    await waitFor(async () => JSON.stringify(await attrs(page, '[data-my-top-cost]', 'data-my-top-cost', 'data-value')) === JSON.stringify(month.topSessions.map((s) => [s.sessionId, String(s.costUsd)])), 10_000, 'the 30-day top sessions');
    assert.equal(Number(await page.getByTestId('window-cost').getAttribute('data-value')).toFixed(6), month.byModel.reduce((s, m) => s + m.costUsd, 0).toFixed(6));
    await context.close();
  });

  test('/me/stats: a transcript still being read is listed as processing', async () => {
    const projects = join(dash.claudeRoot, 'projects');
    const [project] = await readdir(projects);
    const [file] = (await readdir(join(projects, project))).filter((f) => f.endsWith('.jsonl'));
    // half a line: the reader stops before it, so the checkpoint stays short of the file's size
    await appendFile(join(projects, project, file), '{"type":"user","sessionId":"');
    const sessionId = file.replace(/\.jsonl$/, '');
    await waitFor(async () => (await send<Page_<{ sessionId: string; processing: boolean }>>('GET', '/api/v1/me/stats/sessions')).items.some((s) => s.sessionId === sessionId && s.processing), 30_000, 'the API to say processing');
    const { page, context } = await open('/me/stats');
    await appear(page, `[data-processing="${sessionId}"]`);
    assert.match((await page.locator(`[data-processing="${sessionId}"]`).first().textContent()) ?? '', /processing/);
    await context.close();
  });

  test('/audit: rows, filters in the URL and the export are the API’s; the page says whose rows they are', async () => {
    // some refused reads (result error) from the API client, then a closed time window so the rows stay put
    for (let i = 0; i < 3; i++) await fetch(`${dash.url}/api/v1/sessions?limit=oops`, { headers: { authorization: `Bearer ${dash.token}` } });
    await new Promise((resolve) => setTimeout(resolve, 1500)); // the audit writer flushes every second
    const since = new Date(Date.now() - DAY).toISOString();
    const until = new Date(Date.now() - 200).toISOString();
    const window = `from=${encodeURIComponent(since)}&to=${encodeURIComponent(until)}`;
    const api = (q: string) => send<Page_<AuditEntry>>('GET', `/api/v1/audit?since=${encodeURIComponent(since)}&until=${encodeURIComponent(until)}&limit=50${q}`);
    const all = await api('');
    assert.ok(all.items.length > 3, 'the log has rows');

    const { page, context } = await open(`/audit?${window}`);
    await appear(page, '[data-actor]');
    assert.equal(await page.getByTestId('audit-scope').getAttribute('data-scope'), 'team', 'the local admin sees the team');
    const rowCount = async () => page.locator('#audit-title').locator('xpath=ancestor::section').locator('tbody tr').count();
    assert.equal(await rowCount(), all.items.length);

    await page.getByRole('combobox', { name: 'Result' }).selectOption('error');
    await waitFor(() => new URL(page.url()).searchParams.get('result') === 'error', 5000, 'result in the URL');
    const errors = await api('&result=error');
    assert.equal(errors.items.length, 3, 'the three refused reads');
    await waitFor(async () => (await rowCount()) === 3, 10_000, 'three error rows');
    await page.getByRole('combobox', { name: 'Client' }).selectOption('api');
    await waitFor(() => new URL(page.url()).searchParams.get('client') === 'api', 5000, 'client in the URL');
    await page.reload();
    await appear(page, '[data-actor]');
    assert.equal(await page.getByRole('combobox', { name: 'Result' }).inputValue(), 'error', 'filters survive a reload');
    assert.equal(await rowCount(), (await api('&result=error&client=api')).items.length);

    const href = await page.locator('a[download$=".csv"]').getAttribute('href');
    assert.match(href ?? '', /result=error/);
    const csv = await fetch(dash.url + href, { headers: { authorization: `Bearer ${dash.token}` } });
    assert.match(csv.headers.get('content-type') ?? '', /^text\/csv/);
    assert.equal((await csv.text()).trim().split('\n').length, 1 + 3, 'header + the three rows');
    await context.close();
  });

  test('/team: per-developer figures, heatmap and tag cloud are the API’s', async () => {
    const params = new URLSearchParams(range);
    const api = await send<TeamAnalytics>('GET', `/api/v1/team/analytics?since=${encodeURIComponent(params.get('from')!)}&until=${encodeURIComponent(params.get('to')!)}&tz=UTC`);
    assert.ok(api.developers.length > 0);
    const { page, context } = await open(`/team?${range}`);
    await appear(page, '[data-dev-cost]');
    assert.deepEqual(await attrs(page, '[data-dev-cost]', 'data-dev-cost', 'data-value'), api.developers.map((d) => [d.userId, String(d.costUsd)]));
    assert.deepEqual(await attrs(page, '[data-dev-sessions]', 'data-dev-sessions', 'data-value'), api.developers.map((d) => [d.userId, String(d.sessions)]));
    assert.equal(await kpi(page, 'team-sessions'), api.developers.reduce((s, d) => s + d.sessions, 0));
    const cells = await attrs(page, '[data-testid="heatmap"] td[data-day]', 'data-day', 'data-hour', 'data-value');
    assert.equal(cells.length, 7 * 24);
    for (const [day, hour, value] of cells) assert.equal(Number(value), api.heatmap.counts[Number(day)][Number(hour)], `heatmap ${day}/${hour}`);
    assert.ok(api.heatmap.counts.flat().some((n) => n > 0), 'the heatmap has activity');
    assert.deepEqual(await attrs(page, '.tag-cloud [data-tag]', 'data-tag', 'data-count'), api.tags.map((t) => [t.tag, String(t.count)]));
    assert.ok(await page.getByTestId('no-budgets').isVisible(), 'local mode has no budgets');
    await context.close();
  });

  test('every page in light and dark: screenshots, and no serious or critical axe violations', async () => {
    const pages = [
      ['insights', '/insights', '[data-insight]'],
      ['me-stats', '/me/stats', '[data-my-session]'],
      ['me-stats-tokens', '/me/stats?tab=tokens', '[data-testid="life-cost"]'],
      ['me-stats-access', '/me/stats?tab=queries', '[data-testid="me-queries"] tbody tr'],
      ['audit', '/audit', '[data-actor]'],
      ['team', `/team?${range}`, '[data-dev-cost]'],
    ] as const;
    for (const theme of ['light', 'dark'] as const) {
      for (const [name, path, ready] of pages) {
        const { page, context } = await open(path, theme);
        await appear(page, ready);
        if (name === 'insights') await page.locator('[data-insight]').first().getByRole('button', { name: /comment/ }).click();
        await page.waitForTimeout(300);
        await screenshot(page, `people-${name}-${theme}`);
        const violations = await seriousA11yViolations(page);
        assert.equal(violations.length, 0, `${name} (${theme}):\n${describeViolations(violations)}`);
        await context.close();
      }
    }
  });
});

/** Team mode: an admin and a member, each with sessions sent by their own API key; pages show each caller's own view. */
describe('people pages in team mode: two users, each sees their own numbers', () => {
  const ADMIN = { teamName: 'Platform', name: 'Ada Admin', email: 'ada@example.com', password: 'correct horse battery' };
  const MEMBER = { name: 'Bob Builder', email: 'bob@example.com', password: 'another long passphrase' };
  interface Account {
    id: string;
    cookie: string;
    csrf: string;
    key: string;
  }
  let dash: Dashboard;
  let browser: Browser;
  let admin: Account;
  let member: Account;

  before(async () => {
    dash = await startDashboard({ bytes: 0, mode: 'team' });
    browser = await launchBrowser();
    admin = await signUp('/api/v1/auth/setup', ADMIN);
    const invite = await call<{ url: string }>(admin, 'POST', '/api/v1/team/invites', { role: 'member' });
    member = await signUp('/api/v1/auth/register', { ...MEMBER, inviteToken: new URLSearchParams(invite.url.split('?')[1]).get('invite') });
    // team-visible by default, so the admin's team page counts the member's sessions; budgets to draw
    await call(admin, 'PUT', '/api/v1/team', { defaultVisibility: 'team', budgets: { team: { monthUsd: 1 }, users: { [member.id]: { dayUsd: 0.05 } } } });
    for (const account of [admin, member]) account.key = (await call<{ secret: string }>(account, 'POST', '/api/v1/keys', { name: 'laptop', scopes: ['ingest', 'read'] })).secret;
    await postSessions(admin.key, ['admin-s1', 'admin-s2']);
    await postSessions(member.key, ['member-s1']);
  });
  after(async () => {
    await browser?.close();
    await dash?.close();
  });

  async function signUp(path: string, body: object): Promise<Account> {
    const response = await fetch(dash.url + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    assert.equal(response.status, 201, await response.clone().text());
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith('sightline_session='))!.split(';')[0].split('=').slice(1).join('=');
    const me = (await response.json()) as { csrfToken: string; user: { id: string } };
    return { id: me.user.id, cookie, csrf: me.csrfToken, key: '' };
  }

  async function call<T>(who: Account, method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(dash.url + path, {
      method,
      headers: { cookie: `sightline_session=${who.cookie}`, 'x-csrf-token': who.csrf, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    assert.ok(response.ok, `${method} ${path}: HTTP ${response.status} ${await response.clone().text()}`);
    return (response.status === 204 ? undefined : await response.json()) as T;
  }

  async function postSessions(key: string, sessionIds: string[]): Promise<void> {
    const t0 = Date.now() - 3_600_000;
    const events = sessionIds.flatMap((sessionId, i) => {
      const common = { sessionId, project: 'billing', agent: 'claude-code' };
      const ts = t0 + i * 600_000;
      return [
        { ...common, key: `${sessionId}-prompt`, ts, kind: 'prompt', text: `Fix the invoice totals (${sessionId})` },
        { ...common, key: `${sessionId}-llm`, ts: ts + 1000, kind: 'llm_call', model: 'claude-sonnet-4-5', inputTokens: 1200 * (i + 1), outputTokens: 300, durationMs: 2100 },
      ];
    });
    const response = await fetch(`${dash.url}/api/v1/events`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify({ events }) });
    assert.equal(response.status, 200, await response.text());
  }

  async function open(who: Account, path: string, theme: 'light' | 'dark' = 'light'): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, colorScheme: theme, timezoneId: 'UTC' });
    await context.addCookies([{ name: 'sightline_session', value: who.cookie, url: dash.url }]);
    const page = await context.newPage();
    page.on('pageerror', (error) => console.error(`[browser] ${error.message}`));
    await page.goto(dash.url + path);
    return { context, page };
  }

  const attrs = (page: Page, selector: string, ...names: string[]) =>
    page.$$eval(selector, (els, keys) => els.map((el) => keys.map((k) => el.getAttribute(k) ?? '')), names);

  test('/me/stats: each user sees their own sessions and tokens only, although all are team-visible', async () => {
    for (const [who, ids] of [[admin, ['admin-s2', 'admin-s1']], [member, ['member-s1']]] as const) {
      const { page, context } = await open(who, '/me/stats');
      await page.locator('[data-my-session]').first().waitFor({ timeout: 30_000 });
      assert.deepEqual((await attrs(page, '[data-my-session]', 'data-my-session')).flat(), ids);
      await page.getByRole('tab', { name: 'Tokens' }).click();
      await page.getByTestId('life-sessions').waitFor();
      const api = await call<MyTokens>(who, 'GET', '/api/v1/me/stats/tokens?window=7');
      assert.equal(api.lifetime.sessions, ids.length);
      assert.equal(Number(await page.getByTestId('life-sessions').locator('.kpi-value').getAttribute('data-value')), ids.length);
      assert.equal(Number(await page.getByTestId('life-cost').locator('.kpi-value').getAttribute('data-value')), api.lifetime.costUsd);
      await context.close();
    }
  });

  test('/insights: the admin’s post reaches the member’s browser within a second; the member’s upvote counts', async () => {
    const reader = await open(member, '/insights');
    const writer = await open(admin, '/insights');
    await reader.page.getByTestId('insights-empty').waitFor({ timeout: 30_000 });
    await writer.page.getByTestId('insight-form').waitFor();
    await reader.page.waitForTimeout(500);
    await writer.page.getByLabel('Title').fill('Sonnet is enough for billing fixes');
    await writer.page.getByLabel('Tags (separated by spaces or commas)').fill('models billing');
    await writer.page.getByLabel('Session (optional)').fill('admin-s1');
    const posted = writer.page.waitForResponse((r) => r.url().endsWith('/api/v1/insights') && r.request().method() === 'POST');
    await writer.page.getByRole('button', { name: 'Post insight' }).click();
    assert.equal((await posted).status(), 201);
    const postedAt = Date.now();
    const card = reader.page.locator('[data-insight]', { hasText: 'Sonnet is enough for billing fixes' });
    await card.waitFor({ timeout: 1000 });
    assert.ok(Date.now() - postedAt <= 1000, `shown after ${Date.now() - postedAt} ms`);
    assert.equal(await card.locator(`[data-author="${admin.id}"]`).textContent(), ADMIN.name, 'the author by name');
    assert.equal(await card.locator('[data-session-link]').getAttribute('href'), '/sessions/admin-s1');
    await card.getByTestId('vote').click();
    await waitFor(async () => (await card.locator('[data-votes]').getAttribute('data-votes')) === '1', 5000, "the member's vote");
    const feed = await call<Page_<Insight>>(admin, 'GET', '/api/v1/insights');
    assert.equal(feed.items[0].votes, 1);
    assert.equal(feed.items[0].myVote, false, 'the vote is the member’s, not the admin’s');
    await screenshot(reader.page, 'people-team-mode-insights-light');
    await reader.context.close();
    await writer.context.close();
  });

  test('/audit: the member sees their own entries, the admin everyone’s', async () => {
    await new Promise((resolve) => setTimeout(resolve, 1500)); // the audit writer flushes every second
    const mine = await open(member, '/audit');
    await mine.page.locator('[data-actor]').first().waitFor({ timeout: 30_000 });
    assert.equal(await mine.page.getByTestId('audit-scope').getAttribute('data-scope'), 'own');
    assert.deepEqual([...new Set((await attrs(mine.page, '[data-actor]', 'data-actor')).flat())], [member.id]);
    await mine.context.close();
    const all = await open(admin, '/audit');
    await all.page.locator('[data-actor]').first().waitFor({ timeout: 30_000 });
    assert.equal(await all.page.getByTestId('audit-scope').getAttribute('data-scope'), 'team');
    const actors = new Set((await attrs(all.page, '[data-actor]', 'data-actor')).flat());
    assert.ok(actors.has(admin.id) && actors.has(member.id), `both users' rows: ${[...actors].join(', ')}`);
    await all.page.getByRole('combobox', { name: 'Actor' }).selectOption(member.id);
    await waitFor(() => new URL(all.page.url()).searchParams.get('actor') === member.id, 5000, 'actor in the URL');
    await waitFor(async () => JSON.stringify([...new Set((await attrs(all.page, '[data-actor]', 'data-actor')).flat())]) === JSON.stringify([member.id]), 10_000, "the member's rows only");
    await all.context.close();
  });

  test('/team: both developers with the API’s figures, and budget use against the budgets', async () => {
    const api = await call<TeamAnalytics & { budgets: { team: { month: { pctUsd: number } }; users: Array<{ userId: string; day: { pctUsd: number | null } }> } }>(admin, 'GET', '/api/v1/team/analytics?tz=UTC');
    assert.equal(api.developers.length, 2);
    for (const theme of ['light', 'dark'] as const) {
      const { page, context } = await open(admin, '/team?range=30d', theme);
      await page.locator('[data-dev-cost]').first().waitFor({ timeout: 30_000 });
      assert.deepEqual(await attrs(page, '[data-dev-sessions]', 'data-dev-sessions', 'data-value'), api.developers.map((d) => [d.userId, String(d.sessions)]));
      assert.deepEqual((await page.$$eval('[data-developer]', (els) => els.map((el) => el.textContent))).sort(), [ADMIN.name, MEMBER.name].sort());
      assert.equal(await page.locator('[data-budget="team-month-usd"]').getAttribute('data-pct'), String(api.budgets.team.month.pctUsd));
      const memberDay = api.budgets.users.find((u) => u.userId === member.id)!.day.pctUsd;
      assert.equal(await page.locator(`[data-budget="user-${member.id}-day-usd"]`).getAttribute('data-pct'), String(memberDay));
      await screenshot(page, `people-team-mode-team-${theme}`);
      const violations = await seriousA11yViolations(page);
      assert.equal(violations.length, 0, describeViolations(violations));
      await context.close();
    }
  });
});
