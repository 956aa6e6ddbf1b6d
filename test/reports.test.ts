import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { SessionUsageRow, TokenSums, UsageBucketRow, UsageEntryRow } from '../src/store/store.js';
import { buildPeriodReport, type PeriodKind, type PeriodOptions, type PeriodRowJson } from '../src/analytics/reports/period-report.js';
import { buildSessionReport } from '../src/analytics/reports/session-report.js';
import { buildBlocksReport, type BlocksOptions } from '../src/analytics/reports/blocks-report.js';
import { renderReportTable } from '../src/analytics/reports/index.js';
import { resolveOptions } from '../src/analytics/reports/options.js';
import { weekStart } from '../src/analytics/reports/local-time.js';
import { parseReportArgs, runReportCommand } from '../src/cli/commands/report.js';
import { localScope } from '../src/core/scope.js';

// Expected figures below were produced by running ccusage 20.0.24 on equivalent transcripts.

const BUCKET = 15 * 60 * 1000;

function sums(partial: Partial<TokenSums>): TokenSums {
  return { inputTokens: 0, outputTokens: 0, cacheCreationTokens: 0, cacheReadTokens: 0, costUsd: 0, reportedCostUsd: 0, autoCostUsd: 0, unpricedCalls: 0, calls: 1, ...partial };
}

function bucketRow(iso: string, model: string, partial: Partial<TokenSums>): UsageBucketRow {
  const ts = Date.parse(iso);
  const row = sums(partial);
  return { bucket: ts - (ts % BUCKET), model, ...row, autoCostUsd: partial.autoCostUsd ?? row.costUsd };
}

/** Input tokens are powers of two, so each period's sum names the calls it holds. */
const ZONE_ROWS = [
  ['2026-03-08T04:30:00.000Z', 1], ['2026-03-08T06:59:00.000Z', 2], ['2026-03-08T07:00:00.000Z', 4],
  ['2026-03-09T03:59:00.000Z', 8], ['2026-03-09T04:00:00.000Z', 16], ['2026-11-01T03:59:00.000Z', 32],
  ['2026-11-01T04:00:00.000Z', 64], ['2026-11-02T04:59:00.000Z', 128], ['2026-11-02T05:00:00.000Z', 256],
  ['2026-03-04T18:14:00.000Z', 512], ['2026-03-04T18:15:00.000Z', 1024], ['2026-03-04T18:29:00.000Z', 2048],
  ['2026-03-04T18:30:00.000Z', 4096],
].map(([iso, input]) => bucketRow(iso as string, 'claude-haiku-4-5-20251001', { inputTokens: input as number }));

function periods(kind: PeriodKind, zone: string, extra: Partial<PeriodOptions> = {}): string {
  const report = buildPeriodReport(kind, ZONE_ROWS, { zone, order: 'asc', mode: 'auto', ...extra });
  return report[kind]!.map((row) => `${row.period}=${row.inputTokens}`).join(' ');
}

test('days follow the zone across both DST changes (America/New_York)', () => {
  assert.equal(periods('daily', 'America/New_York'), '2026-03-04=7680 2026-03-07=1 2026-03-08=14 2026-03-09=16 2026-10-31=32 2026-11-01=192 2026-11-02=256');
  assert.equal(periods('weekly', 'America/New_York'), '2026-03-02=7695 2026-03-09=16 2026-10-26=224 2026-11-02=256');
  assert.equal(periods('monthly', 'America/New_York'), '2026-03=7711 2026-10=32 2026-11=448');
});

test('half- and quarter-hour zones put the day boundary on the right bucket', () => {
  assert.equal(periods('daily', 'Asia/Kolkata'), '2026-03-04=3584 2026-03-05=4096 2026-03-08=7 2026-03-09=24 2026-11-01=96 2026-11-02=384');
  assert.equal(periods('daily', 'Asia/Kathmandu'), '2026-03-04=512 2026-03-05=7168 2026-03-08=7 2026-03-09=24 2026-11-01=96 2026-11-02=384');
  assert.equal(periods('daily', 'UTC'), '2026-03-04=7680 2026-03-08=7 2026-03-09=24 2026-11-01=96 2026-11-02=384');
});

