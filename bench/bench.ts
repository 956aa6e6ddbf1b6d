/**
 * `npm run bench`: Sightline against ccusage 20 on the same generated transcripts, in one run.
 *
 *   BENCH_SIZE=1GiB (default)   size of the generated transcript set
 *   BENCH_DIR=…                 where to keep it (default bench/data/<size>-seed<seed>, reused when present)
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generateTranscripts } from './generate.js';
import { median, runCommand } from './run-command.js';
import { benchReadApi, type EndpointTiming } from './server/read-api.js';
import { benchLiveLatency } from './server/live-latency.js';
import { benchHookCommands } from './hooks-bench.js';
import { benchEventApi } from './server/event-api-bench.js';
import { benchUiPages } from './ui/pages.js';
import { benchSessionPage } from './ui/session-page.js';

const ROOT = resolve(new URL('../..', import.meta.url).pathname);
const SIGHTLINE = join(ROOT, 'bin/sightline.js');
const CCUSAGE = join(ROOT, 'node_modules/.bin/ccusage');

/**
 * Sections (BENCH_ONLY=import,api,live to pick):
 *   import  Sightline import/report vs ccusage 20 on BENCH_SIZE of generated transcripts
 *   api     read API p95 per endpoint on BENCH_API_EVENTS (default 10M) stored events, DuckDB, and
 *           PostgreSQL when BENCH_PG_EVENTS > 0 (default 10M; DATABASE_URL or the local test database)
 *   live    transcript append → WebSocket client latency, with an RSS soak of BENCH_SOAK_SECONDS (default 300)
 *   hooks   `sightline hook` / `sightline statusline` start-to-exit time, server up and down
 *   events  event API throughput (DuckDB, PostgreSQL) and post → WebSocket latency under 2,000 events/s
 *   ui      dashboard: first page's JavaScript (gzip), each page cold-loaded in Chromium over BENCH_API_EVENTS stored events
 */
async function main(): Promise<void> {
  const only = (process.env.BENCH_ONLY ?? 'import,api,ui,live,hooks,events').split(',');
  if (only.includes('import')) await importSection();
  if (only.includes('hooks')) await hooksSection();
  if (only.includes('events')) await eventsSection();
  if (only.includes('api')) await apiSection();
  if (only.includes('ui')) await uiSection();
  if (only.includes('live')) await liveSection();
}

async function apiSection(): Promise<void> {
  const events = Number(process.env.BENCH_API_EVENTS ?? 10_000_000);
  const duck = await benchReadApi(join(ROOT, 'bench/data', `api-duckdb-${events}`), events);
  printTimings(`Read API on ${events.toLocaleString('en-US')} events, DuckDB (target p95 < 100 ms)`, duck, 100);
  const pgEvents = Number(process.env.BENCH_PG_EVENTS ?? 10_000_000);
  if (pgEvents > 0) {
    const url = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
    const pgTimings = await benchReadApi(join(ROOT, 'bench/data', `api-postgres-${pgEvents}`), pgEvents, url);
    printTimings(`Read API on ${pgEvents.toLocaleString('en-US')} events, PostgreSQL (target p95 < 250 ms)`, pgTimings, 250);
  }
}

function printTimings(title: string, timings: EndpointTiming[], targetMs: number): void {
  console.log(`\n${title}\n`);
  const rows = timings.map((t) => [t.path.replace(/\/[0-9a-z-]{14,}/g, '/:id'), `${t.p50.toFixed(1)} ms`, `${t.p95.toFixed(1)} ms`, String(t.samples), t.p95 < targetMs ? 'ok' : 'OVER']);
  console.log(table([['endpoint', 'p50', 'p95', 'n', ''], ...rows]));
}

