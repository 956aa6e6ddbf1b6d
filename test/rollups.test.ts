import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { generateTranscripts } from '../bench/generate.js';
import { EVENT_KINDS, type CanonicalEvent } from '../src/core/event.js';
import { localScope, type Scope } from '../src/core/scope.js';
import { importTranscripts } from '../src/ingest/transcript-import.js';
import { errorsView } from '../src/analytics/views/errors-view.js';
import { logsView } from '../src/analytics/views/logs.js';
import { overview } from '../src/analytics/views/overview.js';
import { performanceView } from '../src/analytics/views/performance.js';
import { tokenBlocks, tokensView } from '../src/analytics/views/tokens.js';
import { toolsView } from '../src/analytics/views/tools.js';
import { planRange, DAY, HOUR, QUARTER, MINUTE } from '../src/store/rollups/grains.js';
import { histogramPercentile, PERCENTILE_ERROR } from '../src/store/rollups/histogram.js';
import { ROLLUP_TABLES } from '../src/store/rollups/index.js';
import type { Store } from '../src/store/store.js';
import { STORE_FACTORIES } from './helpers/stores.js';
import { tempClaudeRoot } from './helpers/transcripts.js';

// ---- a mixed write sequence: merges, shadowing, re-ingest, both write paths ----------------------

const MIN = 60_000;
/** 10:07 UTC: not on a quarter hour, so buckets and range edges both get exercised. */
const T0 = Date.UTC(2026, 0, 5, 10, 7, 0);

function ev(fields: Partial<CanonicalEvent> & Pick<CanonicalEvent, 'id' | 'ts' | 'sessionId' | 'kind'>): CanonicalEvent {
  return { teamId: 'local', userId: 'local', visibility: 'private', agent: 'claude-code', source: 'transcript', project: 'proj-a', ...fields };
}

const call = (id: string, ts: number, sessionId: string, extra: Partial<CanonicalEvent> = {}) =>
  ev({ id, ts, sessionId, kind: 'llm_call', model: 'claude-sonnet-4-5', inputTokens: 10, outputTokens: 200, cacheReadTokens: 1000, cacheCreationTokens: 50, costUsd: 0.0123, ...extra });

const batchA: CanonicalEvent[] = [
  ev({ id: 'p1', ts: T0, sessionId: 's1', kind: 'prompt', text: 'fix it' }),
  call('otel-1', T0 + 1 * MIN, 'otel-x', { source: 'otlp', requestId: 'req_1', durationMs: 1200 }),
  call('c-early', T0 + 90_000, 's1'),
  ev({ id: 't1', ts: T0 + 2 * MIN, sessionId: 's1', kind: 'tool_call', toolName: 'Read' }),
  ev({ id: 't2', ts: T0 + 3 * MIN, endTs: T0 + 3 * MIN + 5000, durationMs: 5000, sessionId: 's1', kind: 'tool_call', toolName: 'Bash', status: 'error', attrs: { outputExcerpt: 'Error: exit 1 at 0xdeadbeef12' } }),
  ev({ id: 't3', ts: T0 + 3 * MIN + 10, durationMs: 90, sessionId: 's1', kind: 'tool_call', toolName: 'mcp__gh__issue', mcpServer: 'gh', status: 'ok' }),
  ev({ id: 'ae1', ts: T0 + 4 * MIN, sessionId: 's1', kind: 'api_error', level: 'warning', text: 'Overloaded (request 1234)' }),
  ev({ id: 'e1', ts: T0 + 5 * MIN, sessionId: 's1', kind: 'error', text: 'boom 42' }),
  call('m1', T0 + 6 * MIN, 's2', { userId: 'bob', visibility: 'team', project: 'proj-b', model: 'claude-opus-4-1', costUsd: null }),
  call('m2', T0 + 9 * MIN, 's2', { userId: 'bob', visibility: 'team', project: 'proj-b', model: 'claude-opus-4-1', speed: 'fast', reportedCostUsd: 0.5 }),
  ev({ id: 'l1', ts: T0 + 9 * MIN + 1, sessionId: 's2', userId: 'bob', visibility: 'team', project: 'proj-b', kind: 'log', level: 'error', text: 'log error 7' }),
  ev({ id: 'f1', ts: T0 + 2 * MIN, sessionId: 's-foreign', teamId: 'other', kind: 'tool_call', toolName: 'Bash', status: 'ok', durationMs: 10 }),
];
/** The transcript copy of req_1, in another session than its OTLP copy: the OTLP row is dropped. */
const batchB: CanonicalEvent[] = [call('cc-1', T0 + 1 * MIN + 500, 's1', { requestId: 'req_1' })];
/** A tool result completing t1; a bigger copy of m1 that moves it into the next quarter hour. */
const batchC: CanonicalEvent[] = [
  ev({ id: 't1', ts: T0 + 2 * MIN, endTs: T0 + 2 * MIN + 700, sessionId: 's1', kind: 'tool_call', toolName: 'Read', status: 'ok' }),
  call('m1', T0 + 20 * MIN, 's2', { userId: 'bob', visibility: 'team', project: 'proj-b', model: 'claude-opus-4-1', outputTokens: 9000, costUsd: 0.9 }),
];
/** Lines for the bulk path: a session of its own, and one more call in s1. */
const linesE: CanonicalEvent[] = [
  call('s3-1', T0 + 30 * MIN, 's3', { project: 'proj-c' }),
  ev({ id: 's3-t', ts: T0 + 31 * MIN, durationMs: 2500, sessionId: 's3', project: 'proj-c', kind: 'tool_call', toolName: 'Bash', status: 'ok' }),
  call('s1-late', T0 + 44 * MIN, 's1', { isSidechain: true }),
];

