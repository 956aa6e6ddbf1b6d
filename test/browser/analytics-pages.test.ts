import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { appendFile, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { writeServerFile } from '../../src/server/server-file.js';
import { describeViolations, seriousA11yViolations } from './axe.js';
import { launchBrowser, screenshot, startDashboard, waitFor, type Dashboard } from './harness.js';

/**
 * Tokens & cost, Tools, Errors and Performance over generated transcripts: every figure the pages show
 * equals the API's (and /tokens equals `sightline report daily`), filters live in the URL, exports
 * download, both themes pass axe. One fixed range of whole UTC days, so page, API and report agree.
 */
const run = promisify(execFile);
const DAY = 86_400_000;
const DAYS = 14;

interface PeriodRow {
  period: string;
  totalTokens: number;
  totalCost: number;
}
interface Group {
  key: string;
  costUsd: number;
}
interface TokensAnswer {
  timezone: string;
  periods: PeriodRow[];
  totals: { totalCost: number; totalTokens: number; inputTokens: number; outputTokens: number; cacheReadTokens: number; cacheCreationTokens: number };
  cacheHitRatio: number | null;
  byModel: Group[];
  byProject: Group[];
  topSessions: Group[];
}
interface Block {
  id: string;
  isGap: boolean;
  isActive: boolean;
  entries: number;
  costUSD: number;
  totalTokens: number;
  burnRate: { costPerHour: number } | null;
  projection: { totalCost: number } | null;
}
interface BlocksAnswer {
  blocks: Block[];
  active: Block | null;
}
interface ToolStats {
  name: string;
  calls: number;
  errors: number;
  durationMs: { p95: number | null };
}
interface ToolsAnswer {
  tools: ToolStats[];
  byMcpServer: ToolStats[];
  slowest: Array<{ id: string }>;
}
interface BashPage {
  items: Array<{ id: string; status: string | null; command: string | null }>;
  nextCursor: string | null;
}
interface ErrorsAnswer {
  byType: Array<{ key: string; count: number }>;
  recurring: Array<{ pattern: string; count: number }>;
  recent: { items: Array<{ id: string; type: string }>; nextCursor: string | null };
}
interface PerformanceAnswer {
  models: Array<{ model: string; latencyMs: { p50: number | null; p95: number | null; p99: number | null }; outputTokensPerSecond: number | null }>;
  services: Array<{ type: string; name: string; p95Ms: number | null; bottleneck: boolean }>;
}

describe('analytics pages (tokens, tools, errors, performance) in Chromium', () => {
  let dash: Dashboard;
  let browser: Browser;
  let from: string;
  let to: string;
  let query: string;
  before(async () => {
    dash = await startDashboard({ bytes: 1_200_000, days: DAYS });
    // The CLI finds the running serve through server.json (the real `serve` command writes it; this test's server runs in-process).
    await writeServerFile(dash.home, { url: dash.url, pid: process.pid, startedAt: new Date().toISOString() });
    browser = await launchBrowser();
    const start = Math.floor((Date.now() - DAYS * DAY) / DAY) * DAY;
    const end = Math.floor(Date.now() / DAY) * DAY + DAY;
    from = new Date(start).toISOString();
    to = new Date(end).toISOString();
    query = `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
  });
  after(async () => {
    await browser?.close();
    await dash?.close();
  });

  /** HTTP failures the pages saw (for the message when something does not appear). */
  const failures: string[] = [];

  /** A signed-in page in UTC (the tokens page counts days in the browser's zone). */
  async function open(path: string, theme: 'light' | 'dark' = 'light', viewport = { width: 1440, height: 900 }): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport, colorScheme: theme, timezoneId: 'UTC' });
    const page = await context.newPage();
    page.on('pageerror', (error) => console.error(`[browser] ${error.message}`));
    page.on('response', (response) => response.status() >= 400 && failures.push(`${response.status()} ${new URL(response.url()).pathname}`));
    await page.goto(`${dash.url}/?token=${dash.token}`);
    await page.goto(dash.url + path);
    return { context, page };
  }

  /** Waits for `selector`; a timeout says what the page showed instead (an error notice, a skeleton …). */
  async function appear(page: Page, selector: string): Promise<void> {
    try {
      await page.locator(selector).first().waitFor({ timeout: 30_000 });
    } catch (error) {
      const shown = await page.evaluate(() => document.querySelector('#main')?.textContent?.slice(0, 300) ?? '(no #main)').catch(() => '?');
      throw new Error(`${selector} did not appear on ${page.url()}: ${(error as Error).message.split('\n')[0]}; the page shows: ${JSON.stringify(shown)}; failed requests: ${failures.slice(-5).join(', ') || 'none'}`);
    }
  }

  const values = (page: Page, selector: string, attr: string) =>
    page.$$eval(selector, (els, name) => els.map((el) => ({ key: el.getAttribute(name) ?? '', value: el.getAttribute('data-value'), text: el.textContent ?? '' })), attr);

  const kpi = async (page: Page, id: string) => Number(await page.getByTestId(id).locator('.kpi-value').getAttribute('data-value'));

  /** The panel titled by `#<id>-title`. */
  const panel = (page: Page, id: string) => page.locator('section.panel', { has: page.locator(`#${id}-title`) });

  async function assertCsv(page: Page, panelId: string) {
    const href = await panel(page, panelId).locator('a[download$=".csv"]').first().getAttribute('href');
    assert.ok(href, `a CSV link in #${panelId}`);
    const response = await fetch(dash.url + href, { headers: { authorization: `Bearer ${dash.token}` } });
    assert.equal(response.status, 200, href);
    assert.match(response.headers.get('content-type') ?? '', /^text\/csv/);
    assert.ok((await response.text()).split('\n').length > 1, 'the CSV has a header and rows');
  }

  test('/tokens shows the API figures, and its per-day totals and costs equal `sightline report daily`', async () => {
    const api = await dash.api<TokensAnswer>(`/api/v1/tokens?${query}&interval=day&timezone=UTC`);
    const since = from.slice(0, 10).replace(/-/g, '');
    const until = new Date().toISOString().slice(0, 10).replace(/-/g, '');
    const { stdout } = await run(process.execPath, ['bin/sightline.js', 'report', 'daily', '--json', '--since', since, '--until', until, '--timezone', 'UTC'], {
      env: { ...process.env, SIGHTLINE_HOME: dash.home },
      maxBuffer: 32 * 1024 * 1024,
    });
    const report = JSON.parse(stdout) as { daily: Array<{ date: string; totalTokens: number; totalCost: number }>; totals: { totalCost: number; totalTokens: number } };
    assert.ok(report.daily.length >= 3, 'the seeded data spans several days');

    const { page, context } = await open(`/tokens?${query}`);
    await appear(page, '[data-period-cost]');
    assert.equal(await page.getByTestId('timezone').textContent(), 'UTC');
    const costs = await values(page, '[data-period-cost]', 'data-period-cost');
    const tokens = await values(page, '[data-period-tokens]', 'data-period-tokens');
    const shown = costs.map((c, i) => ({ date: c.key, totalTokens: Number(tokens[i].value), totalCost: Number(c.value) }));
    assert.deepEqual(shown, report.daily.map((d) => ({ date: d.date, totalTokens: d.totalTokens, totalCost: d.totalCost })), 'page rows = report rows');
    assert.deepEqual(shown, api.periods.map((d) => ({ date: d.period, totalTokens: d.totalTokens, totalCost: d.totalCost })), 'page rows = API rows');
    for (const c of costs) assert.ok(Math.abs(Number(c.text.replace(/[$,]/g, '')) - Number(c.value)) <= 0.005 * Math.max(1, Number(c.value)), `${c.text} shows ${c.value}`);

    assert.equal(await kpi(page, 'kpi-cost'), report.totals.totalCost);
    assert.equal(await kpi(page, 'kpi-tokens'), report.totals.totalTokens);
    assert.equal(await kpi(page, 'kpi-input'), api.totals.inputTokens);
    assert.equal(await kpi(page, 'kpi-cache-read'), api.totals.cacheReadTokens);
    assert.equal(await kpi(page, 'kpi-cache-hit'), api.cacheHitRatio);
    const byModel = await values(page, '[data-group-cost]', 'data-group-cost');
    assert.deepEqual(byModel.map((g) => [g.key, Number(g.value)]), api.byModel.slice(0, 15).map((g) => [g.key, g.costUsd]));
    const top = await page.$$eval('[data-top-session]', (els) => els.map((el) => [el.getAttribute('data-top-session'), el.getAttribute('href')]));
    assert.deepEqual(top, api.topSessions.map((s) => [s.key, `/sessions/${encodeURIComponent(s.key)}`]));
    assert.ok((await page.locator('.chart canvas').count()) >= 2, 'tokens and cost charts drawn');
    await assertCsv(page, 'periods');
    await context.close();
  });

  test('/tokens: the interval and the breakdown tab live in the URL and survive a reload', async () => {
    const { page, context } = await open(`/tokens?${query}`);
    await appear(page, '[data-period-cost]');
    await page.getByTestId('interval').getByRole('button', { name: 'Week' }).click();
    assert.equal(new URL(page.url()).searchParams.get('interval'), 'week');
    const weekly = await dash.api<TokensAnswer>(`/api/v1/tokens?${query}&interval=week&timezone=UTC`);
    await waitFor(async () => (await page.locator('[data-period-cost]').count()) === weekly.periods.length, 10_000, 'weekly rows');
    await page.getByRole('tab', { name: 'By project' }).click();
    assert.equal(new URL(page.url()).searchParams.get('by'), 'project');
    await page.reload();
    await appear(page, '[data-period-cost]');
    assert.equal(await page.getByTestId('interval').getByRole('button', { name: 'Week' }).getAttribute('aria-pressed'), 'true');
    assert.equal(await page.getByRole('tab', { name: 'By project' }).getAttribute('aria-selected'), 'true');
    const rows = await values(page, '[data-period-cost]', 'data-period-cost');
    assert.deepEqual(rows.map((r) => [r.key, Number(r.value)]), weekly.periods.map((p) => [p.period, p.totalCost]));
    const byProject = await values(page, '[data-group-cost]', 'data-group-cost');
    assert.deepEqual(byProject.map((g) => [g.key, Number(g.value)]), weekly.byProject.slice(0, 15).map((g) => [g.key, g.costUsd]));
    await context.close();
  });

  test('/tokens: a new model call opens an active 5-hour block, shown highlighted with the API figures', async () => {
    await appendModelCall(dash.claudeRoot);
    let blocks: BlocksAnswer | undefined;
    await waitFor(async () => (blocks = await dash.api<BlocksAnswer>(`/api/v1/tokens/blocks?${query}`)).active?.entries === 2, 30_000, 'an active block with both calls');
    const { page, context } = await open(`/tokens?${query}`);
    await appear(page, '[data-testid="active-block"]');
    assert.equal(Number(await page.getByTestId('active-cost').getAttribute('data-value')), blocks!.active!.costUSD);
    assert.equal(Number(await page.getByTestId('active-tokens').getAttribute('data-value')), blocks!.active!.totalTokens);
    assert.ok(blocks!.active!.burnRate && blocks!.active!.projection, 'two calls ten minutes apart give a burn rate and a projection');
    assert.equal(Number(await page.getByTestId('active-burn').getAttribute('data-value')), blocks!.active!.burnRate!.costPerHour);
    assert.equal(Number(await page.getByTestId('active-projection').getAttribute('data-value')), blocks!.active!.projection!.totalCost);
    assert.equal(await page.locator('table.data tr:has(.block-active)').count(), 1, 'the active row is marked');
    const shown = await values(page, '[data-block-cost]', 'data-block-cost');
    assert.deepEqual(shown.map((b) => [b.key, Number(b.value)]), blocks!.blocks.filter((b) => !b.isGap).slice(0, 12).map((b) => [b.id, b.costUSD]));
    await page.getByTestId('show-gaps').check();
    assert.equal(new URL(page.url()).searchParams.get('gaps'), '1');
    await assertCsv(page, 'blocks');
    await context.close();
  });

  test('/tools shows the API figures; the Bash status filter is in the URL, survives a reload, and exports CSV', async () => {
    const api = await dash.api<ToolsAnswer>(`/api/v1/tools?${query}`);
    const { page, context } = await open(`/tools?${query}`);
    await appear(page, '[data-tool]');
    const rows = await page.$$eval('[data-tool]', (els) => els.map((el) => [el.getAttribute('data-name'), Number(el.closest('tr')!.querySelector('[data-calls]')!.getAttribute('data-calls'))]));
    assert.deepEqual(rows, [...api.tools].sort((a, b) => b.calls - a.calls).slice(0, 20).map((t) => [t.name, t.calls]), 'calls per tool, most used first');
    const p95 = await page.$$eval('[data-tool]', (els) => Object.fromEntries(els.map((el) => [el.getAttribute('data-name'), el.closest('tr')!.querySelector('[data-p95]')!.getAttribute('data-p95')])));
    for (const t of api.tools.filter((t) => t.name in p95)) assert.equal(p95[t.name], t.durationMs.p95 === null ? '' : String(t.durationMs.p95), `${t.name} p95`);
    assert.equal(await kpi(page, 'kpi-calls'), api.tools.reduce((n, t) => n + t.calls, 0));
    assert.equal(await kpi(page, 'kpi-errors'), api.tools.reduce((n, t) => n + t.errors, 0));
    assert.equal(await page.locator('[data-slow]').count(), Math.min(10, api.slowest.length));

    await page.getByTestId('tool-filter').fill('Bash');
    assert.equal(new URL(page.url()).searchParams.get('tool'), 'Bash');
    await waitFor(async () => (await page.locator('[data-tool]').count()) === api.tools.filter((t) => t.name.toLowerCase().includes('bash')).length, 5000, 'the tool filter');

    const errors = await dash.api<BashPage>(`/api/v1/tools/bash?${query}&status=error&limit=25`);
    assert.ok(errors.items.length > 0, 'the seed has failed Bash commands');
    await page.getByTestId('bash-status').getByRole('button', { name: 'Failed' }).click();
    assert.equal(new URL(page.url()).searchParams.get('status'), 'error');
    const failedIds = async () => page.$$eval('[data-bash-command]', (els) => els.map((el) => el.getAttribute('data-bash-command')));
    await waitFor(async () => JSON.stringify(await failedIds()) === JSON.stringify(errors.items.map((c) => c.id)), 10_000, 'failed commands only');
    await page.reload();
    await appear(page, '[data-bash-command]');
    assert.equal(await page.getByTestId('bash-status').getByRole('button', { name: 'Failed' }).getAttribute('aria-pressed'), 'true');
    assert.deepEqual(await failedIds(), errors.items.map((c) => c.id));
    assert.deepEqual([...new Set(await page.$$eval('[data-bash-status]', (els) => els.map((el) => el.getAttribute('data-bash-status'))))], ['error']);
    assert.equal(new URL(page.url()).searchParams.get('tool'), 'Bash', 'the tool filter survives too');
    const csvHref = await panel(page, 'bash').locator('a[download$=".csv"]').getAttribute('href');
    assert.match(csvHref ?? '', /status=error/, 'the export has the filter');
    await assertCsv(page, 'bash');

    // Pages: All commands, second page = the API's second page.
    await page.getByTestId('bash-status').getByRole('button', { name: 'All' }).click();
    const all = await dash.api<BashPage>(`/api/v1/tools/bash?${query}&limit=25`);
    assert.ok(all.nextCursor, 'the seed has more than one page of Bash commands');
    await waitFor(async () => (await failedIds())[0] === all.items[0].id, 10_000, 'all commands');
    const second = await dash.api<BashPage>(`/api/v1/tools/bash?${query}&limit=25&cursor=${all.nextCursor}`);
    await page.getByRole('navigation', { name: 'Bash executions pages' }).getByRole('button', { name: 'Next →' }).click();
    await waitFor(async () => JSON.stringify(await failedIds()) === JSON.stringify(second.items.map((c) => c.id)), 10_000, 'the second page');
    await page.getByRole('navigation', { name: 'Bash executions pages' }).getByRole('button', { name: '← Previous' }).click();
    await waitFor(async () => (await failedIds())[0] === all.items[0].id, 10_000, 'back on the first page');
    await context.close();
  });

  test('/errors shows the API figures; the type filter is in the URL, survives a reload, and exports CSV', async () => {
    const api = await dash.api<ErrorsAnswer>(`/api/v1/errors?${query}&limit=25`);
    assert.ok(api.recent.items.length > 0, 'the seed has errors');
    const { page, context } = await open(`/errors?${query}`);
    await appear(page, '[data-error-id]');
    const sum = (key?: string) => api.byType.filter((p) => !key || p.key === key).reduce((n, p) => n + p.count, 0);
    assert.equal(await kpi(page, 'kpi-errors'), sum());
    assert.equal(await kpi(page, 'kpi-api-error'), sum('api_error'));
    assert.equal(await kpi(page, 'kpi-tool-error'), sum('tool_error'));
    assert.equal(await kpi(page, 'kpi-patterns'), api.recurring.length);
    const patterns = await page.$$eval('[data-pattern]', (els) => els.map((el) => el.getAttribute('data-pattern')));
    assert.deepEqual(patterns, api.recurring.slice(0, 10).map((r) => r.pattern));
    const recent = await page.$$eval('[data-error-id]', (els) => els.map((el) => el.getAttribute('data-error-id')));
    assert.deepEqual(recent, api.recent.items.map((e) => e.id));
    assert.equal(await page.locator('.chart canvas').count() >= 2, true, 'both charts drawn');

    await page.getByTestId('error-type').getByRole('button', { name: 'Tool failures' }).click();
    assert.equal(new URL(page.url()).searchParams.get('type'), 'tool_error');
    const tools = await dash.api<ErrorsAnswer>(`/api/v1/errors?${query}&kind=tool_call&limit=25`);
    const ids = async () => page.$$eval('[data-error-id]', (els) => els.map((el) => el.getAttribute('data-error-id')));
    await waitFor(async () => JSON.stringify(await ids()) === JSON.stringify(tools.recent.items.map((e) => e.id)), 10_000, 'tool failures only');
    await page.reload();
    await appear(page, '[data-error-id]');
    assert.equal(await page.getByTestId('error-type').getByRole('button', { name: 'Tool failures' }).getAttribute('aria-pressed'), 'true');
    assert.deepEqual(await ids(), tools.recent.items.map((e) => e.id));
    assert.ok(tools.recent.items.every((e) => e.type === 'tool_error'));
    await assertCsv(page, 'recent-errors');
    await context.close();
  });

  test('/performance shows the API figures; service filters are in the URL, survive a reload, and export CSV', async () => {
    const api = await dash.api<PerformanceAnswer>(`/api/v1/performance?${query}`);
    assert.ok(api.models.length > 0);
    const { page, context } = await open(`/performance?${query}`);
    await appear(page, '[data-service]');
    for (const m of api.models) {
      for (const p of ['p50', 'p95', 'p99'] as const) {
        const shown = await page.locator(`[data-model-${p}="${m.model}"]`).getAttribute('data-value');
        assert.equal(shown, m.latencyMs[p] === null ? '' : String(m.latencyMs[p]), `${m.model} ${p}`);
      }
      assert.equal(await page.locator(`[data-model-tps="${m.model}"]`).getAttribute('data-value'), m.outputTokensPerSecond === null ? '' : String(m.outputTokensPerSecond));
    }
    const services = await page.$$eval('[data-service]', (els) => els.map((el) => el.getAttribute('data-service')));
    assert.deepEqual(services, api.services.slice(0, 20).map((s) => `${s.type}|${s.name}`), 'ranked by p95 like the API');
    const flagged = await page.$$eval('[data-bottleneck]', (els) => els.map((el) => el.getAttribute('data-bottleneck')));
    assert.deepEqual(flagged, api.services.slice(0, 20).filter((s) => s.bottleneck).map((s) => `${s.type}|${s.name}`));
    assert.match((await page.getByTestId('thresholds').textContent()) ?? '', /30 s for a built-in tool, 10 s for an MCP server, 1 min for a model/);
    assert.equal(await kpi(page, 'kpi-bottlenecks'), api.services.filter((s) => s.bottleneck).length);

    await page.getByTestId('service-type').getByRole('button', { name: 'Tools' }).click();
    await page.getByTestId('only-bottlenecks').check();
    const url = new URL(page.url());
    assert.equal(url.searchParams.get('service'), 'tool');
    assert.equal(url.searchParams.get('bottlenecks'), '1');
    const expected = api.services.filter((s) => s.type === 'tool' && s.bottleneck).map((s) => `${s.type}|${s.name}`);
    await page.reload();
    await page.getByTestId('only-bottlenecks').waitFor();
    assert.equal(await page.getByTestId('only-bottlenecks').isChecked(), true);
    assert.deepEqual(await page.$$eval('[data-service]', (els) => els.map((el) => el.getAttribute('data-service'))), expected);
    await assertCsv(page, 'services');
    await context.close();
  });

  const PAGES = [
    { name: 'tokens', path: '/tokens', ready: '[data-block-cost]' },
    { name: 'tools', path: '/tools', ready: '[data-testid="bash-list"]' },
    { name: 'errors', path: '/errors', ready: '[data-error-id]' },
    { name: 'performance', path: '/performance', ready: '[data-service]' },
  ];

  test('screenshots in light and dark themes (and a phone), with no serious accessibility violations', async () => {
    for (const theme of ['light', 'dark'] as const) {
      const { page, context } = await open(`/?${query}`, theme);
      for (const { name, path, ready } of PAGES) {
        await page.goto(`${dash.url}${path}?${query}`);
        await appear(page, ready);
        await page.locator('.skeleton').first().waitFor({ state: 'detached', timeout: 15_000 }).catch(() => {});
        assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), theme);
        await screenshot(page, `${name}-${theme}`);
        const violations = await seriousA11yViolations(page);
        assert.deepEqual(violations, [], `${name} ${theme}:\n${describeViolations(violations)}`);
      }
      await context.close();
    }
    for (const { name, path, ready } of PAGES.slice(0, 2)) {
      const { page, context } = await open(`${path}?${query}`, 'light', { width: 375, height: 800 });
      await appear(page, ready);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 1, `${name} fits a 375 px screen (page overflows by ${overflow} px)`);
      await screenshot(page, `${name}-phone`);
      await context.close();
    }
  });
});