async function uiSection(): Promise<void> {
  const events = Number(process.env.BENCH_API_EVENTS ?? 10_000_000);
  const ui = await benchUiPages(join(ROOT, 'bench/data', `api-duckdb-${events}`), events);
  const kib = ui.firstPageJsGzipBytes / 1024;
  console.log(`\nDashboard JavaScript on the first page: ${kib.toFixed(1)} KiB gzipped in ${ui.firstPageJsFiles} files (target < 400 KB) ${kib * 1024 < 400_000 ? 'ok' : 'OVER'}`);
  console.log(`\nDashboard pages, cold load in Chromium, ${events.toLocaleString('en-US')} events stored (target interactive < 1,500 ms)\n`);
  const rows = ui.pages.map((p) => [p.path.replace(/\/sessions\/.+/, '/sessions/:id'), `${p.interactiveMs.toFixed(0)} ms`, `${p.longestTaskMs.toFixed(0)} ms`, String(p.runs), p.interactiveMs < 1500 ? 'ok' : 'OVER']);
  console.log(table([['page', 'interactive (median)', 'longest task', 'runs', ''], ...rows]));
  const long = await benchSessionPage();
  console.log(`\nOne session of ${long.events.toLocaleString('en-US')} events with ${(long.toolOutputBytes / 1e6).toFixed(1)} MB of tool output (targets: open < 2,000 ms, no scroll task > 100 ms)\n`);
  console.log(table([
    ['open to interactive', `${long.openMs.toFixed(0)} ms`, long.openMs < 2000 ? 'ok' : 'OVER'],
    ['longest task while scrolling (wall clock)', `${long.longestScrollTaskMs.toFixed(0)} ms`, long.longestScrollTaskMs <= 100 ? 'ok' : 'OVER'],
    ['longest task while scrolling (CPU time, traced)', `${long.longestScrollTaskCpuMs.toFixed(0)} ms`, ''],
  ]));
}

