import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { describeViolations, seriousA11yViolations } from './axe.js';
import { SCREENSHOT_DIR, launchBrowser, openDashboard, screenshot, startDashboard, waitFor, type Dashboard } from './harness.js';

interface SessionItem {
  sessionId: string;
  title: string | null;
  project: string | null;
  totalTokens: number;
  costUsd: number;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheCreationTokens: number;
  durationMs: number;
  contextPct: number;
  status: string;
}
interface SessionPage {
  items: SessionItem[];
  nextCursor: string | null;
}
interface Detail {
  session: SessionItem;
  health: { score: number; parts: Array<{ part: string; penalty: number }> };
  subagentTree: { children: unknown[] };
  counts: { compactions: number };
}
interface TimelinePage {
  items: Array<{ id: string; kind: string; isSidechain: boolean }>;
  nextCursor: string | null;
}
interface EventPayload {
  event: Record<string, unknown> & { id: string; kind: string };
  source: { line: unknown } | null;
  result: { line: unknown } | null;
}

/** The API request the page made for its list, read from its JSON export link (same range, filters, sort). */
async function listRequest(page: Page, limit: number, cursor?: string): Promise<string> {
  const href = await page.locator('a[download="sessions.json"]').getAttribute('href');
  assert.ok(href, 'the export link is there');
  const url = new URL(href, 'http://x');
  url.searchParams.set('limit', String(limit));
  url.searchParams.delete('format');
  if (cursor) url.searchParams.set('cursor', cursor);
  return url.pathname + url.search;
}

async function renderedRows(page: Page): Promise<Array<{ title: string; tokens: number; cost: number; href: string }>> {
  return page.locator('[data-testid="sessions-table"] tbody tr').evaluateAll((rows) =>
    rows.map((row) => ({
      title: row.querySelector('[data-testid="session-link"]')?.textContent ?? '',
      href: row.querySelector('[data-testid="session-link"]')?.getAttribute('href') ?? '',
      tokens: Number(row.querySelector('[data-testid="session-tokens"]')?.getAttribute('data-value')),
      cost: Number(row.querySelector('[data-testid="session-cost"]')?.getAttribute('data-value')),
    })),
  );
}

/** The inspector is a fixed side panel: a viewport screenshot shows it as the user sees it. */
async function inspectorShot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.locator('.inspector-body').evaluate((el) => (el.scrollTop = 0));
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) });
}

const shownTitle = (s: SessionItem) => s.title || `Untitled session ${s.sessionId.slice(0, 8)}`;

async function expectNoA11yViolations(page: Page, where: string): Promise<void> {
  const violations = await seriousA11yViolations(page);
  assert.deepEqual(violations, [], `${where}:\n${describeViolations(violations)}`);
}