/** Appends two assistant messages, 10 minutes ago and now, to a main transcript: an active 5-hour block with a burn rate. */
async function appendModelCall(claudeRoot: string): Promise<void> {
  const projects = join(claudeRoot, 'projects');
  for (const dir of await readdir(projects)) {
    for (const file of (await readdir(join(projects, dir))).filter((f) => f.endsWith('.jsonl'))) {
      const path = join(projects, dir, file);
      const lines = (await readFile(path, 'utf8')).split('\n').filter((l) => l.trim());
      const last = lines
        .map((l) => {
          try {
            return JSON.parse(l) as Record<string, unknown>;
          } catch {
            return null;
          }
        })
        .reverse()
        .find((l) => l?.type === 'assistant' && typeof (l.message as { model?: unknown })?.model === 'string' && String((l.message as { model: string }).model).startsWith('claude-'));
      if (!last) continue;
      const message = last.message as Record<string, unknown>;
      let parentUuid = last.uuid;
      const added: string[] = [];
      for (const ago of [600_000, 0]) {
        const uuid = randomUUID();
        const line = {
          ...last,
          parentUuid,
          uuid,
          requestId: `req_${randomUUID().replace(/-/g, '')}`,
          timestamp: new Date(Date.now() - ago).toISOString(),
          message: {
            ...message,
            id: `msg_${randomUUID().replace(/-/g, '')}`,
            content: [{ type: 'text', text: 'Done.' }],
            usage: { input_tokens: 1200, output_tokens: 800, cache_creation_input_tokens: 5000, cache_read_input_tokens: 40_000 },
          },
        };
        added.push(JSON.stringify(line));
        parentUuid = uuid;
      }
      await appendFile(path, added.join('\n') + '\n');
      return;
    }
  }
  throw new Error('no main transcript with a Claude model call to append to');
}
