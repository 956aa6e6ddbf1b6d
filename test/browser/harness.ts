import { mkdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { generateTranscripts } from '../../bench/generator/index.js';
import { startServer, type RunningServer } from '../../src/server/start.js';

/**
 * Browser tests: a real `sightline serve` (embedded DuckDB) over generated Claude Code transcripts,
 * driven in Debian's Chromium with playwright-core. Screenshots land in test-output/screenshots/.
 */
export const CHROMIUM = process.env.SIGHTLINE_CHROMIUM ?? '/usr/bin/chromium';
export const SCREENSHOT_DIR = join(process.cwd(), 'test-output', 'screenshots');
const DAY = 86_400_000;

export interface Dashboard {
  url: string;
  /** $SIGHTLINE_HOME of this server (token, DuckDB file) */
  home: string;
  token: string;
  /** the Claude config dir being watched (append to its transcripts to test live updates) */
  claudeRoot: string;
  server: RunningServer;
  /** GET an API path (e.g. '/api/v1/overview?range…') with the token; the parsed JSON */
  api<T = unknown>(path: string): Promise<T>;
  close(): Promise<void>;
}

export interface DashboardOptions {
  /** size of the generated transcript set; 0 = no data (first-run tests) */
  bytes?: number;
  seed?: number;
  /** days of history ending now (default 14) */
  days?: number;
  /** 'team': accounts (setup, login, API keys) instead of the local token; default 'local' */
  mode?: 'local' | 'team';
}

/** Generate transcripts ending now, start serve on a free port with them watched, wait for the catch-up import. */
export async function startDashboard(opts: DashboardOptions = {}): Promise<Dashboard> {
  const base = await mkdtemp(join(tmpdir(), 'sightline-ui-'));
  const home = join(base, 'home');
  const claudeRoot = join(base, 'claude');
  mkdirSync(join(claudeRoot, 'projects'), { recursive: true });
  const days = opts.days ?? 14;
  const bytes = opts.bytes ?? 4_000_000;
  // Start at midnight UTC `days` ago so "last 30 days" holds everything and "last 24 hours" some of it.
  const start = new Date(Math.floor((Date.now() - days * DAY) / DAY) * DAY).toISOString();
  if (bytes > 0) await generateTranscripts({ outDir: claudeRoot, totalBytes: bytes, seed: opts.seed ?? 11, startDate: start, days, projects: 4 });
  const previousHome = process.env.SIGHTLINE_HOME;
  process.env.SIGHTLINE_HOME = home;
  const server = await startServer({ home, host: '127.0.0.1', port: 0, roots: [claudeRoot], watch: true, version: 'test', databaseUrl: '', logger: false, mode: opts.mode });
  if (previousHome === undefined) delete process.env.SIGHTLINE_HOME;
  else process.env.SIGHTLINE_HOME = previousHome;
  const api = async <T>(path: string): Promise<T> => {
    const response = await fetch(server.url + path, { headers: { authorization: `Bearer ${server.token}` } });
    if (!response.ok) throw new Error(`${path}: HTTP ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };
  await waitFor(async () => (await fetch(server.url + '/readyz', { headers: { authorization: `Bearer ${server.token}` } })).ok, 60_000, 'serve to finish its catch-up import');
  return {
    url: server.url,
    home,
    token: server.token,
    claudeRoot,
    server,
    api,
    close: async () => {
      await server.close();
      await rm(base, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
}

export interface PageOptions {
  theme?: 'light' | 'dark';
  viewport?: { width: number; height: number };
}

/** A signed-in page: the context gets the token cookie by visiting the `?token=` link once. */
export async function openDashboard(browser: Browser, dash: Dashboard, path = '/', opts: PageOptions = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: opts.viewport ?? { width: 1440, height: 900 }, colorScheme: opts.theme ?? 'light' });
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`[browser] ${error.message}`));
  await page.goto(`${dash.url}/?token=${dash.token}`);
  if (path !== '/') await page.goto(dash.url + path);
  return { context, page };
}

/** Full-page screenshot as test-output/screenshots/<name>.png (look at them). */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

export async function waitFor(check: () => Promise<boolean> | boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await Promise.resolve().then(check).catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
