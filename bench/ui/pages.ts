import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startServer } from '../../src/server/start.js';
import { ensureSeeded } from '../server/read-api.js';

export interface PageTiming {
  path: string;
  /** median over the runs: navigation start → content rendered (no skeleton left) */
  interactiveMs: number;
  /** the longest main-thread task seen while loading, ms */
  longestTaskMs: number;
  runs: number;
}

export interface UiBench {
  /** JavaScript the first page (/) loads, gzip-compressed, bytes */
  firstPageJsGzipBytes: number;
  firstPageJsFiles: number;
  pages: PageTiming[];
}

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'];
const RUNS = 3;

/**
 * Every dashboard page over a store of `events` events (seeded once, shared with the read API bench):
 * each page opened cold (fresh browser context, empty cache) RUNS times in Chromium, timed with the
 * Performance API from navigation start until no loading skeleton is left.
 */
export async function benchUiPages(home: string, events: number): Promise<UiBench> {
  await ensureSeeded(home, events);
  const seededAt = Date.parse(readFileSync(join(home, `seeded-${events}`), 'utf8'));
  // The seeder spreads events over the 30 days before it ran: ask for exactly those days.
  const range = `from=${new Date(seededAt - 30 * 86_400_000).toISOString()}&to=${new Date(seededAt + 60_000).toISOString()}`;
  process.env.SIGHTLINE_HOME = home;
  const server = await startServer({ home, host: '127.0.0.1', port: 0, roots: [], watch: false, version: 'bench', databaseUrl: '', logger: false });
  const browser = await chromium.launch({ executablePath: process.env.SIGHTLINE_CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const auth = { headers: { authorization: `Bearer ${server.token}` } };
    const top = (await (await fetch(`${server.url}/api/v1/sessions?limit=1&sort=tokens&${range}`, auth)).json()) as { items: Array<{ sessionId: string }> };
    const session = top.items[0]?.sessionId ?? 'none';
    const paths = ['/', '/live', '/sessions', `/sessions/${encodeURIComponent(session)}`, '/tokens', '/tools', '/errors', '/performance', '/logs', '/system'];
    const firstPage = await firstPageJs(browser, server.url, server.token);
    const pages: PageTiming[] = [];
    for (const path of paths) pages.push(await timePage(browser, server.url, server.token, path.startsWith('/sessions/') || path === '/live' || path === '/system' ? path : `${path}?${range}`));
    return { ...firstPage, pages };
  } finally {
    await browser.close();
    await server.close();
  }
}

async function signedInPage(browser: Browser, url: string, token: string): Promise<{ page: Page; close: () => Promise<void> }> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  await context.addCookies([{ name: 'sightline_token', value: token, url }]);
  const page = await context.newPage();
  // Long tasks are recorded from the very start of each document.
  await page.addInitScript(() => {
    const w = window as unknown as { __longTasks: number[] };
    w.__longTasks = [];
    new PerformanceObserver((list) => list.getEntries().forEach((e) => w.__longTasks.push(e.duration))).observe({ type: 'longtask', buffered: true });
  });
  return { page, close: () => context.close() };
}

async function timePage(browser: Browser, url: string, token: string, path: string): Promise<PageTiming> {
  const samples: Array<{ ready: number; longest: number }> = [];
  for (let run = 0; run < RUNS; run++) {
    const { page, close } = await signedInPage(browser, url, token);
    await page.goto(url + path, { waitUntil: 'commit' });
    // Ready: the page's main content is in place and nothing is still loading.
    await page.waitForFunction(() => {
      const main = document.querySelector('main');
      return Boolean(main && main.children.length > 0 && !main.querySelector('[aria-busy="true"], .skeleton'));
    }, undefined, { timeout: 60_000, polling: 'raf' });
    samples.push(await page.evaluate(() => ({ ready: performance.now(), longest: Math.max(0, ...(window as unknown as { __longTasks: number[] }).__longTasks) })));
    await close();
  }
  samples.sort((a, b) => a.ready - b.ready);
  return { path: path.split('?')[0], interactiveMs: samples[Math.floor(samples.length / 2)].ready, longestTaskMs: Math.max(...samples.map((s) => s.longest)), runs: RUNS };
}

/** The JavaScript files `/` loads (entry and its imports), gzipped as a server would send them. */
async function firstPageJs(browser: Browser, url: string, token: string): Promise<{ firstPageJsGzipBytes: number; firstPageJsFiles: number }> {
  const { page, close } = await signedInPage(browser, url, token);
  const scripts: string[] = [];
  page.on('response', (response) => {
    if (response.url().endsWith('.js')) scripts.push(response.url());
  });
  await page.goto(url + '/', { waitUntil: 'networkidle' });
  await close();
  let bytes = 0;
  for (const script of scripts) bytes += gzipSync(Buffer.from(await (await fetch(script, { headers: { authorization: `Bearer ${token}` } })).arrayBuffer())).length;
  return { firstPageJsGzipBytes: bytes, firstPageJsFiles: scripts.length };
}