test('weeks start on Monday; a Sunday belongs to the week before', () => {
  assert.equal(weekStart('2026-03-08'), '2026-03-02'); // Sunday
  assert.equal(weekStart('2026-03-09'), '2026-03-09'); // Monday
  assert.equal(weekStart('2026-01-01'), '2025-12-29'); // across a year
  assert.equal(periods('weekly', 'UTC'), '2026-03-02=7687 2026-03-09=24 2026-10-26=96 2026-11-02=384');
});

test('since/until filter on the local date, inclusive, in both accepted spellings; order desc reverses', () => {
  const opts = resolveOptions('daily', { since: '20260305', until: '2026-11-01', timezone: 'Asia/Kathmandu', order: 'desc' });
  assert.equal(periods('daily', opts.zone, opts), '2026-11-01=96 2026-03-09=24 2026-03-08=7 2026-03-05=7168');
  // weekly sums only the calls inside the range
  assert.equal(periods('weekly', 'UTC', { since: '2026-03-05', until: '2026-03-08' }), '2026-03-02=7');
  assert.throws(() => resolveOptions('daily', { since: '2026/03/01' }), /YYYY-MM-DD or YYYYMMDD/);
  assert.throws(() => resolveOptions('daily', { since: '20261345' }), /YYYY-MM-DD or YYYYMMDD/);
  assert.throws(() => resolveOptions('daily', { since: '20260305', until: '20260301' }), /later than/);
  assert.throws(() => resolveOptions('daily', { timezone: 'Mars/Base' }), /unknown time zone/);
});

const MIXED_DAY = [
  bucketRow('2026-03-04T10:15:03.900Z', 'claude-sonnet-4-6', { inputTokens: 6, outputTokens: 85, cacheCreationTokens: 1616, cacheReadTokens: 37920, costUsd: 0.018729, calls: 2 }),
  bucketRow('2026-03-04T11:00:00.000Z', 'claude-haiku-4-5-20251001', { inputTokens: 150, outputTokens: 30, cacheCreationTokens: 10, cacheReadTokens: 5, costUsd: 0.000313, calls: 2 }),
  bucketRow('2026-03-04T12:00:00.000Z', 'mystery-model', { inputTokens: 10, outputTokens: 20, unpricedCalls: 1 }),
  bucketRow('2026-03-05T01:00:00.000Z', 'claude-opus-4-6', { inputTokens: 1000, outputTokens: 500, costUsd: 0.0175, reportedCostUsd: 0.5, autoCostUsd: 0.5 }),
];

test('rows carry ccusage 20 fields, the classic alias, totals and the unpriced models', () => {
  const report = buildPeriodReport('daily', MIXED_DAY, { zone: 'UTC', order: 'asc', mode: 'auto' });
  const day = report.daily![0];
  assert.equal(day.period, '2026-03-04');
  assert.equal(day.date, '2026-03-04');
  assert.equal(day.agent, 'all');
  assert.deepEqual(day.metadata, { agents: ['claude'] });
  assert.deepEqual(day.modelsUsed, ['claude-haiku-4-5-20251001', 'claude-sonnet-4-6', 'mystery-model']);
  assert.deepEqual(day.modelBreakdowns.map((m) => m.modelName), ['claude-sonnet-4-6', 'claude-haiku-4-5-20251001', 'mystery-model']);
  assert.equal(day.modelBreakdowns[2].missingPricing, true);
  assert.equal('missingPricing' in day.modelBreakdowns[0], false);
  assert.equal(day.inputTokens, 166);
  assert.equal(day.totalTokens, 166 + 135 + 1626 + 37925);
  assert.ok(Math.abs(day.totalCost - 0.019042) < 1e-12);
  assert.equal(report.totals.inputTokens, 1166);
  assert.ok(Math.abs(report.totals.totalCost - 0.519042) < 1e-12);
  assert.deepEqual(report.totals.unpricedModels, ['mystery-model']);
  assert.deepEqual(report.unpricedModels, ['mystery-model']);
  assert.equal(report.costSource, 'auto');
  const weekly = buildPeriodReport('weekly', MIXED_DAY, { zone: 'UTC', order: 'asc', mode: 'auto' });
  assert.equal(weekly.weekly![0].week, '2026-03-02');
  const monthly = buildPeriodReport('monthly', MIXED_DAY, { zone: 'UTC', order: 'asc', mode: 'auto' });
  assert.equal(monthly.monthly![0].month, '2026-03');
});

