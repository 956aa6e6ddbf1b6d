import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, symlinkSync, writeFileSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { localScope } from '../src/core/scope.js';
import { importTranscripts } from '../src/ingest/transcript-import.js';
import { generateTranscripts } from '../bench/generate.js';
import { STORE_FACTORIES } from './helpers/stores.js';
import { assistantLine, promptLine, tempClaudeRoot, toolResultLine, writeTranscript } from './helpers/transcripts.js';
import type { Store } from '../src/store/store.js';

const S = 'aaaaaaaa-0000-4000-8000-000000000001';

async function usageTotals(store: Store) {
  const rows = await store.usageBuckets(localScope, {});
  return rows.reduce(
    (t, r) => ({ input: t.input + r.inputTokens, output: t.output + r.outputTokens, cacheRead: t.cacheRead + r.cacheReadTokens, cacheWrite: t.cacheWrite + r.cacheCreationTokens, calls: t.calls + r.calls }),
    { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, calls: 0 },
  );
}

function touchLater(path: string, secondsAhead: number) {
  const when = new Date(Date.now() + secondsAhead * 1000);
  utimesSync(path, when, when);
}

for (const factory of STORE_FACTORIES) {
  test(`[${factory.kind}] a generated set imports, and importing it again changes nothing`, async () => {
    const root = await tempClaudeRoot();
    const stats = await generateTranscripts({ outDir: root, totalBytes: 2_000_000, seed: 3 });
    const { store, dispose } = await factory.create();
    try {
      const first = await importTranscripts({ store, roots: [root] });
      assert.equal(first.files, stats.files);
      assert.equal(first.malformedLines, stats.malformedLines, 'every malformed line is counted; partial last lines are not');
      assert.ok(first.events > 100 && first.newEvents > 100);
      assert.ok(first.sessions > 0);
      assert.deepEqual(first.unpricedModels, ['acme-coder-1']);
      const totals = await usageTotals(store);
      const eventCount = await store.countEvents(localScope);
      const again = await importTranscripts({ store, roots: [root] });
      assert.equal(again.filesRead, 0);
      assert.equal(again.newEvents, 0);
      assert.deepEqual(await usageTotals(store), totals);
      assert.equal(await store.countEvents(localScope), eventCount);
      const sessions = await store.listSessions(localScope, { limit: 1000 });
      assert.ok(sessions.some((s) => s.cwd && s.llmCalls > 0 && s.costUsd > 0));
    } finally {
      await dispose();
    }
  });

  test(`[${factory.kind}] only new bytes are read; a partial last line waits for its newline`, async () => {
    const root = await tempClaudeRoot();
    const a1 = assistantLine(S, 'u2', '2026-03-04T10:00:01.000Z', 'msg_1', { input: 10, output: 20 });
    const a2 = assistantLine(S, 'u3', '2026-03-04T10:00:05.000Z', 'msg_2', { input: 1, output: 2 });
    const full = JSON.stringify(a2);
    const path = writeTranscript(root, `-p/${S}.jsonl`, [promptLine(S, 'u1', '2026-03-04T10:00:00.000Z', 'hello'), a1], full.slice(0, 40));
    const { store, dispose } = await factory.create();
    try {
      const first = await importTranscripts({ store, roots: [root] });
      assert.equal(first.malformedLines, 0, 'an unterminated last line is incomplete, not corrupt');
      assert.deepEqual(await usageTotals(store), { input: 10, output: 20, cacheRead: 0, cacheWrite: 0, calls: 1 });
      appendFileSync(path, full.slice(40) + '\n');
      touchLater(path, 5);
      const second = await importTranscripts({ store, roots: [root] });
      assert.equal(second.filesRead, 1);
      assert.equal(second.bytes, full.length + 1, 'exactly the completed line is read');
      assert.deepEqual(await usageTotals(store), { input: 11, output: 22, cacheRead: 0, cacheWrite: 0, calls: 2 });
    } finally {
      await dispose();
    }
  });

  test(`[${factory.kind}] a replaced (shrunk) file is read again from the top without duplicates`, async () => {
    const root = await tempClaudeRoot();
    const lines = [1, 2, 3].map((i) => assistantLine(S, `u${i}`, `2026-03-04T10:00:0${i}.000Z`, `msg_${i}`, { input: i, output: i }));
    const path = writeTranscript(root, `-p/${S}.jsonl`, lines);
    const { store, dispose } = await factory.create();
    try {
      await importTranscripts({ store, roots: [root] });
      writeFileSync(path, JSON.stringify(lines[0]) + '\n');
      touchLater(path, 5);
      const again = await importTranscripts({ store, roots: [root] });
      assert.equal(again.filesRead, 1);
      assert.equal(again.newEvents, 0);
      assert.deepEqual(await usageTotals(store), { input: 6, output: 6, cacheRead: 0, cacheWrite: 0, calls: 3 }, 'stored history is kept');
    } finally {
      await dispose();
    }
  });

  test(`[${factory.kind}] the same response in two files (a resumed session) counts once; streamed copies keep the final count`, async () => {
    const root = await tempClaudeRoot();
    const early = assistantLine(S, 'u1', '2026-03-04T10:00:01.000Z', 'msg_1', { input: 10, output: 1 });
    const final = assistantLine(S, 'u2', '2026-03-04T10:00:02.000Z', 'msg_1', { input: 10, output: 300 });
    writeTranscript(root, `-p/${S}.jsonl`, [early, final]);
    writeTranscript(root, '-p/bbbbbbbb-0000-4000-8000-000000000002.jsonl', [final]);
    const { store, dispose } = await factory.create();
    try {
      await importTranscripts({ store, roots: [root] });
      assert.deepEqual(await usageTotals(store), { input: 10, output: 300, cacheRead: 0, cacheWrite: 0, calls: 1 });
    } finally {
      await dispose();
    }
  });

  test(`[${factory.kind}] a tool result read in a later import completes its tool call`, async () => {
    const root = await tempClaudeRoot();
    const use = assistantLine(S, 'u1', '2026-03-04T10:00:00.000Z', 'msg_1', { input: 1, output: 1 }, [{ type: 'tool_use', id: 'toolu_9', name: 'mcp__github__create_issue', input: { title: 'x' } }]);
    const path = writeTranscript(root, `-p/${S}.jsonl`, [use]);
    const { store, dispose } = await factory.create();
    try {
      await importTranscripts({ store, roots: [root] });
      appendFileSync(path, JSON.stringify(toolResultLine(S, 'u2', '2026-03-04T10:00:02.500Z', 'toolu_9', 'boom', true)) + '\n');
      touchLater(path, 5);
      await importTranscripts({ store, roots: [root] });
      const [call] = await store.listEvents(localScope, { kind: 'tool_call' });
      assert.equal(call.toolName, 'mcp__github__create_issue');
      assert.equal(call.mcpServer, 'github');
      assert.equal(call.status, 'error');
      assert.equal(call.durationMs, 2500);
      assert.equal(call.attrs?.outputExcerpt, 'boom', "the result's attrs join the call's");
      assert.equal(call.attrs?.toolUseId, 'toolu_9');
      const session = await store.getSession(localScope, S);
      assert.equal(session?.toolCalls, 1);
      assert.equal(session?.toolErrors, 1);
    } finally {
      await dispose();
    }
  });

  test(`[${factory.kind}] bad input is reported and the rest still imports`, async () => {
    const root = await tempClaudeRoot();
    const good = assistantLine(S, 'u1', '2026-03-04T10:00:00.000Z', 'msg_1', { input: 5, output: 7 });
    writeTranscript(root, `-p/${S}.jsonl`, ['garbage {{{', good, '{"type":"assistant","message":{"usage":', '{"type":"user","timestamp":42,"message":{"content":{"x":1}}}', '[1,2,3]', '']);
    writeTranscript(root, '-p/empty.jsonl', []);
    symlinkSync(join(root, 'nowhere.jsonl'), join(root, 'projects', '-p', 'broken.jsonl'));
    const { store, dispose } = await factory.create();
    try {
      const summary = await importTranscripts({ store, roots: [root, join(root, 'missing-dir')] });
      assert.equal(summary.malformedLines, 3);
      assert.deepEqual(await usageTotals(store), { input: 5, output: 7, cacheRead: 0, cacheWrite: 0, calls: 1 });
      const problems = summary.problems.map((p) => p.path);
      assert.ok(problems.includes(join(root, 'missing-dir')), 'a missing directory is reported');
      assert.ok(problems.some((p) => p.endsWith('broken.jsonl')), 'an unreadable file is reported');
    } finally {
      await dispose();
    }
  });
}
