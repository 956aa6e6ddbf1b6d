import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { describeViolations, seriousA11yViolations } from './axe.js';
import { launchBrowser, openDashboard, screenshot, startDashboard, type Dashboard } from './harness.js';

interface SystemReport {
  version: string;
  store: { kind: string; location: string; sizeBytes: number; schemaVersion: number; engineVersion: string; events: number; sessions: number };
  ingest: { files: number; eventsIngested: number; malformedLines: number };
  websocketClients: number;
  config: Record<string, unknown>;
}

interface LogLine {
  id: string;
  ts: number;
  kind: string;
  level: string | null;
  text: string | null;
}

/** The query the page sent: its export link holds the exact parameters (range included). */
async function pageQuery(page: Page): Promise<URLSearchParams> {
  const href = await page.getByRole('group', { name: 'Export logs' }).getByRole('link', { name: 'JSON' }).getAttribute('href');
  const query = new URL(href!, 'http://x').searchParams;
  query.delete('format');
  query.set('limit', '50');
  return query;
}

describe('system and logs pages in Chromium', () => {
  let dash: Dashboard;
  let browser: Browser;
  before(async () => {
    dash = await startDashboard({ bytes: 1_500_000 });
    browser = await launchBrowser();
    // leveled lines of every kind the page filters on
    const now = Date.now();
    const events = ['debug', 'info', 'warning', 'error'].flatMap((level, i) =>
      Array.from({ length: 3 }, (_, j) => ({ ts: now - (i * 3 + j) * 60_000, sessionId: 'app-worker', kind: 'log', level, text: `${level} line ${j}: sl-probe queue ${10 * j}`, key: `sl-${level}-${j}` })),
    );
    const response = await fetch(`${dash.url}/api/v1/events`, { method: 'POST', headers: { authorization: `Bearer ${dash.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ events }) });
    assert.equal(response.status, 200);
  });
  after(async () => {
    await browser?.close();
    await dash?.close();
  });

  test('system health shows what /api/v1/system and /api/v1/ingest/status say; secrets redacted', async () => {
    for (const theme of ['light', 'dark'] as const) {
      const { page, context } = await openDashboard(browser, dash, '/system', { theme });
      await page.getByTestId('sys-events').waitFor();
      const system = await dash.api<SystemReport>('/api/v1/system');
      const ingest = await dash.api<SystemReport['ingest']>('/api/v1/ingest/status');
      const value = async (id: string) => page.getByTestId(id).locator('[data-value]').first().getAttribute('data-value');
      assert.equal(Number(await value('sys-events')), system.store.events);
      assert.equal(await page.getByTestId('sys-location').innerText(), system.store.location);
      assert.equal(await page.getByTestId('sys-schema').innerText(), String(system.store.schemaVersion));
      assert.equal(await page.getByTestId('sys-engine').innerText(), system.store.engineVersion);
      assert.equal(await page.getByTestId('sys-version').innerText(), system.version);
      assert.equal(await page.getByTestId('ingest-files').innerText(), ingest.files.toLocaleString('en-US'));
      assert.equal(await page.getByTestId('ingest-events').innerText(), ingest.eventsIngested.toLocaleString('en-US'));
      assert.match(await page.getByTestId('ingest-malformed').innerText(), new RegExp(`^${ingest.malformedLines}`));
      assert.equal(system.config.token, '[redacted]');
      assert.equal(await page.getByTestId('config-token').innerText(), 'redacted');
      assert.ok(!(await page.content()).includes(dash.token), 'the token never reaches the page');
      assert.equal(await page.getByTestId('config-home').innerText(), system.config.home);
      const sources = await dash.api<{ sources: Array<{ source: string; events: number }> }>('/api/v1/sources');
      const transcripts = sources.sources.find((s) => s.source === 'transcript')!;
      assert.equal(await page.getByTestId('source-events-transcript').innerText(), transcripts.events.toLocaleString('en-US'));
      await screenshot(page, `system-${theme}`);
      const violations = await seriousA11yViolations(page);
      assert.deepEqual(violations, [], describeViolations(violations));
      await context.close();
    }
  });

  test('logs: the rows and level counts equal the API; screenshots and accessibility in both themes', async () => {
    for (const theme of ['light', 'dark'] as const) {
      const { page, context } = await openDashboard(browser, dash, '/logs?range=30d', { theme });
      await page.getByTestId('logs-table').waitFor();
      await page.getByTestId('level-count-error').waitFor();
      const query = await pageQuery(page);
      const api = await dash.api<{ items: LogLine[] }>(`/api/v1/logs?${query}`);
      const rows = page.getByTestId('logs-table').locator('tbody tr');
      assert.equal(await rows.count(), api.items.length);
      const messages = await rows.evaluateAll((trs) => trs.map((tr) => (tr.querySelectorAll('td')[3] as HTMLElement).innerText));
      assert.deepEqual(messages, api.items.map((l) => l.text ?? '(no text)'));
      const levelsQuery = new URLSearchParams(query);
      for (const key of ['limit', 'level', 'order']) levelsQuery.delete(key);
      const levels = await dash.api<{ levels: Array<{ level: string; count: number }>; total: number }>(`/api/v1/logs/levels?${levelsQuery}`);
      for (const { level, count } of levels.levels) assert.equal(Number(await page.getByTestId(`level-count-${level}`).getAttribute('data-value')), count, level);
      assert.equal(Number(await page.getByTestId('logs-total').getAttribute('data-value')), levels.total);
      await screenshot(page, `logs-${theme}`);
      const violations = await seriousA11yViolations(page);
      assert.deepEqual(violations, [], describeViolations(violations));
      await context.close();
    }
  });

  test('logs filters (level, search, kind, order, live tail) live in the URL and survive a reload', async () => {
    const { page, context } = await openDashboard(browser, dash, '/logs?range=30d');
    await page.getByTestId('logs-table').waitFor();
    await page.getByTestId('level-warning').click();
    await page.getByTestId('level-error').click();
    await page.getByTestId('logs-search').fill('sl-probe');
    await page.waitForURL((url) => url.searchParams.get('q') === 'sl-probe');
    const url = new URL(page.url());
    assert.equal(url.searchParams.get('level'), 'warning,error');
    assert.equal(url.searchParams.get('range'), '30d');
    await page.reload();
    await page.getByTestId('logs-table').waitFor();
    assert.equal(await page.getByTestId('level-error').getAttribute('aria-pressed'), 'true');
    assert.equal(await page.getByTestId('level-info').getAttribute('aria-pressed'), 'false');
    assert.equal(await page.getByTestId('logs-search').inputValue(), 'sl-probe');
    const query = await pageQuery(page);
    assert.equal(query.get('level'), 'warning,error');
    assert.equal(query.get('q'), 'sl-probe');
    const api = await dash.api<{ items: LogLine[] }>(`/api/v1/logs?${query}`);
    assert.equal(api.items.length, 6);
    const levels = await page.getByTestId('logs-table').locator('tbody tr td:nth-child(2)').allInnerTexts();
    assert.deepEqual(levels, api.items.map((l) => l.level!.toUpperCase()));

    // live tail: a new matching line appears on top without a refresh
    await page.getByTestId('logs-tail').check();
    assert.equal(new URL(page.url()).searchParams.get('tail'), '1');
    await page.waitForTimeout(1000);
    const text = `error line tail: sl-probe 999 at ${Date.now()}`;
    const response = await fetch(`${dash.url}/api/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${dash.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ events: [{ ts: Date.now(), sessionId: 'app-worker', kind: 'log', level: 'error', text, key: `tail-${Date.now()}` }] }),
    });
    assert.equal(response.status, 200);
    await page.getByTestId('logs-table').locator('tbody tr').first().filter({ hasText: text }).waitFor({ timeout: 5000 });
    await page.reload();
    assert.equal(await page.getByTestId('logs-tail').isChecked(), true);
    await context.close();
  });

  test('logs use the shell auto-refresh (URL refresh=N) and keep it across reloads', async () => {
    const { page, context } = await openDashboard(browser, dash, '/logs?range=30d&level=error');
    await page.getByTestId('logs-table').waitFor();
    await page.getByTestId('auto-refresh').selectOption('5');
    assert.equal(new URL(page.url()).searchParams.get('refresh'), '5');
    const requests: string[] = [];
    page.on('request', (request) => request.url().includes('/api/v1/logs?') && requests.push(request.url()));
    await page.waitForTimeout(6500);
    assert.ok(requests.length >= 1, 'the list refetched on the refresh tick');
    await page.reload();
    assert.equal(await page.getByTestId('auto-refresh').inputValue(), '5');
    await context.close();
  });
});