test('cost modes pick auto, computed or reported cost and say so', () => {
  const cost = (mode: 'auto' | 'calculate' | 'display') => buildPeriodReport('daily', MIXED_DAY, { zone: 'UTC', order: 'asc', mode }).daily![1].totalCost;
  assert.equal(cost('auto'), 0.5);
  assert.equal(cost('calculate'), 0.0175);
  assert.equal(cost('display'), 0.5);
  const display = buildPeriodReport('daily', MIXED_DAY, { zone: 'UTC', order: 'asc', mode: 'display' });
  assert.equal(display.costSource, 'reported');
  assert.equal(display.unpricedModels, undefined, 'ccusage flags no missing prices in display mode');
  assert.equal(buildPeriodReport('daily', MIXED_DAY, { zone: 'UTC', order: 'asc', mode: 'calculate' }).costSource, 'computed');
});

function sessionRow(sessionId: string, model: string, lastIso: string, partial: Partial<TokenSums>, extra: object = {}): SessionUsageRow {
  return { sessionId, project: '-home-dev-shop', model, lastTs: Date.parse(lastIso), ...sums(partial), autoCostUsd: partial.costUsd ?? 0, ...extra };
}

const SESSIONS = [
  sessionRow('s2', 'claude-haiku-4-5-20251001', '2026-05-11T10:00:00.000Z', { inputTokens: 1, costUsd: 0.000006 }),
  sessionRow('s4', 'claude-haiku-4-5-20251001', '2026-05-13T10:00:00.000Z', { inputTokens: 1, costUsd: 0.000006 }),
  sessionRow('s3', 'claude-opus-4-6', '2026-05-09T10:00:00.000Z', { inputTokens: 100000, costUsd: 0.500025 }),
  sessionRow('s3', 'claude-haiku-4-5-20251001', '2026-05-12T10:00:00.000Z', { inputTokens: 1, costUsd: 0.000006 }),
  sessionRow('s1', 'claude-sonnet-4-6', '2026-05-10T10:04:00.000Z', { inputTokens: 5000, costUsd: 0.009 }),
];

test('sessions: most expensive first, ties by id; asc reverses the cost order only', () => {
  const ids = (order: 'asc' | 'desc') => buildSessionReport(SESSIONS, { order, mode: 'auto' }).session.map((s) => s.period).join(' ');
  assert.equal(ids('desc'), 's3 s1 s2 s4');
  assert.equal(ids('asc'), 's2 s4 s1 s3');
  const s3 = buildSessionReport(SESSIONS, { order: 'desc', mode: 'auto' }).session[0];
  assert.equal(s3.sessionId, 's3');
  assert.equal(s3.agent, 'claude');
  assert.equal(s3.lastActivity, '2026-05-12T10:00:00.000Z');
  assert.deepEqual(s3.metadata, { lastActivity: '2026-05-12T10:00:00.000Z' });
  assert.equal(s3.projectPath, '-home-dev-shop');
  assert.equal(s3.inputTokens, 100001);
});

test('sessions filter whole sessions on last activity (UTC), --until exclusive as in ccusage 20.0.24', () => {
  const ids = (since?: string, until?: string) => buildSessionReport(SESSIONS, { since, until, order: 'desc', mode: 'auto' }).session.map((s) => s.period).join(' ');
  assert.equal(ids('2026-05-10'), 's3 s1 s2 s4');
  assert.equal(ids(undefined, '2026-05-11'), 's1');
  assert.equal(ids(undefined, '2026-05-13'), 's3 s1 s2');
  assert.equal(ids('2026-05-12', '2026-05-12'), '');
  const totals = buildSessionReport(SESSIONS, { since: '2026-05-12', order: 'desc', mode: 'auto' }).totals;
  assert.equal(totals.inputTokens, 100002);
});

