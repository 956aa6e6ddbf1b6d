import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { describeViolations, seriousA11yViolations } from './axe.js';
import { launchBrowser, openDashboard, screenshot, startDashboard, waitFor, type Dashboard } from './harness.js';

interface ApiSession {
  sessionId: string;
  status: string;
  totalTokens: number;
  costUsd: number;
  contextPct: number;
  lastModel: string | null;
  demo: boolean;
}

describe('live page in Chromium', () => {
  let dash: Dashboard;
  let browser: Browser;
  let counter = 0;

  /** POST /api/v1/events (docs/event-api.md); resolves once the events are stored and published. */
  const post = async (events: Array<Record<string, unknown>>) => {
    const response = await fetch(`${dash.url}/api/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${dash.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ events }),
    });
    assert.equal(response.status, 200, await response.clone().text());
  };
  const logLine = (sessionId: string, text: string, level = 'error') => ({ ts: Date.now(), sessionId, kind: 'log', level, text, key: `live-test-${++counter}` });

  /** A busy session: model calls filling 91 % of the context window, tool calls, and a burst of errors. */
  const busySession = async (sessionId: string) => {
    const t = Date.now() - 20_000;
    await post([
      { ts: t, sessionId, kind: 'prompt', text: 'Refactor the billing module', project: 'webapp', key: `${sessionId}-p1` },
      { ts: t + 1000, sessionId, kind: 'llm_call', project: 'webapp', model: 'claude-sonnet-4-5', inputTokens: 1200, outputTokens: 800, cacheReadTokens: 180_000, cacheCreationTokens: 800, key: `${sessionId}-m1` },
      { ts: t + 2000, sessionId, kind: 'tool_call', project: 'webapp', toolName: 'Bash', status: 'ok', durationMs: 1800, text: 'npm test', key: `${sessionId}-t1` },
      { ts: t + 3000, sessionId, kind: 'tool_call', project: 'webapp', toolName: 'Edit', status: 'error', durationMs: 40, text: 'src/billing.ts', key: `${sessionId}-t2` },
      ...Array.from({ length: 5 }, (_, i) => ({ ts: t + 4000 + i * 500, sessionId, kind: 'api_error', level: 'warning', project: 'webapp', text: `Overloaded (529), retry ${i + 1}`, key: `${sessionId}-e${i}` })),
    ]);
  };

  before(async () => {
    dash = await startDashboard({ bytes: 1_000_000 });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await dash?.close();
  });

  test('with nothing active, the page says how to start; the connection indicator says live', async () => {
    const { page, context } = await openDashboard(browser, dash, '/live');
    await page.getByTestId('live-state').and(page.locator('[data-state="live"]')).waitFor({ timeout: 15_000 });
    await page.getByText('No session is active right now').waitFor();
    await page.getByText('npx sightline hooks install').waitFor();
    await page.getByTestId('demo-offer').waitFor();
    await screenshot(page, 'live-empty-light');
    await context.close();
  });

  test('an event posted to the API appears on the live page within a second, without a reload', async () => {
    const { page, context } = await openDashboard(browser, dash, '/live');
    await page.getByTestId('live-state').and(page.locator('[data-state="live"]')).waitFor({ timeout: 15_000 });
    await page.getByTestId('event-stream').waitFor();
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));
    const text = `live-${Date.now()}: payment webhook failed`;
    await post([logLine('live-session-1', text)]);
    const posted = Date.now();
    const row = page.getByTestId('event-stream').locator('li').first();
    await row.filter({ hasText: text }).waitFor({ timeout: 1000 });
    assert.ok(Date.now() - posted <= 1500);
    assert.equal(await row.getAttribute('data-kind'), 'log');
    assert.match((await row.getAttribute('class')) ?? '', /is-error/);
    // the session shows up as a card (the sessions channel pushes at most once a second)
    await page.locator('[data-testid="session-card"][data-session="live-session-1"]').waitFor({ timeout: 5000 });
    assert.equal(await page.evaluate(() => (window as unknown as { marker?: number }).marker), 42, 'no reload');
    await context.close();
  });

  test('session cards, alerts and throughput agree with the API; screenshots and accessibility in both themes', async () => {
    await busySession('live-busy-1');
    for (const theme of ['light', 'dark'] as const) {
      const { page, context } = await openDashboard(browser, dash, '/live', { theme });
      await page.getByTestId('live-state').and(page.locator('[data-state="live"]')).waitFor({ timeout: 15_000 });
      const card = page.locator('[data-testid="session-card"][data-session="live-busy-1"]');
      await card.waitFor({ timeout: 10_000 });
      const { items } = await dash.api<{ items: ApiSession[] }>(`/api/v1/sessions?from=${Date.now() - 30 * 60_000}&to=${Date.now() + 60_000}`);
      const api = items.find((s) => s.sessionId === 'live-busy-1')!;
      assert.ok(api, 'the API lists the session');
      await waitFor(async () => Number(await card.getAttribute('data-tokens')) === api.totalTokens, 5000, 'the card tokens to equal the API');
      assert.ok(Math.abs(Number(await card.getAttribute('data-cost')) - api.costUsd) < 1e-9, 'cost');
      assert.equal(Number(await card.getAttribute('data-context-pct')), Number(api.contextPct.toFixed(1)));
      assert.equal(await card.getAttribute('data-model'), api.lastModel);
      const cardIds = await page.getByTestId('session-card').evaluateAll((els) => els.map((el) => el.getAttribute('data-session')).sort());
      assert.deepEqual(cardIds, items.filter((s) => s.status !== 'ended').map((s) => s.sessionId).sort());
      // 91 % of the window: the gauge is orange (high) and a context_window alert is listed
      assert.match((await card.locator('.gauge').getAttribute('class')) ?? '', /high/);
      await page.getByTestId('alerts').getByText('Context window').first().waitFor({ timeout: 5000 });
      await page.getByTestId('alerts').getByText('Error burst').first().waitFor({ timeout: 5000 });
      await page.waitForTimeout(2500); // let the throughput chart draw
      await screenshot(page, `live-${theme}`);
      const violations = await seriousA11yViolations(page);
      assert.deepEqual(violations, [], describeViolations(violations));
      await context.close();
    }
  });

  test('the event-stream filter lives in the URL and survives a reload', async () => {
    const { page, context } = await openDashboard(browser, dash, '/live');
    await page.getByTestId('stream-filter').selectOption('tools');
    assert.equal(new URL(page.url()).searchParams.get('show'), 'tools');
    await page.reload();
    assert.equal(await page.getByTestId('stream-filter').inputValue(), 'tools');
    await page.getByTestId('event-stream').locator('li').first().waitFor();
    const kinds = await page.getByTestId('event-stream').locator('li').evaluateAll((els) => [...new Set(els.map((el) => el.getAttribute('data-kind')))]);
    assert.deepEqual(kinds, ['tool_call']);
    await context.close();
  });

  test('with WebSockets blocked the page polls the REST API: the indicator says polling and new events still appear', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page: Page = await context.newPage();
    await page.routeWebSocket(/\/api\/v1\/live/, (ws) => ws.close());
    await page.goto(`${dash.url}/?token=${dash.token}`);
    await page.goto(`${dash.url}/live`);
    await page.getByTestId('live-state').and(page.locator('[data-state="polling"]')).waitFor({ timeout: 15_000 });
    assert.match(await page.getByTestId('live-state').innerText(), /Polling/);
    await page.getByTestId('event-stream').waitFor();
    const text = `polled-${Date.now()}: cron job failed`;
    await post([logLine('live-polled-1', text)]);
    await page.getByTestId('event-stream').locator('li').first().filter({ hasText: text }).waitFor({ timeout: 10_000 });
    await page.locator('[data-testid="session-card"][data-session="live-polled-1"]').waitFor({ timeout: 10_000 });
    await screenshot(page, 'live-polling-light');
    await context.close();
  });

  test('a dropped connection reconnects and resumes from the last seq: events stored meanwhile arrive once, none twice', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page: Page = await context.newPage();
    let blocked = false;
    let close: (() => Promise<void>) | null = null;
    const sent: Array<Record<string, unknown>> = [];
    await page.routeWebSocket(/\/api\/v1\/live/, (ws) => {
      if (blocked) return void ws.close();
      const server = ws.connectToServer();
      ws.onMessage((message) => {
        sent.push(JSON.parse(String(message)));
        server.send(message);
      });
      close = async () => {
        await server.close();
        await ws.close();
      };
    });
    await page.goto(`${dash.url}/?token=${dash.token}`);
    await page.goto(`${dash.url}/live`);
    await page.getByTestId('live-state').and(page.locator('[data-state="live"]')).waitFor({ timeout: 15_000 });
    await page.getByTestId('event-stream').waitFor();
    const before = `before-drop-${Date.now()}`;
    await post([logLine('live-resume-1', before, 'info')]);
    await page.getByTestId('event-stream').getByText(before).waitFor({ timeout: 5000 });
    // drop the connection and keep the first reconnect attempt out, while events are stored
    blocked = true;
    await close!();
    const during = [`during-drop-1-${Date.now()}`, `during-drop-2-${Date.now()}`];
    await post([logLine('live-resume-1', during[0], 'info')]);
    await post([logLine('live-resume-1', during[1], 'info')]);
    await page.waitForTimeout(600);
    blocked = false;
    await page.getByTestId('live-state').and(page.locator('[data-state="live"]')).waitFor({ timeout: 15_000 });
    for (const text of during) await page.getByTestId('event-stream').getByText(text).waitFor({ timeout: 5000 });
    const resumed = sent.filter((frame) => frame.type === 'subscribe' && frame.channel === 'events' && typeof frame.resumeFrom === 'number');
    assert.ok(resumed.length >= 1, 'the events subscription was resumed, not re-snapshotted');
    const after = `after-drop-${Date.now()}`;
    await post([logLine('live-resume-1', after, 'info')]);
    await page.getByTestId('event-stream').getByText(after).waitFor({ timeout: 5000 });
    const texts = await page.getByTestId('event-stream').locator('li .event-text').allInnerTexts();
    for (const text of [before, ...during, after]) assert.equal(texts.filter((t) => t.includes(text)).length, 1, `${text} shown once`);
    const ids = await page.getByTestId('event-stream').locator('li').evaluateAll((els) => els.map((el) => el.getAttribute('data-id')));
    assert.equal(new Set(ids).size, ids.length, 'no event twice');
    await context.close();
  });

  test('phone width: cards and stream stack without overflowing', async () => {
    const { page, context } = await openDashboard(browser, dash, '/live', { viewport: { width: 375, height: 800 } });
    await page.getByTestId('session-card').first().waitFor({ timeout: 10_000 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 1, `page wider than the screen by ${overflow}px`);
    await screenshot(page, 'live-phone');
    await context.close();
  });
});