async function eventsSection(): Promise<void> {
  const r = await benchEventApi({ databaseUrl: process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test' });
  console.log('\nEvent API, batches of 1,000 over HTTP, 8 senders (targets: DuckDB ≥ 50,000/s, PostgreSQL ≥ 20,000/s, live p99 < 250 ms at 2,000/s)\n');
  console.log(table([
    ['DuckDB events/s', 'PostgreSQL events/s', 'post → WebSocket p50', 'p99'],
    [Math.round(r.duckdbEventsPerSec).toLocaleString('en-US'), Math.round(r.postgresEventsPerSec).toLocaleString('en-US'), `${r.liveP50Ms.toFixed(0)} ms`, `${r.liveP99Ms.toFixed(0)} ms`],
  ]));
}

async function hooksSection(): Promise<void> {
  const h = await benchHookCommands();
  console.log('\nHook and status-line commands, whole process, median of 20 (target < 150 ms)\n');
  console.log(table([
    ['node -e 0', 'hook (server up)', 'hook (server down)', 'statusline (up)', 'statusline (down)'],
    [h.nodeMedianMs, h.hookMedianMs, h.hookDownMedianMs, h.statuslineMedianMs, h.statuslineDownMedianMs].map((ms) => `${ms.toFixed(0)} ms`),
  ]));
}

async function liveSection(): Promise<void> {
  const seconds = Number(process.env.BENCH_SOAK_SECONDS ?? 300);
  const live = await benchLiveLatency(seconds, 10);
  console.log(`\nLive: transcript line appended → WebSocket client, ${live.samples} lines over ${seconds} s (target p99 < 1 s)\n`);
  console.log(table([
    ['p50', 'p99', 'max', 'RSS start', 'RSS at ¼ ½ ¾ end', 'RSS max'],
    [`${live.p50.toFixed(0)} ms`, `${live.p99.toFixed(0)} ms`, `${live.max.toFixed(0)} ms`, `${live.rssStartMiB.toFixed(0)} MiB`, live.rssQuartersMiB.map((m) => m.toFixed(0)).join(' / ') + ' MiB', `${live.rssMaxMiB.toFixed(0)} MiB`],
  ]));
}

async function importSection(): Promise<void> {
  const sizeLabel = process.env.BENCH_SIZE ?? '1GiB';
  const seed = Number(process.env.BENCH_SEED ?? 7);
  const dataDir = process.env.BENCH_DIR ?? join(ROOT, 'bench/data', `${sizeLabel}-seed${seed}`);
  await ensureData(dataDir, parseSize(sizeLabel), seed);

  const home = mkdtempSync(join(tmpdir(), 'sightline-bench-'));
  const env: NodeJS.ProcessEnv = { ...process.env, SIGHTLINE_HOME: home, HOME: home, TZ: 'UTC', CLAUDE_CONFIG_DIR: dataDir };
  delete env.DATABASE_URL;
  try {
    // warm the page cache once so neither tool pays for the first read of the files
    await runCommand(CCUSAGE, ['daily', '--json', '--offline'], env);
    const ccDaily = await median(3, async () => (await check(runCommand(CCUSAGE, ['daily', '--json', '--offline'], env))).seconds);

    const importRun = await check(runCommand(process.execPath, [SIGHTLINE, 'import', dataDir, '--json', '--quiet'], env));
    const summary = JSON.parse(importRun.stdout);
    const reimport = await check(runCommand(process.execPath, [SIGHTLINE, 'import', dataDir, '--json', '--quiet'], env));
    const reimportSummary = JSON.parse(reimport.stdout);
    const slDaily = await median(5, async () => (await check(runCommand(process.execPath, [SIGHTLINE, 'report', 'daily', '--json'], env))).seconds);

    const gib = summary.bytes / 2 ** 30;
    const rows: Array<[string, string, string, string]> = [
      ['cold import vs ccusage daily', `${importRun.seconds.toFixed(2)} s`, `${ccDaily.toFixed(2)} s`, ratio(importRun.seconds / ccDaily, '≤ 1.00')],
      ['report daily --json (whole process)', `${slDaily.toFixed(3)} s`, `${ccDaily.toFixed(2)} s`, ratio(slDaily / ccDaily, '≤ 0.125')],
      ['re-import, nothing changed', `${reimport.seconds.toFixed(2)} s`, '', reimportSummary.filesRead === 0 ? 'target < 1 s' : `read ${reimportSummary.filesRead} files!`],
      ['peak memory during import', `${(summary.peakRssBytes / 2 ** 20).toFixed(0)} MiB`, '', 'target < 512 MiB'],
    ];
    console.log(`\nSightline vs ccusage 20 on ${gib.toFixed(2)} GiB, ${summary.files} files, ${summary.events.toLocaleString('en-US')} events (TZ=UTC, 2 cores)\n`);
    console.log(table([['measure', 'sightline', 'ccusage', 'ratio / target'], ...rows]));
    console.log(`\nimport throughput: ${(gib / importRun.seconds).toFixed(2)} GiB/s (${Math.round(summary.events / importRun.seconds).toLocaleString('en-US')} events/s); malformed lines skipped: ${summary.malformedLines}`);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

async function ensureData(dir: string, bytes: number, seed: number): Promise<void> {
  if (existsSync(join(dir, 'projects'))) return;
  mkdirSync(dir, { recursive: true });
  process.stderr.write(`generating ${(bytes / 2 ** 20).toFixed(0)} MiB of transcripts into ${dir} …\n`);
  const started = performance.now();
  const stats = await generateTranscripts({ outDir: dir, totalBytes: bytes, seed });
  process.stderr.write(`  ${stats.files} files, ${stats.sessions} sessions in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
}

async function check<T extends { code: number; stderr: string }>(run: Promise<T>): Promise<T> {
  const result = await run;
  if (result.code !== 0) throw new Error(`command failed (${result.code}): ${result.stderr.slice(0, 2000)}`);
  return result;
}

function ratio(value: number, target: string): string {
  return `${value.toFixed(3)} (target ${target})`;
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i])).join('  ')).join('\n');
}

export function parseSize(label: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(B|KB|KiB|MB|MiB|GB|GiB)?$/i.exec(label.trim());
  if (!m) throw new Error(`BENCH_SIZE: cannot read '${label}' (try 200MiB or 1GiB)`);
  const unit = (m[2] ?? 'B').toLowerCase();
  const scale: Record<string, number> = { b: 1, kb: 1e3, kib: 2 ** 10, mb: 1e6, mib: 2 ** 20, gb: 1e9, gib: 2 ** 30 };
  return Math.round(Number(m[1]) * scale[unit]);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
