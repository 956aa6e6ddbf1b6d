import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { buildApp } from '../src/server/app.js';
import { registerApiRoutes } from '../src/server/routes/api/index.js';
import type { ServerDeps } from '../src/server/deps.js';
import type { CanonicalEvent } from '../src/core/event.js';
import { localScope } from '../src/core/scope.js';
import { buildReport } from '../src/analytics/reports/index.js';
import { STORE_FACTORIES, type FreshStore } from './helpers/stores.js';
import { DAY, seedStore, type Seed } from './helpers/seed.js';
import { PERCENTILE_ERROR } from '../src/store/rollups/histogram.js';

const TOKEN = 'test-token';

/** Only the routes under test: the live bus and ingest are not exercised by the read API. */
function depsFor(fresh: FreshStore): ServerDeps {
  return {
    store: fresh.store,
    bus: undefined as unknown as ServerDeps['bus'],
    ingest: undefined as unknown as ServerDeps['ingest'],
    config: { host: '127.0.0.1', port: 0, home: '', token: TOKEN, version: 'test', watchedRoots: [], storeLocation: '' },
  };
}

// ---- expectations computed from the seed, independently of the SQL ----
const tokensOf = (e: CanonicalEvent) => (e.inputTokens ?? 0) + (e.outputTokens ?? 0) + (e.cacheReadTokens ?? 0) + (e.cacheCreationTokens ?? 0);
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
const distinct = <T>(values: T[]) => new Set(values).size;
const durationOf = (e: CanonicalEvent) => e.durationMs ?? (e.endTs != null ? e.endTs - e.ts : null);
/** Continuous percentile with linear interpolation (what quantile_cont / percentile_cont compute). */
function percentile(values: number[], p: number): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = p * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
}
const close = (actual: number | null, expected: number | null, what: string) => {
  if (expected === null) return assert.equal(actual, null, what);
  assert.ok(actual !== null && Math.abs(actual - expected) < 1e-6 * Math.max(1, Math.abs(expected)) + 0.051, `${what}: ${actual} ≠ ${expected}`);
};

/** Percentiles come from log-scale histograms: within PERCENTILE_ERROR of exact (docs/api.md), plus the 0.1 rounding. */
const closePercentile = (actual: number | null, expected: number | null, what: string) => {
  if (expected === null) return assert.equal(actual, null, what);
  assert.ok(actual !== null && Math.abs(actual - expected) <= PERCENTILE_ERROR * Math.abs(expected) + 0.051, `${what}: ${actual} not within ${(PERCENTILE_ERROR * 100).toFixed(2)} % of ${expected}`);
};
/**
 * Deep equality where numbers may differ in the last digits: roll-ups add the same costs in another
 * order than a scan of events, and floating-point addition is not associative.
 */
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

