import { test } from 'node:test';
import assert from 'node:assert/strict';
import { localScope } from '../src/core/scope.js';
import { importTranscripts } from '../src/ingest/transcript-import.js';
import { buildReport, type ReportKind } from '../src/analytics/reports/index.js';
import { generateTranscripts } from '../bench/generate.js';
import { STORE_FACTORIES } from './helpers/stores.js';
import { tempClaudeRoot } from './helpers/transcripts.js';
import { ccusageJson } from './helpers/ccusage.js';
import { replaysCountedOnlyBySessionReports, type ReplayEntry } from './helpers/ccusage-replays.js';

/**
 * `sightline report … --json` equals ccusage 20 on the same generated transcripts: token for token
 * per period and per model, cost within 0.5%.
 */
const TOKEN_FIELDS = ['inputTokens', 'outputTokens', 'cacheCreationTokens', 'cacheReadTokens'] as const;
const COST_TOLERANCE = 0.005;

function assertCost(ours: number, theirs: number, where: string) {
  const scale = Math.max(Math.abs(theirs), 1e-9);
  assert.ok(Math.abs(ours - theirs) / scale <= COST_TOLERANCE || Math.abs(ours - theirs) < 1e-9, `${where}: cost ${ours} vs ccusage ${theirs}`);
}

function compareRows(kind: string, ours: any[], theirs: any[]) {
  const byPeriod = new Map(ours.map((r) => [r.period, r]));
  assert.equal(ours.length, theirs.length, `${kind}: number of rows`);
  for (const expected of theirs) {
    const actual = byPeriod.get(expected.period);
    assert.ok(actual, `${kind}: period ${expected.period} missing`);
    for (const f of TOKEN_FIELDS) assert.equal(actual[f], expected[f], `${kind} ${expected.period} ${f}`);
    assert.equal(actual.totalTokens, expected.totalTokens, `${kind} ${expected.period} totalTokens`);
    assertCost(actual.totalCost, expected.totalCost, `${kind} ${expected.period}`);
    assert.deepEqual([...actual.modelsUsed].sort(), [...expected.modelsUsed].sort(), `${kind} ${expected.period} models`);
    const models = new Map<string, any>(actual.modelBreakdowns.map((m: any) => [m.modelName, m]));
    for (const m of expected.modelBreakdowns) {
      const mine = models.get(m.modelName);
      assert.ok(mine, `${kind} ${expected.period}: model ${m.modelName} missing`);
      for (const f of TOKEN_FIELDS) assert.equal(mine[f], m[f], `${kind} ${expected.period} ${m.modelName} ${f}`);
      assertCost(mine.cost, m.cost, `${kind} ${expected.period} ${m.modelName}`);
    }
  }
}

function compareBlocks(ours: any[], theirs: any[]) {
  const real = (list: any[]) => list.filter((b) => !b.isGap);
  const byId = new Map(real(ours).map((b) => [b.id, b]));
  assert.equal(real(ours).length, real(theirs).length, 'blocks: number of blocks');
  for (const expected of real(theirs)) {
    const actual = byId.get(expected.id);
    assert.ok(actual, `block ${expected.id} missing`);
    assert.deepEqual(actual.tokenCounts, expected.tokenCounts, `block ${expected.id} tokens`);
    assert.equal(actual.endTime, expected.endTime);
    assertCost(actual.costUSD, expected.costUSD, `block ${expected.id}`);
  }
  assert.equal(ours.filter((b) => b.isGap).length, theirs.filter((b) => b.isGap).length, 'gap blocks');
}

/** ccusage's session rows minus the /btw replays only its session report counts (see ccusage-replays.ts). */
function withoutReplays(rows: any[], replays: ReplayEntry[]): any[] {
  return rows.map((row) => {
    const mine = replays.filter((r) => r.session === row.period);
    if (mine.length === 0) return row;
    const adjusted = { ...row, modelBreakdowns: row.modelBreakdowns.map((m: any) => ({ ...m })) };
    for (const r of mine) {
      const model = adjusted.modelBreakdowns.find((m: any) => m.modelName === r.model);
      for (const f of TOKEN_FIELDS) {
        adjusted[f] -= r[f];
        model[f] -= r[f];
      }
      adjusted.totalTokens -= r.inputTokens + r.outputTokens + r.cacheCreationTokens + r.cacheReadTokens;
      adjusted.totalCost -= r.cost;
      model.cost -= r.cost;
    }
    return adjusted;
  });
}

function blocksWithoutReplays(blocks: any[], replays: ReplayEntry[]): any[] {
  return blocks.map((block) => {
    const start = Date.parse(block.startTime);
    const end = Date.parse(block.endTime);
    const mine = replays.filter((r) => !block.isGap && r.ts >= start && r.ts < end);
    if (mine.length === 0) return block;
    const counts = { ...block.tokenCounts };
    let cost = block.costUSD;
    for (const r of mine) {
      counts.inputTokens -= r.inputTokens;
      counts.outputTokens -= r.outputTokens;
      counts.cacheCreationInputTokens -= r.cacheCreationTokens;
      counts.cacheReadInputTokens -= r.cacheReadTokens;
      cost -= r.cost;
    }
    return { ...block, tokenCounts: counts, costUSD: cost };
  });
}

test('parity with ccusage 20 on generated transcripts, on DuckDB and PostgreSQL', async (t) => {
  const root = await tempClaudeRoot();
  await generateTranscripts({ outDir: root, totalBytes: 4_000_000, seed: 11 });
  const expected = Object.fromEntries((['daily', 'weekly', 'monthly', 'session', 'blocks'] as const).map((k) => [k, ccusageJson(k, root)]));
  assert.ok(expected.daily.daily.length >= 5, 'the generated set spans several days');
  const replays = replaysCountedOnlyBySessionReports(root);
  assert.ok(replays.length > 0, 'the set has /btw replays, so the adjustment is exercised');
  for (const factory of STORE_FACTORIES) {
    await t.test(factory.kind, async () => {
      const { store, dispose } = await factory.create();
      try {
        await importTranscripts({ store, roots: [root] });
        const report = (kind: ReportKind) => buildReport(store, localScope, kind, { timezone: 'UTC' }) as Promise<any>;
        const daily = await report('daily');
        compareRows('daily', daily.daily, expected.daily.daily);
        for (const f of TOKEN_FIELDS) assert.equal(daily.totals[f], expected.daily.totals[f], `daily totals ${f}`);
        assertCost(daily.totals.totalCost, expected.daily.totals.totalCost, 'daily totals');
        assert.ok(daily.daily.every((d: any) => d.date === d.period), 'ccusage-classic alias date');
        compareRows('weekly', (await report('weekly')).weekly, expected.weekly.weekly);
        compareRows('monthly', (await report('monthly')).monthly, expected.monthly.monthly);
        compareRows('session', (await report('session')).session, withoutReplays(expected.session.session, replays));
        compareBlocks((await report('blocks')).blocks, blocksWithoutReplays(expected.blocks.blocks, replays));
      } finally {
        await dispose();
      }
    });
  }
});