async function writeLive(store: Store, events: CanonicalEvent[]): Promise<void> {
  await store.writeBatch(events);
  await store.refreshSessions([...new Set(events.map((e) => e.sessionId))]);
}

/** Each step, then a check that the roll-ups kept on write equal a rebuild from all events. */
async function writeMixedSequence(store: Store): Promise<void> {
  await writeLive(store, batchA);
  await assertMatchesRebuild(store);
  await writeLive(store, batchB);
  await assertMatchesRebuild(store);
  await writeLive(store, batchC);
  await assertMatchesRebuild(store);
  await writeLive(store, batchA); // re-ingest: the OTLP copy comes back and is shadowed again
  await assertMatchesRebuild(store);
  await store.writeEventLines([linesE.map((e) => JSON.stringify(e)).join('\n')], [], linesE.map((e) => e.id));
  await store.refreshSessions([...new Set(linesE.map((e) => e.sessionId))]);
  await assertMatchesRebuild(store);
}

// ---- comparing ---------------------------------------------------------------------------------

/** Every row of every roll-up table, numbers as numbers, sorted. */
async function snapshot(store: Store): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const table of ROLLUP_TABLES) {
    const rows = await store.reads.all(`SELECT * FROM ${table.name}`);
    out[table.name] = rows.map((row) => JSON.stringify(Object.entries(row).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, normalize(v)]))).sort();
  }
  return out;
}

function normalize(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'number') return Number(value.toPrecision(12));
  if (typeof value === 'string' && /^-?\d+(\.\d+)?(e[+-]?\d+)?$/i.test(value)) return Number(Number(value).toPrecision(12));
  return value;
}

/** Deep equality with numbers equal to 1e-9 (sums of costs in another order). */
function assertSameNumbers(actual: unknown, expected: unknown, path = ''): void {
  if (typeof expected === 'number' && typeof actual === 'number') {
    assert.ok(Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected)), `${path}: ${actual} ≠ ${expected}`);
  } else if (expected !== null && typeof expected === 'object' && actual !== null && typeof actual === 'object') {
    assert.deepEqual(Object.keys(actual).sort(), Object.keys(expected).sort(), `${path}: keys`);
    for (const key of Object.keys(expected)) assertSameNumbers((actual as Record<string, unknown>)[key], (expected as Record<string, unknown>)[key], `${path}.${key}`);
  } else {
    assert.deepEqual(actual, expected, path);
  }
}

/** Roll-ups kept on write equal roll-ups rebuilt from all events. */
async function assertMatchesRebuild(store: Store): Promise<void> {
  await store.payOwedRollups();
  const kept = await snapshot(store);
  assert.ok(kept.rollup_activity.length > 0, 'roll-ups were written');
  await store.refreshSessions();
  assert.deepEqual(kept, await snapshot(store));
}

/** `kind` listing every kind filters nothing, but no roll-up can answer it: the views scan events. */
const ALL_KINDS = [...EVENT_KINDS];