test('session models list the main transcript first, then models only subagents used', () => {
  const rows = [
    sessionRow('m', 'mmm-model', '2026-05-10T09:00:00.000Z', { unpricedCalls: 1 }, { firstTs: Date.parse('2026-05-10T09:00:00Z'), firstMainTs: null }),
    sessionRow('m', 'zzz-model', '2026-05-10T10:01:00.000Z', { unpricedCalls: 1 }, { firstTs: Date.parse('2026-05-10T10:01:00Z'), firstMainTs: Date.parse('2026-05-10T10:01:00Z') }),
    sessionRow('m', 'aaa-model', '2026-05-10T10:00:00.000Z', { unpricedCalls: 1 }, { firstTs: Date.parse('2026-05-10T10:00:00Z'), firstMainTs: Date.parse('2026-05-10T10:00:00Z') }),
  ];
  assert.deepEqual(buildSessionReport(rows, { order: 'desc', mode: 'auto' }).session[0].modelsUsed, ['aaa-model', 'zzz-model', 'mmm-model']);
});

function entry(iso: string, model: string, partial: Partial<UsageEntryRow> = {}): UsageEntryRow {
  return { ts: Date.parse(iso), model, inputTokens: 1, outputTokens: 1, cacheCreationTokens: 0, cacheReadTokens: 0, costUsd: 0.000006, reportedCostUsd: null, ...partial };
}

const BOUNDARY_ENTRIES = [
  entry('2026-06-01T10:00:00.000Z', 'claude-haiku-4-5-20251001'),
  entry('2026-06-01T15:00:00.000Z', 'claude-haiku-4-5-20251001'),
  entry('2026-06-01T20:00:00.000Z', 'claude-haiku-4-5-20251001'),
  entry('2026-06-02T01:00:00.001Z', 'claude-haiku-4-5-20251001'),
  entry('2026-06-02T10:30:00.000Z', 'claude-haiku-4-5-20251001'),
  entry('2026-06-02T15:30:00.000Z', 'claude-haiku-4-5-20251001'),
];

function blockOpts(extra: Partial<BlocksOptions> = {}): BlocksOptions {
  return { sessionLength: 5, now: Date.parse('2026-07-01T00:00:00Z'), zone: 'UTC', order: 'asc', mode: 'auto', ...extra };
}

test('blocks: exactly 5h stays in the block, more opens a new one, a longer pause adds a gap', () => {
  const report = buildBlocksReport(BOUNDARY_ENTRIES, blockOpts());
  const shape = report.blocks.map((b) => `${b.id}/${b.endTime.slice(11, 23)}/${b.entries}`);
  assert.deepEqual(shape, [
    '2026-06-01T10:00:00.000Z/15:00:00.000/2',
    '2026-06-01T20:00:00.000Z/01:00:00.000/1',
    'gap-2026-06-02T01:00:00.000Z/01:00:00.001/0',
    '2026-06-02T01:00:00.000Z/06:00:00.000/1',
    'gap-2026-06-02T06:00:00.001Z/10:30:00.000/0',
    '2026-06-02T10:00:00.000Z/15:00:00.000/1',
    '2026-06-02T15:00:00.000Z/20:00:00.000/1',
  ]);
  const gap = report.blocks[2];
  assert.equal(gap.isGap, true);
  assert.equal(gap.actualEndTime, null);
  assert.deepEqual(gap.models, []);
  assert.equal(report.blocks[0].actualEndTime, '2026-06-01T15:00:00.000Z');
  assert.equal(report.blocks.every((b) => !b.isActive && b.burnRate === null && b.projection === null), true);
  const desc = buildBlocksReport(BOUNDARY_ENTRIES, blockOpts({ order: 'desc' })).blocks.map((b) => b.id);
  assert.deepEqual(desc, report.blocks.map((b) => b.id).reverse());
});

test('blocks are listed by start time: a floored block can start before the gap that precedes it', () => {
  const entries = [entry('2026-03-02T12:03:31.143Z', 'claude-opus-4-6'), entry('2026-03-02T17:24:28.387Z', 'claude-opus-4-6')];
  const ids = buildBlocksReport(entries, blockOpts()).blocks.map((b) => b.id);
  assert.deepEqual(ids, ['2026-03-02T12:00:00.000Z', '2026-03-02T17:00:00.000Z', 'gap-2026-03-02T17:03:31.143Z']);
});

