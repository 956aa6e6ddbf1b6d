import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync } from 'node:fs';
import type { CanonicalEvent } from '../src/core/event.js';
import { localScope } from '../src/core/scope.js';
import { createIngestService } from '../src/ingest/service.js';
import { createLiveBus } from '../src/live/index.js';
import { freshDuckDbStore } from './helpers/stores.js';
import { assistantLine, promptLine, tempClaudeRoot, toolResultLine, writeTranscript } from './helpers/transcripts.js';

const S = 'cccccccc-0000-4000-8000-000000000003';

function waitFor<T>(check: () => Promise<T | undefined> | T | undefined, timeoutMs = 5000): Promise<T> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const tick = async () => {
      const value = await check();
      if (value !== undefined) return resolve(value);
      if (Date.now() - started > timeoutMs) return reject(new Error('timed out'));
      setTimeout(tick, 20);
    };
    void tick();
  });
}

test('serve-mode ingestion: catch-up at start, then appended lines are stored and published', async () => {
  const root = await tempClaudeRoot();
  const path = writeTranscript(root, `-p/${S}.jsonl`, [promptLine(S, 'u1', '2026-03-04T10:00:00.000Z', 'hi')]);
  const { store, dispose } = await freshDuckDbStore();
  const bus = await createLiveBus({ store });
  const published: CanonicalEvent[] = [];
  bus.onEvents((events) => published.push(...events));
  const service = await createIngestService({ store, bus, roots: [root], watch: true, pollMs: 5000 });
  try {
    await service.start();
    assert.equal(service.status().caughtUp, true);
    assert.equal(await store.countEvents(localScope, { kind: 'prompt' }), 1);

    const use = assistantLine(S, 'u2', '2026-03-04T10:00:01.000Z', 'msg_1', { input: 5, output: 6 }, [{ type: 'tool_use', id: 'toolu_1', name: 'Bash', input: { command: 'ls' } }]);
    appendFileSync(path, JSON.stringify(use) + '\n');
    const seen = await waitFor(() => published.find((e) => e.kind === 'llm_call'));
    assert.equal(seen.outputTokens, 6);

    appendFileSync(path, JSON.stringify(toolResultLine(S, 'u3', '2026-03-04T10:00:03.000Z', 'toolu_1', 'a\nb')) + '\n');
    const tool = await waitFor(() => published.find((e) => e.kind === 'tool_call' && e.status === 'ok'));
    assert.equal(tool.toolName, 'Bash', 'the published tool call is the completed, stored one');
    assert.equal(tool.durationMs, 2000);
    assert.equal(service.status().watching, 'fs-events');
  } finally {
    await service.stop();
    await bus.close();
    await dispose();
  }
});

test('a new session file appearing under a watched root is picked up by the poll', async () => {
  const root = await tempClaudeRoot();
  const { store, dispose } = await freshDuckDbStore();
  const bus = await createLiveBus({ store });
  const service = await createIngestService({ store, bus, roots: [root], watch: true, pollMs: 100 });
  try {
    await service.start();
    writeTranscript(root, `-q/${S}.jsonl`, [promptLine(S, 'u1', '2026-03-04T10:00:00.000Z', 'new file')]);
    await waitFor(async () => ((await store.countEvents(localScope, { kind: 'prompt' })) === 1 ? true : undefined));
  } finally {
    await service.stop();
    await bus.close();
    await dispose();
  }
});
