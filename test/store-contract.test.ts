import { afterEach, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { DuckDBInstance } from '@duckdb/node-api';
import type { CanonicalEvent } from '../src/core/event.js';
import { mergeEvents } from '../src/core/merge.js';
import type { Scope } from '../src/core/scope.js';
import { DuckConnection } from '../src/store/duckdb/connection.js';
import { applyMigrations, LATEST_SCHEMA_VERSION, MIGRATIONS } from '../src/store/migrations/index.js';
import { openStore } from '../src/store/open.js';
import { PgSession } from '../src/store/postgres/pg-session.js';
import { redactDatabaseUrl } from '../src/store/postgres/pg-store.js';
import { EVENT_COLUMNS } from '../src/store/sql/columns.js';
import { inTransaction } from '../src/store/sql/transaction.js';
import { ROLLUP_TABLES } from '../src/store/rollups/index.js';
import { USAGE_BUCKET_MS, type FileCheckpoint, type Store, type TokenSums, type UsageFilter } from '../src/store/store.js';
import { dropSchema, STORE_FACTORIES, TEST_DATABASE_URL, type FreshStore } from './helpers/stores.js';

// ---- event builders ---------------------------------------------------------------------------

const T0 = Date.UTC(2025, 0, 15, 10, 0, 0);
const TEAM = 'team-a';

function event(fields: Partial<CanonicalEvent> & { id: string }): CanonicalEvent {
  return {
    ts: T0,
    teamId: TEAM,
    userId: 'u1',
    visibility: 'private',
    agent: 'claude-code',
    source: 'transcript',
    sessionId: 's1',
    kind: 'log',
    ...fields,
  };
}

function llmCall(fields: Partial<CanonicalEvent> & { id: string }): CanonicalEvent {
  return event({
    kind: 'llm_call',
    model: 'claude-sonnet-4-5',
    inputTokens: 10,
    outputTokens: 100,
    cacheReadTokens: 1000,
    cacheCreationTokens: 50,
    costUsd: 0.01,
    sourcePath: '/logs/a.jsonl',
    sourceOffset: 0,
    ...fields,
  });
}

const teamScope: Scope = { teamId: TEAM, userId: 'u1', role: 'admin', allOfTeam: true };

/** The event as a store returns it: no null or undefined fields. */
function stripEmpty(e: CanonicalEvent): CanonicalEvent {
  return Object.fromEntries(Object.entries(e).filter(([, v]) => v !== null && v !== undefined)) as CanonicalEvent;
}

async function stored(store: Store, id: string): Promise<CanonicalEvent> {
  const found = await store.getEvent(teamScope, id);
  assert.ok(found, `event ${id} is stored`);
  return found;
}

/** Mulberry32: deterministic pseudo-random numbers for generated batches. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A mixed set of model calls for the usage sums: several models, fast mode, synthetic rows, unpriced calls. */
function usageEvents(count: number, seed = 7): CanonicalEvent[] {
  const next = random(seed);
  const pick = <T>(items: T[]) => items[Math.floor(next() * items.length)];
  const events: CanonicalEvent[] = [];
  for (let i = 0; i < count; i++) {
    const priced = next() > 0.2;
    events.push(
      llmCall({
        id: `u-${seed}-${i}`,
        ts: T0 + Math.floor(next() * 6 * 3600_000),
        sessionId: pick(['s1', 's2', 's3']),
        project: pick(['/p/one', '/p/two', null]),
        model: pick(['claude-sonnet-4-5', 'claude-opus-4-1', 'claude-haiku-4-5', '<synthetic>']),
        speed: pick([null, null, 'fast', 'standard']),
        inputTokens: Math.floor(next() * 1000),
        outputTokens: Math.floor(next() * 5000),
        cacheReadTokens: pick([null, Math.floor(next() * 100_000)]),
        cacheCreationTokens: Math.floor(next() * 2000),
        costUsd: priced ? Math.round(next() * 1e6) / 1e6 : null,
        reportedCostUsd: pick([null, Math.round(next() * 1e6) / 1e6]),
        isSidechain: next() > 0.8,
        sourceOffset: i * 100,
      }),
    );
  }
  events.push(event({ id: `tool-${seed}`, kind: 'tool_call', toolName: 'Bash', ts: T0 + 5000, inputTokens: 999 }));
  return events;
}

// ---- independent sums for the usage reads -------------------------------------------------------

function modelKey(e: CanonicalEvent): string {
  const model = e.model ?? 'unknown';
  return e.speed === 'fast' ? `${model}-fast` : model;
}

function countsForUsage(e: CanonicalEvent, filter: UsageFilter): boolean {
  return (
    e.kind === 'llm_call' &&
    e.model !== '<synthetic>' &&
    (filter.since === undefined || e.ts >= filter.since) &&
    (filter.until === undefined || e.ts < filter.until) &&
    (filter.project === undefined || e.project === filter.project) &&
    (filter.sessionId === undefined || e.sessionId === filter.sessionId)
  );
}

function emptySums(): TokenSums {
  return { inputTokens: 0, outputTokens: 0, cacheCreationTokens: 0, cacheReadTokens: 0, costUsd: 0, reportedCostUsd: 0, autoCostUsd: 0, unpricedCalls: 0, calls: 0 };
}

function addTo(sums: TokenSums, e: CanonicalEvent): void {
  sums.inputTokens += e.inputTokens ?? 0;
  sums.outputTokens += e.outputTokens ?? 0;
  sums.cacheCreationTokens += e.cacheCreationTokens ?? 0;
  sums.cacheReadTokens += e.cacheReadTokens ?? 0;
  sums.costUsd += e.costUsd ?? 0;
  sums.reportedCostUsd += e.reportedCostUsd ?? 0;
  sums.autoCostUsd += e.reportedCostUsd ?? e.costUsd ?? 0;
  sums.unpricedCalls += e.costUsd == null ? 1 : 0;
  sums.calls += 1;
}

function groupSums(events: CanonicalEvent[], filter: UsageFilter, keyOf: (e: CanonicalEvent) => string): Map<string, TokenSums & { lastTs: number }> {
  const groups = new Map<string, TokenSums & { lastTs: number }>();
  for (const e of events.filter((x) => countsForUsage(x, filter))) {
    const key = keyOf(e);
    const sums = groups.get(key) ?? { ...emptySums(), lastTs: 0 };
    addTo(sums, e);
    sums.lastTs = Math.max(sums.lastTs, e.ts);
    groups.set(key, sums);
  }
  return groups;
}

/** Money sums may differ in the last bits between float summation orders; counts must be exact. */
function assertSums(actual: TokenSums, expected: TokenSums, what: string): void {
  for (const key of ['inputTokens', 'outputTokens', 'cacheCreationTokens', 'cacheReadTokens', 'unpricedCalls', 'calls'] as const) {
    assert.equal(actual[key], expected[key], `${what} ${key}`);
  }
  for (const key of ['costUsd', 'reportedCostUsd', 'autoCostUsd'] as const) {
    assert.ok(Math.abs(actual[key] - expected[key]) < 1e-9, `${what} ${key}: ${actual[key]} vs ${expected[key]}`);
  }
}

function checkpoint(path: string, offset: number): FileCheckpoint {
  return { path, offset, size: offset + 10, mtimeMs: 1736935200123.456, ino: 2 ** 60, malformedLines: 2, updatedAt: T0 };
}

// ---- the contract -------------------------------------------------------------------------------

for (const factory of STORE_FACTORIES) {
  describe(`Store contract: ${factory.kind}`, () => {
    let fresh: FreshStore;
    let store: Store;
    beforeEach(async () => {
      fresh = await factory.create();
      store = fresh.store;
    });
    afterEach(async () => {
      await fresh.dispose();
    });

    test('a fresh store is at the latest schema version and migrating again changes nothing', async () => {
      assert.equal(store.kind, factory.kind);
      assert.equal((await store.stats()).schemaVersion, LATEST_SCHEMA_VERSION);
      await store.writeBatch([llmCall({ id: 'kept' })]);
      await store.migrate();
      assert.equal((await store.stats()).schemaVersion, LATEST_SCHEMA_VERSION);
      assert.equal(await store.countEvents(teamScope), 1);
    });

    test('every event field survives the round trip', async () => {
      const full: CanonicalEvent = {
        id: 'full', ts: T0, endTs: T0 + 1500, teamId: TEAM, userId: 'u1', visibility: 'team', agent: 'claude-code',
        source: 'transcript', sessionId: 's1', project: '/p/one', kind: 'tool_call', model: 'claude-opus-4-1',
        inputTokens: 1, outputTokens: 2, cacheReadTokens: 3, cacheCreationTokens: 4, cacheCreation1hTokens: 2,
        costUsd: 0.000123, reportedCostUsd: 0.5, speed: 'fast', toolName: 'Bash', mcpServer: 'github', durationMs: 1500,
        status: 'error', exitCode: -1, level: 'warning', text: 'tab\there\nnew line \\back\\slash "quoted" ünïcødé 🚀',
        parentId: 'parent', isSidechain: true, sourcePath: '/logs/a b.jsonl', sourceOffset: 2 ** 40,
        attrs: { cwd: '/p/one', nested: { list: [1, 'two', null, true] }, text: 'line\nbreak\ttab\\' },
      };
      await store.writeBatch([full]);
      assert.deepEqual(await stored(store, 'full'), full);
    });

    test('text the database could refuse (NUL, lone surrogates) does not fail the batch', async () => {
      await store.writeBatch([event({ id: 'odd', text: 'a\u0000b', attrs: { s: 'x\uD800y', n: 'nul\u0000' } })]);
      const odd = await stored(store, 'odd');
      assert.match(odd.text ?? '', /^a.b$/);
      assert.equal(typeof (odd.attrs as Record<string, unknown>).s, 'string');
    });

    test('writing the same batch twice is a no-op', async () => {
      const batch = usageEvents(200);
      const first = await store.writeBatch(batch);
      assert.deepEqual(first, { inserted: batch.length, merged: 0 });
      const totals = await store.usageBuckets(teamScope, {});
      const second = await store.writeBatch(batch);
      assert.deepEqual(second, { inserted: 0, merged: batch.length });
      assert.equal(await store.countEvents(teamScope), batch.length);
      assert.deepEqual(await store.usageBuckets(teamScope, {}), totals);
    });

    test('duplicates inside one batch become one row merged by the rule', async () => {
      const placeholder = llmCall({ id: 'dup', outputTokens: 1, sourceOffset: 10, text: 'early snapshot' });
      const final = llmCall({ id: 'dup', outputTokens: 900, sourceOffset: 20 });
      const result = await store.writeBatch([placeholder, final, llmCall({ id: 'other' })]);
      assert.deepEqual(result, { inserted: 2, merged: 1 });
      assert.deepEqual(await stored(store, 'dup'), stripEmpty(mergeEvents(placeholder, final)));
      assert.equal((await stored(store, 'dup')).outputTokens, 900);
      assert.equal((await stored(store, 'dup')).text, 'early snapshot');
    });

    /** Writes `first` and `second` with the same id in separate batches; the result must be mergeEvents'. */
    async function assertMergedAcrossBatches(first: CanonicalEvent, second: CanonicalEvent): Promise<CanonicalEvent> {
      await store.writeBatch([first]);
      const before = await stored(store, first.id);
      const result = await store.writeBatch([second]);
      assert.deepEqual(result, { inserted: 0, merged: 1 });
      const after = await stored(store, first.id);
      assert.deepEqual(after, stripEmpty(mergeEvents(before, second)));
      return after;
    }

    const mergeCases: Array<{ name: string; winner: Partial<CanonicalEvent>; loser: Partial<CanonicalEvent> }> = [
      {
        name: 'a main-conversation copy beats a sidechain copy with more tokens',
        winner: { isSidechain: false, outputTokens: 5, sourcePath: '/logs/z.jsonl' },
        loser: { isSidechain: true, outputTokens: 5000, sourcePath: '/logs/a.jsonl' },
      },
      {
        name: 'the larger token total wins',
        winner: { outputTokens: 700, sourceOffset: 900 },
        loser: { outputTokens: 3, sourceOffset: 1 },
      },
      {
        name: 'on equal totals the copy that knows its speed wins',
        winner: { speed: 'fast', sourcePath: '/logs/z.jsonl' },
        loser: { speed: null, sourcePath: '/logs/a.jsonl' },
      },
      {
        name: 'on a full tie the earlier source path wins (byte order, not locale order)',
        winner: { sourcePath: '/logs/B.jsonl', sourceOffset: 500, costUsd: 0.2 },
        loser: { sourcePath: '/logs/a.jsonl', sourceOffset: 1, costUsd: 0.1 },
      },
      {
        name: 'on the same path the earlier byte offset wins',
        winner: { sourceOffset: 100, model: 'claude-opus-4-1' },
        loser: { sourceOffset: 200, model: 'claude-sonnet-4-5' },
      },
    ];

    for (const { name, winner, loser } of mergeCases) {
      test(`merge: ${name}, whichever copy arrives first`, async () => {
        for (const [label, first, second] of [
          ['winner first', winner, loser],
          ['loser first', loser, winner],
        ] as const) {
          const id = `m-${label}`;
          const after = await assertMergedAcrossBatches(llmCall({ id, ...first }), llmCall({ id, ...second }));
          for (const [key, value] of Object.entries(winner)) {
            if (value !== null) assert.deepEqual(after[key as keyof CanonicalEvent], value, `${label}: ${key} from the winner`);
          }
        }
      });
    }

    test('merge: the winner keeps its values and takes the loser’s where it has none', async () => {
      const winner = llmCall({ id: 'fill', outputTokens: 500, text: null, parentId: null, attrs: null });
      const loser = llmCall({ id: 'fill', outputTokens: 1, text: 'from the loser', parentId: 'p0', attrs: { cwd: '/x' }, model: 'claude-haiku-4-5' });
      const after = await assertMergedAcrossBatches(winner, loser);
      assert.equal(after.outputTokens, 500);
      assert.equal(after.model, 'claude-sonnet-4-5');
      assert.equal(after.text, 'from the loser');
      assert.equal(after.parentId, 'p0');
      assert.deepEqual(after.attrs, { cwd: '/x' });
    });

    test('merge: a tool result completes its tool call, with the duration derived', async () => {
      const use = event({ id: 'tool-1', kind: 'tool_call', toolName: 'Bash', status: 'pending', ts: T0, sourcePath: '/logs/a.jsonl', sourceOffset: 100 });
      const result = event({ id: 'tool-1', kind: 'tool_call', ts: T0 + 2500, endTs: T0 + 2500, status: 'ok', exitCode: 0, sourcePath: '/logs/a.jsonl', sourceOffset: 900 });
      const after = await assertMergedAcrossBatches(use, result);
      assert.equal(after.ts, T0);
      assert.equal(after.endTs, T0 + 2500);
      assert.equal(after.durationMs, 2500);
      assert.equal(after.status, 'pending', 'the tool_use line comes first, so it wins where both have a value');
      assert.equal(after.exitCode, 0);
      await store.writeBatch([event({ id: 'tool-2', kind: 'tool_call', ts: T0, endTs: T0 + 40 })]);
      assert.equal((await stored(store, 'tool-2')).durationMs, 40, 'a new event with an end time gets its duration');
    });

    test('checkpoints round-trip and are replaced by path', async () => {
      await store.writeBatch([], [checkpoint('/logs/a.jsonl', 100), checkpoint('/logs/b.jsonl', 7)]);
      await store.writeBatch([llmCall({ id: 'c1' })], [checkpoint('/logs/a.jsonl', 250)]);
      const checkpoints = await store.getCheckpoints();
      assert.deepEqual([...checkpoints.keys()].sort(), ['/logs/a.jsonl', '/logs/b.jsonl']);
      assert.deepEqual(checkpoints.get('/logs/a.jsonl'), checkpoint('/logs/a.jsonl', 250));
      assert.deepEqual(checkpoints.get('/logs/b.jsonl'), checkpoint('/logs/b.jsonl', 7));
    });

    test('a batch that fails after staging leaves neither its events nor its checkpoint', async () => {
      const original = llmCall({ id: 'kept', outputTokens: 1 });
      await store.writeBatch([original], [checkpoint('/logs/a.jsonl', 10)]);
      const broken = { ...checkpoint('/logs/a.jsonl', 99), path: null } as unknown as FileCheckpoint;
      const batch = [llmCall({ id: 'kept', outputTokens: 9999 }), llmCall({ id: 'new-1' }), llmCall({ id: 'new-2' })];
      await assert.rejects(store.writeBatch(batch, [checkpoint('/logs/b.jsonl', 5), broken]));
      assert.equal(await store.countEvents(teamScope), 1);
      assert.equal((await stored(store, 'kept')).outputTokens, 1);
      assert.deepEqual([...(await store.getCheckpoints()).values()], [checkpoint('/logs/a.jsonl', 10)]);
      assert.deepEqual(await store.writeBatch(batch), { inserted: 2, merged: 1 }, 'the store is usable after the failure');
    });

    test('reads show only what the scope may see', async () => {
      await store.writeBatch([
        llmCall({ id: 'mine-private', userId: 'u1', visibility: 'private', sessionId: 'sa' }),
        llmCall({ id: 'theirs-private', userId: 'u2', visibility: 'private', sessionId: 'sb' }),
        llmCall({ id: 'theirs-team', userId: 'u2', visibility: 'team', sessionId: 'sc' }),
        llmCall({ id: 'theirs-public', userId: 'u2', visibility: 'public', sessionId: 'sd' }),
        llmCall({ id: 'other-team', teamId: 'team-b', userId: 'u1', visibility: 'public', sessionId: 'se' }),
      ]);
      await store.refreshSessions();
      const member: Scope = { teamId: TEAM, userId: 'u1', role: 'member', allOfTeam: false };
      const ids = async (scope: Scope) => (await store.listEvents(scope, {})).map((e) => e.id).sort();
      assert.deepEqual(await ids(member), ['mine-private', 'theirs-public', 'theirs-team']);
      assert.deepEqual(await ids(teamScope), ['mine-private', 'theirs-private', 'theirs-public', 'theirs-team']);
      assert.equal(await store.countEvents(member), 3);
      assert.equal(await store.getEvent(member, 'theirs-private'), null);
      assert.equal(await store.getEvent(member, 'other-team'), null);
      assert.equal((await store.usageBuckets(member, {}))[0].calls, 3);
      assert.equal((await store.usageEntries(member, {})).reduce((n, r) => n + (r.calls ?? 1), 0), 3);
      assert.deepEqual((await store.sessionUsage(member, {})).map((r) => r.sessionId).sort(), ['sa', 'sc', 'sd']);
      assert.deepEqual((await store.listSessions(member)).map((s) => s.sessionId).sort(), ['sa', 'sc', 'sd']);
      assert.equal(await store.getSession(member, 'sb'), null);
      assert.equal(await store.getSession(member, 'se'), null);
      assert.equal((await store.getSession(teamScope, 'sb'))?.userId, 'u2');
    });

    test('usageBuckets sums per 15-minute bucket and model key, with filters', async () => {
      const events = usageEvents(400);
      await store.writeBatch(events);
      const filters: UsageFilter[] = [{}, { since: T0 + 3600_000, until: T0 + 4 * 3600_000 }, { project: '/p/one' }, { sessionId: 's2' }];
      for (const filter of filters) {
        const expected = groupSums(events, filter, (e) => `${e.ts - (e.ts % USAGE_BUCKET_MS)}|${modelKey(e)}`);
        const rows = await store.usageBuckets(teamScope, filter);
        assert.equal(rows.length, expected.size, JSON.stringify(filter));
        for (const row of rows) {
          const want = expected.get(`${row.bucket}|${row.model}`);
          assert.ok(want, `unexpected group ${row.bucket} ${row.model}`);
          assertSums(row, want, `${JSON.stringify(filter)} ${row.bucket} ${row.model}`);
        }
      }
    });

    test('fast-mode calls are reported as <model>-fast', async () => {
      await store.writeBatch([
        llmCall({ id: 'f1', speed: 'fast', model: 'claude-opus-4-6' }),
        llmCall({ id: 'f2', speed: 'standard', model: 'claude-opus-4-6' }),
        llmCall({ id: 'f3', model: 'claude-opus-4-6' }),
      ]);
      const models = (await store.usageBuckets(teamScope, {})).map((r) => [r.model, r.calls]);
      assert.deepEqual(models.sort(), [['claude-opus-4-6', 2], ['claude-opus-4-6-fast', 1]]);
      assert.deepEqual((await store.usageEntries(teamScope, {})).map((r) => [r.model, r.calls]).sort(), [['claude-opus-4-6', 2], ['claude-opus-4-6-fast', 1]]);
    });

    test('sessionUsage sums per session, project and model key', async () => {
      const events = usageEvents(300, 11);
      await store.writeBatch(events);
      for (const filter of [{}, { since: T0 + 2 * 3600_000 }] as UsageFilter[]) {
        const expected = groupSums(events, filter, (e) => `${e.sessionId}|${e.project ?? ''}|${modelKey(e)}`);
        const rows = await store.sessionUsage(teamScope, filter);
        assert.equal(rows.length, expected.size);
        for (const row of rows) {
          const want = expected.get(`${row.sessionId}|${row.project}|${row.model}`);
          assert.ok(want, `unexpected group ${row.sessionId} ${row.project} ${row.model}`);
          assertSums(row, want, `${row.sessionId} ${row.model}`);
          assert.equal(row.lastTs, want.lastTs);
        }
      }
    });

    test('usageEntries sums the calls of each model per minute (k·60 s, (k+1)·60 s], in time order', async () => {
      const events = usageEvents(150, 3);
      await store.writeBatch(events);
      const filter = { until: T0 + 3 * 3600_000 };
      const minuteOf = (ts: number) => Math.floor((ts - 1) / 60_000);
      const groups = new Map<string, CanonicalEvent[]>();
      for (const e of events.filter((e) => countsForUsage(e, filter))) {
        const key = `${minuteOf(e.ts)}|${modelKey(e)}`;
        groups.set(key, [...(groups.get(key) ?? []), e]);
      }
      const sum = (list: CanonicalEvent[], f: (e: CanonicalEvent) => number) => list.reduce((n, e) => n + f(e), 0);
      const expected = [...groups.values()].map((list) => ({
        ts: Math.min(...list.map((e) => e.ts)), lastTs: Math.max(...list.map((e) => e.ts)), model: modelKey(list[0]), calls: list.length,
        inputTokens: sum(list, (e) => e.inputTokens ?? 0), outputTokens: sum(list, (e) => e.outputTokens ?? 0),
        cacheCreationTokens: sum(list, (e) => e.cacheCreationTokens ?? 0), cacheReadTokens: sum(list, (e) => e.cacheReadTokens ?? 0),
        costUsd: sum(list, (e) => e.costUsd ?? 0),
      })).sort((a, b) => a.ts - b.ts || (a.model < b.model ? -1 : 1));
      const rows = await store.usageEntries(teamScope, filter);
      assert.equal(rows.length, expected.length);
      rows.forEach((row, i) => {
        const want = expected[i];
        assert.deepEqual([row.ts, row.lastTs, row.model, row.calls], [want.ts, want.lastTs, want.model, want.calls]);
        assert.deepEqual([row.inputTokens, row.outputTokens, row.cacheCreationTokens, row.cacheReadTokens], [want.inputTokens, want.outputTokens, want.cacheCreationTokens, want.cacheReadTokens]);
        assert.ok(Math.abs(row.costUsd - want.costUsd) < 1e-9);
      });
    });

    test('meta values round-trip and can be removed', async () => {
      assert.equal(await store.getMeta('k'), null);
      await store.setMeta('k', 'one');
      await store.setMeta('k', 'two');
      assert.equal(await store.getMeta('k'), 'two');
      await store.setMeta('k', null);
      assert.equal(await store.getMeta('k'), null);
    });

    test('refreshSessions rolls a session up from its events', async () => {
      const at = (s: number) => T0 + s * 1000;
      await store.writeBatch([
        event({ id: 'r0', kind: 'session_start', ts: at(0), project: '/p/one', attrs: { cwd: '/p/one', gitBranch: 'main' } }),
        event({ id: 'r1', kind: 'prompt', ts: at(1), text: 'hi', attrs: { title: 'First title' } }),
        llmCall({ id: 'r2', ts: at(2), model: 'claude-sonnet-4-5', inputTokens: 10, outputTokens: 20, cacheReadTokens: 300, cacheCreationTokens: 40, costUsd: 0.5 }),
        event({ id: 'r3', kind: 'tool_call', ts: at(3), toolName: 'Bash', status: 'ok' }),
        event({ id: 'r4', kind: 'tool_call', ts: at(4), toolName: 'Read', status: 'error' }),
        llmCall({ id: 'r5', ts: at(5), model: 'claude-opus-4-1', inputTokens: 1, outputTokens: 2, cacheReadTokens: 3000, cacheCreationTokens: 4, costUsd: null }),
        llmCall({ id: 'r6', ts: at(6), model: 'claude-haiku-4-5', isSidechain: true, inputTokens: 5, outputTokens: 5, cacheReadTokens: 5, cacheCreationTokens: 5, costUsd: 0.25 }),
        llmCall({ id: 'r7', ts: at(7), model: '<synthetic>', inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheCreationTokens: 0, costUsd: 0 }),
        event({ id: 'r8', kind: 'api_error', ts: at(8), attrs: { cwd: '/p/one/sub', gitBranch: null } }),
        event({ id: 'r9', kind: 'error', ts: at(9) }),
        event({ id: 'r10', kind: 'prompt', ts: at(10), attrs: { title: 'Renamed' } }),
        event({ id: 'other', sessionId: 's2', kind: 'prompt', ts: at(50) }),
      ]);
      await store.refreshSessions(['s1']);
      assert.equal(await store.getSession(teamScope, 's2'), null, 'only the named sessions are refreshed');
      const session = await store.getSession(teamScope, 's1');
      assert.deepEqual(session, {
        sessionId: 's1', teamId: TEAM, userId: 'u1', visibility: 'private', agent: 'claude-code', project: '/p/one',
        cwd: '/p/one/sub', gitBranch: 'main', title: 'Renamed', firstTs: at(0), lastTs: at(10),
        models: ['claude-haiku-4-5', 'claude-opus-4-1', 'claude-sonnet-4-5'], lastModel: 'claude-haiku-4-5',
        inputTokens: 16, outputTokens: 27, cacheCreationTokens: 49, cacheReadTokens: 3305, costUsd: 0.75,
        prompts: 2, llmCalls: 3, toolCalls: 2, toolErrors: 1, errors: 2, lastContextTokens: 3005, ended: false,
      });
      await store.writeBatch([event({ id: 'r11', kind: 'session_end', ts: at(11) })]);
      await store.refreshSessions();
      const ended = await store.getSession(teamScope, 's1');
      assert.equal(ended?.ended, true);
      assert.equal(ended?.lastTs, at(11));
      assert.equal((await store.getSession(teamScope, 's2'))?.prompts, 1);
      assert.deepEqual((await store.listSessions(teamScope)).map((s) => s.sessionId), ['s2', 's1']);
      assert.deepEqual((await store.listSessions(teamScope, { limit: 1 })).map((s) => s.sessionId), ['s2']);
    });

    test('listEvents and countEvents filter by session, kind and time, oldest first', async () => {
      await store.writeBatch([
        event({ id: 'e3', ts: T0 + 3, kind: 'prompt' }),
        event({ id: 'e1', ts: T0 + 1, kind: 'prompt' }),
        event({ id: 'e2', ts: T0 + 2, kind: 'log' }),
        event({ id: 'e4', ts: T0 + 4, kind: 'prompt', sessionId: 's2' }),
      ]);
      const ids = async (query: Parameters<Store['listEvents']>[1]) => (await store.listEvents(teamScope, query)).map((e) => e.id);
      assert.deepEqual(await ids({}), ['e1', 'e2', 'e3', 'e4']);
      assert.deepEqual(await ids({ sessionId: 's1', kind: 'prompt' }), ['e1', 'e3']);
      assert.deepEqual(await ids({ since: T0 + 2, until: T0 + 4 }), ['e2', 'e3']);
      assert.deepEqual(await ids({ limit: 2 }), ['e1', 'e2']);
      assert.equal(await store.countEvents(teamScope, { kind: 'prompt' }), 3);
      assert.equal(await store.countEvents(teamScope, { sessionId: 's2' }), 1);
    });

    test('stats count events and sessions and report the size', async () => {
      await store.writeBatch(usageEvents(50));
      await store.refreshSessions();
      const stats = await store.stats();
      assert.equal(stats.kind, factory.kind);
      assert.equal(stats.events, 51);
      assert.equal(stats.sessions, 3);
      assert.ok((stats.sizeBytes ?? 0) > 0);
      assert.ok(stats.location.length > 0);
    });
  });
}

// ---- migrations on bare databases ---------------------------------------------------------------

const PEOPLE_TABLES = ['teams', 'users', 'memberships', 'invites', 'api_keys', 'audit_log', 'public_links', 'insights', 'insight_votes', 'insight_comments', 'agent_pushes'];
const COMMON_TABLES = ['events', 'file_checkpoints', 'meta', 'rollup_pending', 'schema_migrations', 'sessions', ...ROLLUP_TABLES.map((t) => t.name), ...PEOPLE_TABLES];
/** DuckDB also keeps event_keys (id lookups without an index on events) */
const EXPECTED_TABLES = { duckdb: [...COMMON_TABLES, 'event_keys'].sort(), postgres: [...COMMON_TABLES].sort() };

describe('migrations on a fresh database of each kind', () => {
  test('DuckDB: all migrations apply once, re-running applies none', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const db = new DuckConnection(await instance.connect());
    try {
      assert.deepEqual(await db.transaction((tx) => applyMigrations(tx, 'duckdb')), MIGRATIONS.map((m) => m.version));
      assert.deepEqual(await db.transaction((tx) => applyMigrations(tx, 'duckdb')), []);
      const tables = (await db.all(`SELECT table_name FROM information_schema.tables ORDER BY table_name`)).map((r) => String(r.table_name));
      assert.deepEqual(tables.sort(), EXPECTED_TABLES.duckdb);
      const columns = await db.all(`SELECT column_name FROM information_schema.columns WHERE table_name = 'events' ORDER BY ordinal_position`);
      assert.deepEqual(columns.map((r) => r.column_name), EVENT_COLUMNS.map((c) => c.column), 'the appender writes columns by position');
    } finally {
      await db.close();
      instance.closeSync();
    }
  });

  test('PostgreSQL: all migrations apply once, re-running applies none', async () => {
    const schema = `sl_test_migrate_${process.pid}`;
    const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await client.connect();
    try {
      await client.query(`CREATE SCHEMA ${schema}`);
      await client.query(`SET search_path TO ${schema}`);
      const db = new PgSession(client as unknown as pg.PoolClient);
      assert.deepEqual(await inTransaction(db, (tx) => applyMigrations(tx, 'postgres')), MIGRATIONS.map((m) => m.version));
      assert.deepEqual(await inTransaction(db, (tx) => applyMigrations(tx, 'postgres')), []);
      const tables = await db.all(`SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name`, [schema]);
      assert.deepEqual(tables.map((r) => String(r.table_name)).sort(), EXPECTED_TABLES.postgres);
      const columns = await db.all(
        `SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'events' ORDER BY ordinal_position`,
        [schema],
      );
      assert.deepEqual(columns.map((r) => r.column_name), EVENT_COLUMNS.map((c) => c.column));
    } finally {
      await client.end();
      await dropSchema(TEST_DATABASE_URL, schema);
    }
  });
});