test('blocks: session length, and since/until on the block start local date', () => {
  const twoHours = buildBlocksReport(BOUNDARY_ENTRIES, blockOpts({ sessionLength: 2 })).blocks;
  assert.equal(twoHours[0].endTime, '2026-06-01T12:00:00.000Z');
  assert.equal(twoHours[1].id, 'gap-2026-06-01T12:00:00.000Z');
  const since = buildBlocksReport(BOUNDARY_ENTRIES, blockOpts({ since: '2026-06-02' })).blocks.map((b) => b.id);
  assert.equal(since[0], 'gap-2026-06-02T01:00:00.000Z');
  const tokyo = buildBlocksReport(BOUNDARY_ENTRIES, blockOpts({ until: '2026-06-01', zone: 'Asia/Tokyo' })).blocks.map((b) => b.id);
  assert.deepEqual(tokyo, ['2026-06-01T10:00:00.000Z']); // 20:00Z is already June 2nd in Tokyo
});

test('the active block has burn rate and projection (injected now)', () => {
  const now = Date.parse('2026-11-29T05:22:48.400Z');
  const ago = (minutes: number) => new Date(now - minutes * 60_000).toISOString();
  const entries = [
    entry(ago(60 * 24 * 2.5), 'claude-sonnet-4-6', { inputTokens: 10, outputTokens: 10, costUsd: 0.00018 }),
    entry(ago(100), 'claude-sonnet-4-6', { inputTokens: 1000, outputTokens: 2000, cacheCreationTokens: 100, cacheReadTokens: 5000, costUsd: 0.034875 }),
    entry(ago(40), 'claude-opus-4-6', { inputTokens: 500, outputTokens: 700, costUsd: 0.02, reportedCostUsd: 0.25 }),
    entry(ago(10), 'claude-sonnet-4-6', { inputTokens: 300, outputTokens: 400, cacheReadTokens: 9000, costUsd: 0.0096 }),
  ];
  const all = buildBlocksReport(entries, blockOpts({ now })).blocks;
  assert.deepEqual(all.map((b) => b.isActive), [false, false, true]);
  const active = buildBlocksReport(entries, blockOpts({ now, active: true })).blocks;
  assert.equal(active.length, 1);
  const block = active[0];
  assert.equal(block.id, '2026-11-29T03:00:00.000Z');
  assert.deepEqual(block.models, ['claude-sonnet-4-6', 'claude-opus-4-6']);
  assert.equal(block.totalTokens, 19000);
  assert.ok(Math.abs(block.costUSD - 0.294475) < 1e-12);
  assert.ok(Math.abs(block.burnRate!.tokensPerMinute - 211.11111111111111) < 1e-9);
  assert.ok(Math.abs(block.burnRate!.tokensPerMinuteForIndicator - 54.44444444444444) < 1e-9);
  assert.ok(Math.abs(block.burnRate!.costPerHour - 0.19631666666666667) < 1e-12);
  assert.deepEqual(block.projection, { remainingMinutes: 157, totalCost: 0.81, totalTokens: 52144 });
  const recent = buildBlocksReport(entries, blockOpts({ now, recent: true })).blocks.map((b) => b.id);
  assert.equal(recent.length, 3, 'the block 2.5 days ago, the gap and the active block');
  const calculate = buildBlocksReport(entries, blockOpts({ now, mode: 'calculate', active: true }));
  assert.ok(Math.abs(calculate.blocks[0].costUSD - 0.064475) < 1e-12);
  assert.equal(calculate.costSource, 'computed');
});

test('blocks name models with tokens but no price', () => {
  const report = buildBlocksReport([entry('2026-06-01T10:00:00Z', 'mystery-model', { costUsd: 0 })], blockOpts());
  assert.deepEqual(report.unpricedModels, ['mystery-model']);
});

