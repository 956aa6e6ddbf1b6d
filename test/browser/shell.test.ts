import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { describeViolations, seriousA11yViolations } from './axe.js';
import { launchBrowser, openDashboard, startDashboard, type Dashboard } from './harness.js';

describe('dashboard shell in Chromium', () => {
  let dash: Dashboard;
  let browser: Browser;
  before(async () => {
    dash = await startDashboard({ bytes: 1_000_000 });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await dash?.close();
  });

  test('a page visit without the token explains how to get in; the token link signs in and drops the token from the URL', async () => {
    const response = await fetch(dash.url + '/sessions', { headers: { accept: 'text/html' } });
    assert.equal(response.status, 401);
    const { page, context } = await openDashboard(browser, dash);
    assert.equal(new URL(page.url()).search, '');
    await page.getByRole('navigation').getByRole('link', { name: 'Sessions' }).click();
    assert.equal(new URL(page.url()).pathname, '/sessions');
    await context.close();
  });

  test('the time range lives in the URL and survives a reload and moving between pages', async () => {
    const { page, context } = await openDashboard(browser, dash, '/tools');
    await page.getByTestId('time-range').click();
    await page.getByRole('button', { name: 'Last 30 days' }).click();
    assert.equal(new URL(page.url()).searchParams.get('range'), '30d');
    await page.reload();
    await page.getByTestId('time-range').filter({ hasText: 'Last 30 days' }).waitFor();
    await page.getByRole('navigation').getByRole('link', { name: 'Errors' }).click();
    assert.equal(new URL(page.url()).searchParams.get('range'), '30d');
    await context.close();
  });

  test('the theme toggle switches to dark and is remembered', async () => {
    const { page, context } = await openDashboard(browser, dash, '/system');
    await page.getByTestId('theme-toggle').click();
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
    await page.reload();
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
    await context.close();
  });

  test("a page whose code fails to arrive says so in place, and Retry brings it once the server answers again", async () => {
    const { page, context } = await openDashboard(browser, dash, '/system');
    await page.getByRole('heading', { name: 'System health' }).waitFor();
    const chunk = '**/assets/ToolsPage-*.js';
    await page.route(chunk, (route) => route.abort());
    await page.getByRole('navigation').getByRole('link', { name: 'Tools' }).click();
    await page.getByRole('alert').filter({ hasText: "The page's code did not arrive" }).waitFor();
    await page.unroute(chunk);
    await page.getByRole('button', { name: 'Retry' }).click();
    await page.getByTestId('tool-filter').waitFor();
    assert.equal(await page.getByRole('alert').count(), 0);
    await context.close();
  });

  test('an unknown page says so and links home; the shell has no serious accessibility violations', async () => {
    const { page, context } = await openDashboard(browser, dash, '/no-such-page');
    await page.getByText('No page at').waitFor();
    const violations = await seriousA11yViolations(page);
    assert.deepEqual(violations, [], describeViolations(violations));
    await context.close();
  });
});