for (const factory of STORE_FACTORIES) {
  describe(`read API on ${factory.kind}`, () => {
    let fresh: FreshStore;
    let app: FastifyInstance;
    let base: string;
    let seed: Seed;
    let from: number;
    let to: number;
    let local: CanonicalEvent[];
    let inRange: CanonicalEvent[];

    const get = async (path: string) => {
      const response = await fetch(base + path, { headers: { authorization: `Bearer ${TOKEN}` } });
      const text = await response.text();
      const json = response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : null;
      return { status: response.status, headers: response.headers, text, json };
    };
    const range = () => `from=${from}&to=${to}`;

    before(async () => {
      fresh = await factory.create();
      seed = await seedStore(fresh.store);
      to = seed.now;
      from = to - 7 * DAY;
      local = seed.events.filter((e) => e.teamId === 'local');
      inRange = local.filter((e) => e.ts >= from && e.ts < to);
      app = await buildApp(depsFor(fresh), { modules: [registerApiRoutes] });
      await app.listen({ host: '127.0.0.1', port: 0 });
      const address = app.server.address();
      base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/api/v1`;
    });

    after(async () => {
      await app?.close();
      await fresh?.dispose();
      if (seed) await rm(dirname(seed.transcriptPath), { recursive: true, force: true });
    });

    test('every route needs the token', async () => {
      const response = await fetch(`${base}/overview`);
      assert.equal(response.status, 401);
    });

    test('overview: KPIs against the previous period, and series adding up', async () => {
      const { status, json } = await get(`/overview?${range()}`);
      assert.equal(status, 200);
      const previous = local.filter((e) => e.ts >= from - 7 * DAY && e.ts < from);
      const calls = (events: CanonicalEvent[]) => events.filter((e) => e.kind === 'llm_call');
      const tools = (events: CanonicalEvent[]) => events.filter((e) => e.kind === 'tool_call');
      const errors = (events: CanonicalEvent[]) => events.filter((e) => e.kind === 'error' || (e.kind === 'tool_call' && e.status === 'error')).length;
      const k = json.kpis;
      assert.deepEqual([k.sessions.value, k.sessions.previous, k.sessions.changePct], [distinct(inRange.map((e) => e.sessionId)), distinct(previous.map((e) => e.sessionId)), 100]);
      assert.equal(k.prompts.value, inRange.filter((e) => e.kind === 'prompt').length);
      assert.equal(k.prompts.previous, previous.filter((e) => e.kind === 'prompt').length);
      assert.equal(k.tokens.value, sum(calls(inRange).map(tokensOf)));
      close(k.costUsd.value, sum(calls(inRange).map((e) => e.costUsd ?? 0)), 'cost');
      assert.equal(k.users.value, 2);
      assert.equal(k.toolCalls.value, tools(inRange).length);
      close(k.errorRate.value, errors(inRange) / (calls(inRange).length + tools(inRange).length), 'error rate');
      assert.equal(k.activeNow, 1);
      assert.equal(json.bucket, 'day');
      assert.equal(sum(json.series.map((p: { tokens: number }) => p.tokens)), k.tokens.value);
      assert.equal(sum(json.series.map((p: { prompts: number }) => p.prompts)), k.prompts.value);
      const opusTokens = sum(json.series.map((p: { byModel: Record<string, { tokens: number }> }) => p.byModel['claude-opus-4-1']?.tokens ?? 0));
      assert.equal(opusTokens, sum(calls(inRange).filter((e) => e.model === 'claude-opus-4-1').map(tokensOf)));
    });

    test('sessions: list, filters, sort, cursor pages and CSV', async () => {
      const first = await get(`/sessions?${range()}&limit=1`);
      assert.equal(first.status, 200);
      assert.deepEqual(first.json.items.map((s: { sessionId: string }) => s.sessionId), ['s-active']);
      const second = await get(`/sessions?${range()}&limit=1&cursor=${first.json.nextCursor}`);
      assert.deepEqual(second.json.items.map((s: { sessionId: string }) => s.sessionId), ['s-ended']);
      assert.equal(second.json.nextCursor, null);
      const active = first.json.items[0];
      const activeEvents = local.filter((e) => e.sessionId === 's-active');
      assert.equal(active.totalTokens, sum(activeEvents.filter((e) => e.kind === 'llm_call').map(tokensOf)));
      assert.equal(active.status, 'active');
      assert.equal(active.contextTokens, 181_000);
      assert.equal(active.contextLevel, 'high');
      const byCost = await get(`/sessions?${range()}&sort=cost&order=asc`);
      assert.deepEqual(byCost.json.items.map((s: { sessionId: string }) => s.sessionId), ['s-ended', 's-active']);
      const ended = await get(`/sessions?${range()}&status=ended`);
      assert.deepEqual(ended.json.items.map((s: { sessionId: string; status: string }) => [s.sessionId, s.status]), [['s-ended', 'ended']]);
      assert.deepEqual((await get(`/sessions?${range()}&model=claude-opus-4-1`)).json.items.map((s: { sessionId: string }) => s.sessionId), ['s-active']);
      assert.deepEqual((await get(`/sessions?${range()}&user=bob`)).json.items.map((s: { sessionId: string }) => s.sessionId), ['s-ended']);
      assert.deepEqual((await get(`/sessions?from=${from - 7 * DAY}&to=${to}`)).json.items.length, 3, 'the wider range reaches s-old, never s-foreign');
      const csv = await get(`/sessions?${range()}&format=csv`);
      assert.match(csv.headers.get('content-type') ?? '', /text\/csv/);
      assert.match(csv.headers.get('content-disposition') ?? '', /^attachment; filename="sightline-sessions-.*\.csv"$/);
      const lines = csv.text.trimEnd().split('\r\n');
      assert.equal(lines.length, 3);
      assert.ok(lines[0].startsWith('sessionId,title,project'));
      assert.ok(lines[1].includes('"[""claude-opus-4-1"",""claude-sonnet-4-5""]"'), 'arrays are JSON, quoted');
    });

    test('session detail: state, health parts, model switches, subagent tree', async () => {
      const { status, json } = await get('/sessions/s-active');
      assert.equal(status, 200);
      assert.equal(json.session.status, 'active');
      assert.deepEqual(json.session.models, ['claude-opus-4-1', 'claude-sonnet-4-5']);
      assert.equal(json.session.gitBranch, 'main');
      assert.equal(json.session.cwd, '/work/a');
      assert.deepEqual(json.modelSwitches.map((m: { from: string; to: string; eventId: string }) => [m.from, m.to, m.eventId]), [['claude-sonnet-4-5', 'claude-opus-4-1', 'llm-switch']]);
      const events = local.filter((e) => e.sessionId === 's-active');
      const toolCalls = events.filter((e) => e.kind === 'tool_call');
      const expectedPenalties = {
        errors: Math.min(40, Math.round(events.filter((e) => e.kind === 'error').length * 10 + (toolCalls.filter((e) => e.status === 'error').length / toolCalls.length) * 40)),
        retries: Math.min(20, events.filter((e) => e.kind === 'api_error').length * 5),
        contextPressure: 20, // 181,000 of 200,000 = 90.5 %: the 90 % level
        slowTools: Math.min(10, toolCalls.filter((e) => (durationOf(e) ?? 0) > 60_000).length * 2),
      };
      const penalties = Object.fromEntries(json.health.parts.map((p: { part: string; penalty: number }) => [p.part, p.penalty]));
      assert.deepEqual(penalties, expectedPenalties);
      assert.equal(json.health.score, 100 - sum(Object.values(expectedPenalties)));
      for (const part of json.health.parts) assert.ok(part.explanation.length > 10);
      const [agent] = json.subagentTree.children;
      assert.equal(json.subagentTree.children.length, 1);
      assert.equal(agent.agentId, 'ag1');
      assert.equal(agent.parentToolCallId, 'agent-call');
      assert.equal(agent.llmCalls, 1);
      assert.equal(agent.tokens, 620);
      assert.equal(agent.toolCalls, 1);
      assert.equal((await get('/sessions/s-foreign')).status, 404);
      assert.equal((await get('/sessions/nope')).json.error.code, 'not_found');
    });

    test('session timeline: conversation order, light rows, cursor pages', async () => {
      const expected = local.filter((e) => e.sessionId === 's-active').sort((a, b) => a.ts - b.ts || (a.id < b.id ? -1 : 1)).map((e) => e.id);
      const seen: string[] = [];
      let cursor = '';
      for (let pages = 0; pages < 10; pages++) {
        const { json } = await get(`/sessions/s-active/events?limit=7${cursor ? `&cursor=${cursor}` : ''}`);
        seen.push(...json.items.map((e: { id: string }) => e.id));
        if (!json.nextCursor) break;
        cursor = json.nextCursor;
      }
      assert.deepEqual(seen, expected);
      const { json } = await get('/sessions/s-active/events?kind=tool_call&limit=100');
      const grep = json.items.find((e: { toolName: string }) => e.toolName === 'Grep');
      assert.deepEqual([grep.isSidechain, grep.agentId, grep.durationMs, grep.status], [true, 'ag1', 70_000, 'ok']);
      assert.equal((await get('/sessions/s-foreign/events')).status, 404);
    });

    test('session context: main-conversation calls against the window, compactions', async () => {
      const { json } = await get('/sessions/s-active/context');
      const main = local.filter((e) => e.sessionId === 's-active' && e.kind === 'llm_call' && !e.isSidechain);
      assert.equal(json.points.length, main.length);
      assert.deepEqual(json.points.map((p: { tokens: number }) => p.tokens), main.map((e) => (e.inputTokens ?? 0) + (e.cacheReadTokens ?? 0) + (e.cacheCreationTokens ?? 0)));
      assert.deepEqual([json.current.pct, json.current.level, json.current.window], [90.5, 'high', 200_000]);
      assert.deepEqual(json.compactions.map((c: { preTokens: number; postTokens: number; trigger: string }) => [c.trigger, c.preTokens, c.postTokens]), [['auto', 150000, 20000]]);
    });

    test('tokens: the numbers of `sightline report`, groups, cache hit ratio, top sessions', async () => {
      const { status, json } = await get(`/tokens?${range()}&interval=day`);
      assert.equal(status, 200);
      const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
      const report = (await buildReport(fresh.store, localScope, 'daily', { since: day(from), until: day(to), timezone: 'UTC' })) as { daily: unknown[]; totals: unknown };
      assertSameNumbers(json.periods, report.daily);
      assertSameNumbers(json.totals, report.totals);
      const calls = inRange.filter((e) => e.kind === 'llm_call');
      close(json.cacheHitRatio, sum(calls.map((e) => e.cacheReadTokens ?? 0)) / sum(calls.map((e) => (e.inputTokens ?? 0) + (e.cacheReadTokens ?? 0) + (e.cacheCreationTokens ?? 0))), 'cache hit ratio');
      assert.deepEqual(json.byUser.map((g: { key: string; totalTokens: number }) => [g.key, g.totalTokens]).sort(), [
        ['bob', sum(calls.filter((e) => e.userId === 'bob').map(tokensOf))],
        ['local', sum(calls.filter((e) => e.userId === 'local').map(tokensOf))],
      ]);
      assert.deepEqual(json.byProject.map((g: { key: string }) => g.key).sort(), ['proj-a', 'proj-b']);
      assert.equal(json.topSessions[0].key, 's-active');
      assert.equal(json.topSessions[0].project, 'proj-a');
      const weekly = await get(`/tokens?${range()}&interval=week&format=csv`);
      assert.ok(weekly.text.startsWith('period,'), weekly.text.slice(0, 80));
    });

    test('tokens/blocks: the blocks of `sightline report blocks`, with the active one', async () => {
      const { json } = await get(`/tokens/blocks?${range()}`);
      const report = (await buildReport(fresh.store, localScope, 'blocks', { order: 'desc', timezone: 'UTC' })) as { blocks: Array<{ isGap: boolean; startTime: string; burnRate: unknown; projection: unknown }> };
      const real = (blocks: typeof report.blocks) => blocks.filter((b) => !b.isGap && Date.parse(b.startTime) >= from).map(({ burnRate: _b, projection: _p, ...b }) => b);
      assertSameNumbers(real(json.blocks), real(report.blocks));
      assert.ok(json.active, 'the block of the last hour is active');
      assert.ok(json.active.burnRate.tokensPerMinute > 0);
      assert.ok(json.active.projection.totalTokens >= json.active.totalTokens);
    });

    test('tools: frequency, success rate, percentiles, slowest, MCP servers; Bash commands', async () => {
      const { json } = await get(`/tools?${range()}`);
      const toolEvents = inRange.filter((e) => e.kind === 'tool_call');
      for (const name of ['Bash', 'Read', 'Agent']) {
        const calls = toolEvents.filter((e) => e.toolName === name);
        const row = json.tools.find((t: { name: string }) => t.name === name);
        const ok = calls.filter((e) => e.status === 'ok').length;
        assert.equal(row.calls, calls.length, name);
        close(row.successRate, ok / calls.length, `${name} success`);
        const durations = calls.map(durationOf).filter((d): d is number => d !== null);
        close(row.durationMs.mean, sum(durations) / durations.length, `${name} mean`);
        for (const [key, p] of [['p50', 0.5], ['p95', 0.95], ['p99', 0.99]] as const) closePercentile(row.durationMs[key], percentile(durations, p), `${name} ${key}`);
      }
      assert.deepEqual(json.byMcpServer.map((s: { name: string; calls: number }) => [s.name, s.calls]), [['github', 1]]);
      assert.equal(json.slowest[0].toolName, 'Agent');
      assert.equal(json.slowest[0].durationMs, 90_000);
      const countsOnly = await get(`/tools?${range()}&slowest=0`);
      assert.deepEqual([countsOnly.json.tools, countsOnly.json.byMcpServer, countsOnly.json.slowest], [json.tools, json.byMcpServer, []]);
      assert.equal((await get(`/tools?${range()}&slowest=1`)).json.slowest.length, 1);
      assert.equal((await get(`/tools?${range()}&slowest=-1`)).status, 400);

      const bash = await get(`/tools/bash?${range()}`);
      assert.deepEqual(bash.json.items.map((b: { command: string; exitCode: number }) => [b.command, b.exitCode]), [['cat /tmp/x123', 1], ['npm test', 0]]);
      const failed = await get(`/tools/bash?${range()}&status=error`);
      assert.equal(failed.json.items.length, 1);
      assert.match(failed.json.items[0].outputExcerpt, /No such file/);
    });

    test('errors: by type and tool, recurring messages grouped, recent with sessions', async () => {
      const { json } = await get(`/errors?${range()}`);
      const errorEvents = inRange.filter((e) => e.kind === 'error' || e.kind === 'api_error' || (e.kind === 'tool_call' && e.status === 'error'));
      assert.equal(json.recent.items.length, errorEvents.length);
      assert.ok(json.recent.items.every((r: { sessionId: string }) => r.sessionId === 's-active'));
      const byType = Object.fromEntries(['error', 'api_error', 'tool_error'].map((t) => [t, sum(json.byType.filter((p: { key: string }) => p.key === t).map((p: { count: number }) => p.count))]));
      assert.deepEqual(byType, { error: 1, api_error: 2, tool_error: 1 });
      assert.deepEqual(json.byTool.map((p: { key: string; count: number }) => [p.key, p.count]), [['Bash', 1]]);
      const overloaded = json.recurring.find((g: { pattern: string }) => g.pattern === 'Overloaded (request N)');
      const retries = errorEvents.filter((e) => e.kind === 'api_error');
      assert.deepEqual([overloaded.count, overloaded.firstSeen, overloaded.lastSeen], [2, Math.min(...retries.map((e) => e.ts)), Math.max(...retries.map((e) => e.ts))]);
      const recurringOnly = await get(`/errors/recurring?${range()}`);
      assert.deepEqual(recurringOnly.json.recurring, json.recurring);
      assert.deepEqual((await get(`/errors/recurring?${range()}&limit=1`)).json.recurring, json.recurring.slice(0, 1));
      const page = await get(`/errors?${range()}&limit=3`);
      const rest = await get(`/errors?${range()}&limit=3&cursor=${page.json.recent.nextCursor}`);
      assert.equal(page.json.recent.items.length + rest.json.recent.items.length, errorEvents.length);
    });

    test('performance: model latency percentiles, throughput, bottlenecks', async () => {
      const { json } = await get(`/performance?${range()}`);
      // latency: time since the latest earlier moment something finished in the same conversation
      const latencies = new Map<string, number[]>();
      for (const call of inRange.filter((e) => e.kind === 'llm_call')) {
        const before = inRange.filter((e) => e.sessionId === call.sessionId && Boolean(e.isSidechain) === Boolean(call.isSidechain) && e.ts < call.ts);
        if (!before.length) continue;
        const latency = call.ts - Math.max(...before.map((e) => e.endTs ?? e.ts));
        if (latency > 0 && latency <= 600_000) latencies.set(call.model!, [...(latencies.get(call.model!) ?? []), latency]);
      }
      for (const [model, values] of latencies) {
        const row = json.models.find((m: { model: string }) => m.model === model);
        assert.equal(row.measured, values.length, model);
        closePercentile(row.latencyMs.p50, percentile(values, 0.5), `${model} p50`);
        closePercentile(row.latencyMs.p95, percentile(values, 0.95), `${model} p95`);
      }
      const slowModels = [...latencies].filter(([, values]) => (percentile(values, 0.95) ?? 0) > 60_000).map(([model]) => `model:${model}`);
      const flagged = json.services.filter((s: { bottleneck: boolean }) => s.bottleneck).map((s: { type: string; name: string }) => `${s.type}:${s.name}`).sort();
      assert.deepEqual(flagged, ['mcp:github', 'tool:Agent', 'tool:Grep', ...slowModels].sort());
    });

    test('logs: level filter, text search, cursor pages', async () => {
      const logs = inRange.filter((e) => ['log', 'error', 'api_error'].includes(e.kind) || e.level != null);
      const all = await get(`/logs?${range()}`);
      assert.equal(all.json.items.length, logs.length);
      assert.deepEqual((await get(`/logs?${range()}&level=warning`)).json.items.length, logs.filter((e) => e.level === 'warning').length);
      assert.deepEqual((await get(`/logs?${range()}&q=OVERLOADED`)).json.items.map((l: { text: string }) => l.text).sort(), ['Overloaded (request 1111)', 'Overloaded (request 2222)']);
      assert.equal((await get(`/logs?${range()}&q=100%25`)).json.items.length, 0, '% is literal');
      const page = await get(`/logs?${range()}&limit=3`);
      const rest = await get(`/logs?${range()}&limit=3&cursor=${page.json.nextCursor}`);
      assert.deepEqual([...page.json.items, ...rest.json.items].map((l: { id: string }) => l.id), all.json.items.map((l: { id: string }) => l.id));
      const csv = await get(`/logs?${range()}&format=csv`);
      assert.equal(csv.text.trimEnd().split('\r\n').length, logs.length + 1);
    });

    test('events/:id: the stored event and its original line; 404 when gone or out of scope', async () => {
      const prompt = seed.events.find((e) => e.sourcePath)!;
      const { status, json } = await get(`/events/${prompt.id}`);
      assert.equal(status, 200);
      assert.equal(json.event.text, 'Fix the failing build');
      assert.deepEqual(json.source.line, seed.transcriptLine);
      const foreign = seed.events.find((e) => e.teamId === 'other')!;
      assert.equal((await get(`/events/${foreign.id}`)).status, 404);
      assert.equal((await get('/events/does-not-exist')).status, 404);
    });

    test('bad input: 400 naming the field', async () => {
      const cases: Array<[string, string]> = [
        ['/sessions?limit=0', 'limit'],
        ['/sessions?limit=1001', 'limit'],
        ['/logs?limit=abc', 'limit'],
        ['/overview?from=yesterday-ish', 'from'],
        [`/overview?from=${to}&to=${from}`, 'to'],
        [`/tokens?from=${to - 500 * DAY}&to=${to}`, 'from'],
        ['/sessions?sort=bogus', 'sort'],
        ['/sessions?order=sideways', 'order'],
        ['/logs?kind=bogus', 'kind'],
        ['/logs?level=loud', 'level'],
        ['/logs?cursor=not-a-cursor', 'cursor'],
        ['/tokens?interval=year', 'interval'],
        ['/tokens?timezone=Mars/Base', 'timezone'],
        ['/tools/bash?status=maybe', 'status'],
        ['/sessions?format=xml', 'format'],
      ];
      for (const [path, field] of cases) {
        const { status, json } = await get(path);
        assert.equal(status, 400, path);
        assert.equal(json.error.code, 'bad_request', path);
        assert.equal(json.error.field, field, `${path}: ${json.error.message}`);
      }
      assert.equal((await get('/overview')).status, 200, 'the server keeps serving');
    });
  });
}