test('tables: headers, thousands separators, dollars, totals, breakdown and the unpriced warning', () => {
  const report = buildPeriodReport('daily', MIXED_DAY, { zone: 'UTC', order: 'asc', mode: 'auto' });
  const table = renderReportTable('daily', report, { breakdown: true, color: false });
  for (const text of ['Date', 'Models', 'Input', 'Output', 'Cache Create', 'Cache Read', 'Total Tokens', 'Cost (USD)', '2026-03-04', '37,925', '$0.02', '$0.52', 'Total', '└─ sonnet-4-6', 'mystery-model (no price)']) {
    assert.ok(table.includes(text), `table lacks ${text}\n${table}`);
  }
  assert.match(table, /Warning: no price known for mystery-model/);
  assert.ok(!table.includes('\x1b['), 'no colour unless asked');
  const lines = table.split('\n').filter((line) => line.startsWith('│'));
  assert.equal(new Set(lines.map((line) => line.length)).size, 1, 'every row is as wide as the header');
  const plain = renderReportTable('daily', report, { color: false });
  assert.ok(!plain.includes('└─ sonnet'), 'no per-model rows without --breakdown');
  const narrow = renderReportTable('daily', report, { color: false, width: 80 });
  assert.ok(!narrow.includes('Cache Read'), 'narrow terminals drop the cache columns');
  assert.ok(renderReportTable('daily', report, { color: true }).includes('\x1b['));
});

test('session and blocks tables', () => {
  const sessions = renderReportTable('session', buildSessionReport(SESSIONS, { order: 'desc', mode: 'auto' }), { color: false });
  assert.match(sessions, /Session .*Project/);
  assert.match(sessions, /s3 .*-home-dev-shop .*100,001/);
  const blocks = renderReportTable('blocks', buildBlocksReport(BOUNDARY_ENTRIES, blockOpts()), { color: false, timezone: 'UTC' });
  assert.match(blocks, /2026-06-02 01:00 - 2026-06-02 01:00.*gap/);
  assert.match(blocks, /Block Start/);
  assert.equal(renderReportTable('daily', buildPeriodReport('daily', [], { zone: 'UTC', order: 'asc', mode: 'auto' }), {}).includes('No usage data found.'), true);
});

test('report command: flags parse like ccusage, help lists every flag, bad input exits 2 before opening the store', async () => {
  const parsed = parseReportArgs(['weekly', '-j', '--since', '20260301', '-z', 'UTC', '--order=desc', '-m', 'calculate', '-b', '--project=-home-dev-shop']);
  assert.equal(parsed.kind, 'weekly');
  assert.equal(parsed.json, true);
  assert.deepEqual({ ...parsed.options, sessionLength: undefined }, { since: '20260301', until: undefined, timezone: 'UTC', project: '-home-dev-shop', order: 'desc', mode: 'calculate', breakdown: true, sessionLength: undefined, active: undefined, recent: undefined });
  assert.equal(parseReportArgs(['blocks', '-n', '3', '--active']).options.sessionLength, 3);
  let out = '';
  const stdout = { write: (chunk: string) => ((out += chunk), true) } as unknown as NodeJS.WritableStream;
  const openStore = async () => { throw new Error('the store must not be opened'); };
  assert.equal(await runReportCommand(['--help'], { openStore, scope: localScope, stdout }), 0);
  for (const flag of ['--json', '--since', '--until', '--timezone', '--project', '--order', '--mode', '--breakdown', '--session-length', '--active', '--recent', '--color', 'Examples:']) {
    assert.ok(out.includes(flag), `help lacks ${flag}`);
  }
  const stderrWrite = process.stderr.write;
  process.stderr.write = (() => true) as typeof process.stderr.write;
  try {
    assert.equal(await runReportCommand(['yearly'], { openStore, scope: localScope, stdout }), 2);
    assert.equal(await runReportCommand(['daily', '--since', '2026/01/01'], { openStore, scope: localScope, stdout }), 2);
    assert.equal(await runReportCommand(['daily', '--bogus'], { openStore, scope: localScope, stdout }), 2);
    assert.equal(await runReportCommand(['daily', '--mode', 'guess'], { openStore, scope: localScope, stdout }), 2);
  } finally {
    process.stderr.write = stderrWrite;
  }
});

test('period rows keep their alias equal to period for every kind', () => {
  for (const kind of ['daily', 'weekly', 'monthly'] as const) {
    const rows = buildPeriodReport(kind, MIXED_DAY, { zone: 'UTC', order: 'asc', mode: 'auto' })[kind] as PeriodRowJson[];
    const alias = { daily: 'date', weekly: 'week', monthly: 'month' }[kind] as 'date' | 'week' | 'month';
    assert.ok(rows.every((row) => row[alias] === row.period));
  }
});