/** Ranges: unaligned around the data, one inside a single quarter hour, and a week with whole days. */
const ranges = (): Array<[number, number]> => [
  [T0 - 7 * MIN - 13, T0 + 50 * MIN + 7],
  [T0 + 8 * MIN + 1, T0 + 8 * MIN + 6 * MIN],
  [T0 - 3 * 24 * 60 * MIN, T0 + 4 * 24 * 60 * MIN],
];

async function assertViewsMatchEventScans(store: Store, scope: Scope): Promise<void> {
  for (const [from, to] of ranges()) {
    const f = { from, to };
    const where = `${new Date(from).toISOString()} – ${new Date(to).toISOString()}`;
    assertSameNumbers(await overview(store, scope, f, T0), await overview(store, scope, { ...f, kind: ALL_KINDS }, T0), `overview ${where}`);
    // Kolkata days begin on half hours (quarter-hour rows only), Berlin's on whole UTC hours, UTC's on days
    for (const timezone of ['Asia/Kolkata', 'Europe/Berlin', 'UTC']) {
      const tokenOpts = { interval: 'day' as const, timezone };
      assertSameNumbers(await tokensView(store, scope, f, tokenOpts), await tokensView(store, scope, { ...f, kind: ALL_KINDS }, tokenOpts), `tokens ${timezone} ${where}`);
    }
    const page = { limit: 50 };
    assertSameNumbers(await errorsView(store, scope, f, page), await errorsView(store, scope, { ...f, kind: ALL_KINDS }, page), `errors ${where}`);
    // every event has agent claude-code: a filter that changes nothing, but the tool, latency and minute
    // roll-ups have no agent column, so with it they read their source
    const same = { ...f, agent: 'claude-code' };
    assertSameNumbers(await toolsView(store, scope, f), await toolsView(store, scope, same), `tools ${where}`);
    assertSameNumbers(await performanceView(store, scope, f), await performanceView(store, scope, same), `performance ${where}`);
    assertSameNumbers(await tokenBlocks(store, scope, f, { now: T0 }), await tokenBlocks(store, scope, same, { now: T0 }), `blocks ${where}`);
  }
}

/** Tool counts and durations straight from the stored events. */
async function assertToolsMatchEvents(store: Store): Promise<void> {
  const events = await store.listEvents(localScope, { kind: 'tool_call', limit: 10_000 });
  const view = await toolsView(store, localScope, { from: T0 - HOUR.ms, to: T0 + HOUR.ms });
  for (const name of new Set(events.map((e) => e.toolName!))) {
    const calls = events.filter((e) => e.toolName === name);
    const row = view.tools.find((t) => t.name === name)!;
    assert.deepEqual([row.calls, row.ok, row.errors], [calls.length, calls.filter((e) => e.status === 'ok').length, calls.filter((e) => e.status === 'error').length], name);
    const durations = calls.map((e) => e.durationMs ?? (e.endTs != null ? e.endTs - e.ts : null)).filter((d): d is number => d !== null);
    if (durations.length === 1) assert.ok(Math.abs(row.durationMs.p50! - durations[0]) <= PERCENTILE_ERROR * durations[0] + 0.051, `${name} p50`);
  }
}