// ---- opening ------------------------------------------------------------------------------------

describe('openStore', () => {
  test('a DuckDB file held by another process fails with STORE_LOCKED', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sightline-lock-'));
    const file = join(dir, 'sightline.duckdb');
    const duckdbApi = fileURLToPath(import.meta.resolve('@duckdb/node-api'));
    const holder = spawn(process.execPath, [
      '-e',
      `require(${JSON.stringify(duckdbApi)}).DuckDBInstance.create(${JSON.stringify(file)}).then(() => { console.log('held'); setInterval(() => {}, 1000); })`,
    ]);
    try {
      await new Promise<void>((resolve, reject) => {
        holder.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('held') && resolve());
        holder.on('exit', (code) => reject(new Error(`holder exited with ${code}`)));
      });
      await assert.rejects(openStore({ databaseUrl: '', duckdbPath: file }), (error: Error & { code?: string }) => {
        assert.equal(error.code, 'STORE_LOCKED');
        assert.ok(error.message.includes(file), error.message);
        assert.match(error.message, /sightline serve/);
        return true;
      });
    } finally {
      holder.kill();
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('the PostgreSQL location never shows a password', () => {
    assert.equal(redactDatabaseUrl('postgres://app:s3cret@db.example:5432/sightline'), 'postgres://app:***@db.example:5432/sightline');
    assert.equal(redactDatabaseUrl('postgres://app@db/sightline'), 'postgres://app@db/sightline');
  });
});
