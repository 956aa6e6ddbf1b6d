import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { describeViolations, seriousA11yViolations } from './axe.js';
import { launchBrowser, openDashboard, screenshot, startDashboard, type Dashboard } from './harness.js';

interface Kpi {
  value: number;
}
interface OverviewAnswer {
  kpis: Record<'sessions' | 'prompts' | 'tokens' | 'costUsd' | 'users' | 'toolCalls' | 'errorRate', Kpi> & { activeNow: number };
}

/** The rendered value of a KPI card (its data-value attribute: the exact number behind the formatted text). */
async function kpiValue(page: Page, id: string): Promise<number> {
  return Number(await page.getByTestId(id).locator('.kpi-value').getAttribute('data-value'));
}

describe('overview page in Chromium', () => {
  let dash: Dashboard;
  let empty: Dashboard;
  let browser: Browser;
  before(async () => {
    dash = await startDashboard({ bytes: 3_000_000, days: 20 });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await dash?.close();
    await empty?.close();
  });

  test('KPI cards show exactly what /api/v1/overview answers for the same range', async () => {
    const { page, context } = await openDashboard(browser, dash, '/?range=30d');
    await page.getByTestId('kpi-sessions').waitFor();
    const range = await page.evaluate(() => {
      const entry = performance.getEntriesByType('resource').find((e) => e.name.includes('/api/v1/overview'));
      return entry ? new URL(entry.name).search : '';
    });
    assert.ok(range.includes('from='), 'the page asked the API with its range');
    const api = await dash.api<OverviewAnswer>(`/api/v1/overview${range}`);
    assert.ok(api.kpis.sessions.value > 0, 'the seeded range has sessions');
    const pairs: Array<[string, number]> = [
      ['kpi-sessions', api.kpis.sessions.value],
      ['kpi-active', api.kpis.activeNow],
      ['kpi-prompts', api.kpis.prompts.value],
      ['kpi-tokens', api.kpis.tokens.value],
      ['kpi-cost', api.kpis.costUsd.value],
      ['kpi-users', api.kpis.users.value],
      ['kpi-tool-calls', api.kpis.toolCalls.value],
      ['kpi-error-rate', api.kpis.errorRate.value],
    ];
    for (const [id, expected] of pairs) assert.equal(await kpiValue(page, id), expected, id);
    assert.match(await page.getByTestId('kpi-cost').innerText(), /\$/);
    await context.close();
  });

  test('charts, failing tools, costliest sessions and the source strip render; click-through: overview → session → event inspector', async () => {
    const { page, context } = await openDashboard(browser, dash, '/?range=30d');
    await page.getByRole('img', { name: /Tokens per (day|hour), stacked by model/ }).locator('canvas').first().waitFor();
    await page.getByTestId('failing-tools').waitFor();
    const strip = await page.getByTestId('sources-strip').innerText();
    assert.match(strip, /Transcripts/);
    assert.match(strip, /Hooks/);
    const first = page.getByTestId('top-sessions').getByRole('link').first();
    await first.click();
    assert.match(new URL(page.url()).pathname, /^\/sessions\/[^/]+$/);
    const row = page.getByTestId('timeline-row').nth(2);
    const eventId = await row.getAttribute('data-event-id');
    assert.ok(eventId, 'the timeline lists events');
    await row.click();
    await page.getByTestId('inspector-fields').waitFor();
    assert.equal(new URL(page.url()).searchParams.get('event'), eventId);
    const payload = await dash.api<{ event: { id: string; kind: string } }>(`/api/v1/events/${eventId}`);
    assert.equal(await page.locator('[data-testid="inspector-fields"] [data-field="id"] dd').getAttribute('data-value'), payload.event.id);
    assert.equal(await page.locator('[data-testid="inspector-fields"] [data-field="kind"] dd').getAttribute('data-value'), payload.event.kind);
    await context.close();
  });

  test('screenshots in light and dark, and no serious accessibility violations in either', async () => {
    for (const theme of ['light', 'dark'] as const) {
      const { page, context } = await openDashboard(browser, dash, '/?range=30d', { theme });
      await page.getByTestId('failing-tools').waitFor();
      await page.getByTestId('top-sessions').waitFor();
      await screenshot(page, `overview-${theme}`);
      const violations = await seriousA11yViolations(page);
      assert.deepEqual(violations, [], describeViolations(violations));
      await context.close();
    }
  });

  test('on a machine with no agent data the overview says what to run and offers demo data', async () => {
    empty = await startDashboard({ bytes: 0 });
    const { page, context } = await openDashboard(browser, empty, '/');
    await page.getByText(/No agent activity/).waitFor();
    assert.match(await page.locator('.empty pre').innerText(), /sightline hooks install/);
    await page.getByTestId('demo-offer').getByRole('button', { name: 'Load demo data' }).waitFor();
    await screenshot(page, 'overview-empty-light');
    await context.close();
  });
});