for (const factory of STORE_FACTORIES) {
  describe(`roll-ups on ${factory.kind}`, () => {
    test('stay equal to a rebuild through merges, shadowing, re-ingest and both write paths; views equal event scans', async () => {
      const fresh = await factory.create();
      try {
        const store = fresh.store;
        await writeMixedSequence(store);
        const stored = await store.listEvents(localScope, { limit: 1000 });
        assert.ok(!stored.some((e) => e.id === 'otel-1'), 'the OTLP copy is shadowed');
        assert.equal(stored.find((e) => e.id === 'm1')?.ts, T0 + 20 * MIN, 'the merge moved m1');
        await assertViewsMatchEventScans(store, localScope);
        await assertViewsMatchEventScans(store, { userId: 'bob', teamId: 'local', role: 'member', allOfTeam: false });
        await assertToolsMatchEvents(store);
        const other = await toolsView(store, { userId: 'x', teamId: 'other', role: 'admin', allOfTeam: true }, { from: T0 - HOUR.ms, to: T0 + HOUR.ms });
        assert.deepEqual(other.tools.map((t) => [t.name, t.calls]), [['Bash', 1]], 'scope holds on roll-ups');
      } finally {
        await fresh.dispose();
      }
    });

    test('a text search (read from events) pages through the whole range in order', async () => {
      const fresh = await factory.create();
      try {
        const day = 24 * 60 * MIN;
        const logs = [T0 - 3 * day, T0 - 2 * day, T0 - 5 * MIN, T0 - MIN].map((ts, i) => ev({ id: `log-${i}`, ts, sessionId: 's-log', kind: 'log', level: 'info', text: `boom ${i}` }));
        await writeLive(fresh.store, [...logs, ev({ id: 'quiet', ts: T0 - 2 * MIN, sessionId: 's-log', kind: 'log', level: 'info', text: 'calm' })]);
        for (const order of ['desc', 'asc'] as const) {
          const seen: string[] = [];
          let cursor: string | undefined;
          for (let pages = 0; pages < 10; pages++) {
            const page = await logsView(fresh.store, localScope, { from: T0 - 7 * day, to: T0, q: 'boom' }, { limit: 1, order, cursor });
            seen.push(...page.items.map((l) => l.id));
            if (!page.nextCursor) break;
            cursor = page.nextCursor;
          }
          const expected = logs.map((l) => l.id);
          assert.deepEqual(seen, order === 'desc' ? expected.reverse() : expected, order);
        }
      } finally {
        await fresh.dispose();
      }
    });

    test('a transcript import and its re-import keep them equal to a rebuild', async () => {
      const fresh = await factory.create();
      const root = await tempClaudeRoot();
      try {
        await generateTranscripts({ outDir: root, totalBytes: 400_000, seed: 31 });
        await importTranscripts({ store: fresh.store, roots: [root], workers: 1 });
        await assertMatchesRebuild(fresh.store);
        await rm(root, { recursive: true, force: true });
        await generateTranscripts({ outDir: root, totalBytes: 400_000, seed: 31 });
        await importTranscripts({ store: fresh.store, roots: [root], workers: 1 });
        await assertMatchesRebuild(fresh.store);
      } finally {
        await fresh.dispose();
        await rm(root, { recursive: true, force: true });
      }
    });
  });
}

describe('roll-up building blocks', () => {
  test('planRange covers [from, to) exactly once with the coarsest buckets that fit', () => {
    const grains = [QUARTER, HOUR, DAY];
    for (const [from, to] of [[T0, T0 + 3 * DAY.ms + 5], [T0 - 1, T0 + 7], [Date.UTC(2026, 0, 1), Date.UTC(2026, 0, 8)], [T0, T0]] as const) {
      const plan = planRange(from, to, grains);
      const pieces = [...plan.edges.map(([a, b]) => [a, b]), ...plan.tiers.map((t) => [t.from, t.to])].sort((a, b) => a[0] - b[0]);
      let at = from;
      for (const [a, b] of pieces) {
        assert.equal(a, at, 'no gap, no overlap');
        at = b;
      }
      assert.equal(at, to);
      for (const t of plan.tiers) assert.ok(t.from % t.grain.ms === 0 && t.to % t.grain.ms === 0, 'tiers are whole buckets');
    }
    assert.deepEqual(planRange(Date.UTC(2026, 0, 1), Date.UTC(2026, 0, 8), grains).tiers.map((t) => t.grain.name), ['d']);
    const minutes = planRange(60_001, 180_001, [MINUTE], 1);
    assert.deepEqual([minutes.tiers, minutes.edges], [[{ grain: MINUTE, from: 60_000, to: 180_000 }], []], 'minutes (k·60 s, (k+1)·60 s]');
  });

  test('histogram percentiles stay within the documented bound', () => {
    const values = Array.from({ length: 500 }, (_, i) => Math.round(Math.exp((i * 7919) % 1000 / 80)));
    const bins = new Map<number, number>();
    for (const v of values) {
      const bin = v < 1 ? -1 : Math.floor((Math.log(v) * 8) / Math.log(2));
      bins.set(bin, (bins.get(bin) ?? 0) + 1);
    }
    const sorted = [...values].sort((a, b) => a - b);
    for (const p of [0, 0.5, 0.9, 0.95, 0.99, 1]) {
      const rank = p * (sorted.length - 1);
      const exact = sorted[Math.floor(rank)] + (sorted[Math.ceil(rank)] - sorted[Math.floor(rank)]) * (rank - Math.floor(rank));
      const estimate = histogramPercentile([...bins].map(([bin, count]) => ({ bin, count })), p)!;
      assert.ok(Math.abs(estimate - exact) <= PERCENTILE_ERROR * exact + 1e-9, `p${p}: ${estimate} vs ${exact}`);
    }
  });
});