describe('sessions list and session page in Chromium', () => {
  let dash: Dashboard;
  let browser: Browser;
  /** the session with the most subagents: branches, compactions and errors make the richest page */
  let rich: SessionItem;
  before(async () => {
    dash = await startDashboard({ bytes: 2_000_000 });
    browser = await launchBrowser();
    const from = new Date(Date.now() - 30 * 86_400_000).toISOString();
    const all = await dash.api<SessionPage>(`/api/v1/sessions?limit=1000&sort=tokens&from=${from}`);
    let best = -1;
    for (const s of all.items.slice(0, 12)) {
      const d = await dash.api<Detail>(`/api/v1/sessions/${s.sessionId}`);
      const score = d.subagentTree.children.length * 2 + d.counts.compactions;
      if (score > best) [best, rich] = [score, s];
    }
  });
  after(async () => {
    await browser?.close();
    await dash?.close();
  });

  test('the list shows what the API returns: titles, tokens and cost of the first rows; light and dark; no a11y violations', async () => {
    for (const theme of ['light', 'dark'] as const) {
      const { page, context } = await openDashboard(browser, dash, '/sessions?range=30d', { theme });
      await page.getByTestId('session-link').first().waitFor();
      const api = await dash.api<SessionPage>(await listRequest(page, 50));
      const rows = await renderedRows(page);
      assert.equal(rows.length, api.items.length);
      assert.ok(rows.length >= 5, 'seeded data gives a few sessions');
      for (let i = 0; i < 5; i++) {
        assert.equal(rows[i].title, shownTitle(api.items[i]));
        assert.equal(rows[i].tokens, api.items[i].totalTokens);
        assert.equal(rows[i].cost, api.items[i].costUsd);
        assert.equal(rows[i].href, `/sessions/${encodeURIComponent(api.items[i].sessionId)}`);
      }
      await screenshot(page, `sessions-${theme}`);
      await expectNoA11yViolations(page, `sessions (${theme})`);
      await context.close();
    }
  });

  test('filters, sort and search go into the URL, survive a reload, and the rows follow them', async () => {
    const { page, context } = await openDashboard(browser, dash, '/sessions?range=30d');
    await page.getByTestId('session-link').first().waitFor();
    // project: the first choice offered
    const project = await page.getByTestId('filter-project').locator('option').nth(1).getAttribute('value');
    assert.ok(project);
    await page.getByTestId('filter-project').selectOption(project);
    await waitFor(() => new URL(page.url()).searchParams.get('project') === project, 5000, 'project in the URL');
    await page.getByTestId('filter-status').selectOption('ended');
    await waitFor(() => new URL(page.url()).searchParams.get('status') === 'ended', 5000, 'status in the URL');
    // server-side sort by clicking the Cost header
    await page.getByRole('columnheader', { name: 'Cost' }).getByRole('button').click();
    await waitFor(() => new URL(page.url()).searchParams.get('sort') === 'cost', 5000, 'sort in the URL');
    await page.getByRole('columnheader', { name: /Cost/ }).getByRole('button').click();
    await waitFor(() => new URL(page.url()).searchParams.get('order') === 'asc', 5000, 'ascending order in the URL');

    await page.reload();
    await page.getByTestId('session-link').first().waitFor();
    assert.equal(await page.getByTestId('filter-project').inputValue(), project);
    assert.equal(await page.getByTestId('filter-status').inputValue(), 'ended');
    assert.equal(await page.getByTestId('sort').inputValue(), 'cost');
    const request = await listRequest(page, 50);
    const params = new URL(request, 'http://x').searchParams;
    assert.equal(params.get('project'), project);
    assert.equal(params.get('sort'), 'cost');
    assert.equal(params.get('order'), 'asc');
    const api = await dash.api<SessionPage>(request);
    assert.ok(api.items.every((s) => s.project === project));
    await waitFor(async () => (await renderedRows(page)).length === api.items.length, 5000, 'the filtered rows');
    const costs = (await renderedRows(page)).map((r) => r.cost);
    assert.deepEqual(costs, api.items.map((s) => s.costUsd));
    assert.deepEqual(costs, [...costs].sort((a, b) => a - b), 'ascending by cost');

    // text search (q) on a word of the first title
    const title = api.items.find((s) => s.title)?.title;
    assert.ok(title);
    const word = title.split(' ').sort((a, b) => b.length - a.length)[0];
    await page.getByTestId('session-search').fill(word);
    await waitFor(() => new URL(page.url()).searchParams.get('q') === word, 5000, 'q in the URL');
    await page.reload();
    await page.getByTestId('session-link').first().waitFor();
    assert.equal(await page.getByTestId('session-search').inputValue(), word);
    const searched = await dash.api<SessionPage>(await listRequest(page, 50));
    await waitFor(async () => (await renderedRows(page)).length === searched.items.length, 5000, 'the searched rows');
    assert.ok((await renderedRows(page)).every((r) => r.title.length > 0));
    // clearing brings every session back
    await page.getByRole('button', { name: 'Clear filters' }).first().click();
    await waitFor(() => !new URL(page.url()).searchParams.has('project') && !new URL(page.url()).searchParams.has('q'), 5000, 'filters cleared');
    await context.close();
  });

  test('pagination: Next shows the API’s second page, Previous the first again', async () => {
    const { page, context } = await openDashboard(browser, dash, '/sessions?range=30d&limit=10');
    await page.getByTestId('session-link').first().waitFor();
    const first = await dash.api<SessionPage>(await listRequest(page, 10));
    assert.equal(first.items.length, 10);
    assert.ok(first.nextCursor, 'more than one page of sessions');
    const second = await dash.api<SessionPage>(await listRequest(page, 10, first.nextCursor));
    await page.getByRole('navigation', { name: 'Sessions pages' }).getByRole('button', { name: /Next/ }).click();
    await page.getByText('Page 2', { exact: true }).waitFor();
    await waitFor(async () => (await renderedRows(page))[0]?.title === shownTitle(second.items[0]), 5000, 'page 2 rows');
    assert.deepEqual((await renderedRows(page)).map((r) => r.title), second.items.map(shownTitle));
    await page.getByRole('navigation', { name: 'Sessions pages' }).getByRole('button', { name: /Previous/ }).click();
    await waitFor(async () => (await renderedRows(page))[0]?.title === shownTitle(first.items[0]), 5000, 'page 1 rows again');
    await context.close();
  });

  test('from the list to a session (header equals the API), then to an event whose inspector matches /events/:id', async () => {
    const { page, context } = await openDashboard(browser, dash, `/sessions?range=30d&q=${rich.sessionId}`);
    const link = page.getByTestId('session-link');
    await waitFor(async () => (await link.count()) === 1, 10_000, 'the searched session alone');
    await link.focus();
    await page.keyboard.press('Enter');
    await waitFor(() => new URL(page.url()).pathname === `/sessions/${rich.sessionId}`, 5000, 'the session page');
    await page.getByTestId('header-cost').waitFor();

    const detail = await dash.api<Detail>(`/api/v1/sessions/${rich.sessionId}`);
    const value = async (testId: string) => Number(await page.getByTestId(testId).locator('[data-value]').first().getAttribute('data-value'));
    assert.equal(await value('header-cost'), detail.session.costUsd);
    assert.equal(await value('header-input'), detail.session.inputTokens);
    assert.equal(await value('header-output'), detail.session.outputTokens);
    assert.equal(await value('header-cache-read'), detail.session.cacheReadTokens);
    assert.equal(await value('header-cache-write'), detail.session.cacheCreationTokens);
    assert.equal(await value('header-total'), detail.session.totalTokens);
    assert.equal(await value('header-duration'), detail.session.durationMs);
    assert.equal(await value('header-context'), detail.session.contextPct);
    assert.equal(await value('health'), detail.health.score);
    assert.equal(await page.getByTestId('session-title').textContent(), shownTitle(detail.session));
    assert.equal(await page.locator('[data-testid="health"] li').count(), detail.health.parts.length);

    // the whole timeline loads, subagents as branches
    let total = 0;
    let sidechains = 0;
    let cursor: string | null = null;
    let firstTool: string | undefined;
    do {
      const pageOfEvents: TimelinePage = await dash.api<TimelinePage>(`/api/v1/sessions/${rich.sessionId}/events?limit=1000${cursor ? `&cursor=${cursor}` : ''}`);
      total += pageOfEvents.items.length;
      sidechains += pageOfEvents.items.filter((e) => e.isSidechain).length;
      firstTool ??= pageOfEvents.items.find((e) => e.kind === 'tool_call' && !e.isSidechain)?.id;
      cursor = pageOfEvents.nextCursor;
    } while (cursor);
    await page.getByTestId('timeline-count').waitFor();
    assert.equal(await page.getByTestId('timeline-count').textContent(), `${total.toLocaleString('en-US')} events, in conversation order`);
    if (sidechains > 0) assert.ok((await page.getByTestId('timeline-branch').count()) > 0, 'subagent branches shown');
    await page.getByTestId('context-chart').waitFor();
    await screenshot(page, 'session-light');
    await expectNoA11yViolations(page, 'session page');

    // inspector: click a tool call
    assert.ok(firstTool);
    const row = page.locator(`[data-testid="timeline-row"][data-event-id="${firstTool}"]`);
    await row.click();
    await waitFor(() => new URL(page.url()).searchParams.get('event') === firstTool, 5000, 'event in the URL');
    await page.getByTestId('inspector-fields').waitFor();
    const payload = await dash.api<EventPayload>(`/api/v1/events/${firstTool}`);
    const field = async (name: string) => page.locator(`[data-testid="inspector-fields"] [data-field="${name}"] dd`).getAttribute('data-value');
    assert.equal(await field('id'), payload.event.id);
    assert.equal(await field('kind'), payload.event.kind);
    assert.equal(await field('toolName'), String(payload.event.toolName));
    assert.equal(await field('status'), String(payload.event.status));
    assert.equal(await field('sourceOffset'), String(payload.event.sourceOffset));
    if (typeof payload.event.attrs === 'object' && payload.event.attrs && 'outputExcerpt' in payload.event.attrs) {
      assert.equal(await page.getByTestId('inspector-output').textContent(), String((payload.event.attrs as Record<string, unknown>).outputExcerpt));
    }
    assert.ok(payload.source?.line);
    await page.getByTestId('inspector-source-raw-toggle').click();
    assert.deepEqual(JSON.parse((await page.getByTestId('inspector-source-raw').textContent()) ?? ''), payload.source.line);
    if (payload.result?.line) {
      await page.getByTestId('inspector-result-raw-toggle').click();
      assert.deepEqual(JSON.parse((await page.getByTestId('inspector-result-raw').textContent()) ?? ''), payload.result.line);
    }
    await page.getByTestId('inspector-source-raw-toggle').locator('xpath=..').getByRole('button', { name: 'Tree' }).click();
    await inspectorShot(page, 'inspector-light');
    await expectNoA11yViolations(page, 'session page with the inspector');

    // Esc closes; a link with ?event= opens it again
    await page.keyboard.press('Escape');
    await page.getByTestId('inspector').waitFor({ state: 'detached' });
    assert.equal(new URL(page.url()).searchParams.get('event'), null);
    await page.goto(`${dash.url}/sessions/${rich.sessionId}?event=${firstTool}`);
    await page.locator(`[data-testid="inspector-fields"] [data-field="id"] dd[data-value="${firstTool}"]`).waitFor();
    // keyboard: Enter on a focused row opens it
    await page.keyboard.press('Escape');
    await page.getByTestId('inspector').waitFor({ state: 'detached' });
    const prompt = page.locator('[data-testid="timeline-row"][data-kind="prompt"]').first();
    await prompt.focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.getByTestId('inspector-fields').waitFor();
    await context.close();
  });

  test('session page, tabs and inspector in the dark theme; tools and errors tabs come from the API', async () => {
    const { page, context } = await openDashboard(browser, dash, `/sessions/${rich.sessionId}`, { theme: 'dark' });
    await page.getByTestId('timeline-count').waitFor();
    await page.getByTestId('context-chart').waitFor();
    await screenshot(page, 'session-dark');
    await expectNoA11yViolations(page, 'session page (dark)');
    await page.locator('[data-testid="timeline-row"][data-kind="tool_call"]').first().click();
    await page.getByTestId('inspector-fields').waitFor();
    await inspectorShot(page, 'inspector-dark');
    await expectNoA11yViolations(page, 'inspector (dark)');
    await page.getByTestId('inspector-close').click();

    await page.getByRole('tab', { name: /Tool calls/ }).click();
    await waitFor(() => new URL(page.url()).searchParams.get('tab') === 'tools', 5000, 'tab in the URL');
    const calls = await dash.api<TimelinePage>(`/api/v1/sessions/${rich.sessionId}/events?kind=tool_call&limit=50`);
    await page.locator('#panel-tools table').nth(1).waitFor();
    await waitFor(async () => (await page.locator('#panel-tools table').nth(1).locator('tbody tr').count()) === calls.items.length, 5000, 'tool call rows');
    await expectNoA11yViolations(page, 'tools tab (dark)');
    await page.reload();
    await page.locator('#panel-tools').waitFor();
    await page.getByRole('tab', { name: /Errors/ }).click();
    await page.locator('#panel-errors').waitFor();
    await page.locator('#panel-errors .panel').first().waitFor();
    await expectNoA11yViolations(page, 'errors tab (dark)');
    await context.close();
  });

  test('an unknown session id says so and links back to the list', async () => {
    const { page, context } = await openDashboard(browser, dash, '/sessions/no-such-session');
    await page.getByTestId('session-not-found').waitFor();
    await page.getByText('Session not found').waitFor();
    await page.getByRole('link', { name: /Back to the sessions list/ }).click();
    await waitFor(() => new URL(page.url()).pathname === '/sessions', 5000, 'the sessions list');
    await context.close();
  });
});
