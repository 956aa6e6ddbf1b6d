import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { buildApp } from '../src/server/app.js';
import { ensureToken } from '../src/server/auth/token.js';
import { createLiveBus } from '../src/live/index.js';
import { createIngestService } from '../src/ingest/service.js';
import { importTranscripts } from '../src/ingest/transcript-import.js';
import { localScope } from '../src/core/scope.js';
import { STORE_FACTORIES } from './helpers/stores.js';
import { tempClaudeRoot, writeTranscript } from './helpers/transcripts.js';

/**
 * One Claude Code session seen through all three doors at once — hooks, OpenTelemetry and the
 * transcript — is stored once: one prompt, one tool call, one model call, and the transcript's tokens.
 */
const SESSION = 'eeeeeeee-0000-4000-8000-000000000005';
const CWD = '/home/dev/shop';
const T0 = Date.parse('2026-03-04T10:15:00.000Z');
const envelope = { isSidechain: false, userType: 'external', cwd: CWD, sessionId: SESSION, version: '2.1.200', gitBranch: 'main' };

const transcript = [
  { type: 'user', uuid: 'u1', parentUuid: null, ...envelope, promptId: 'prompt-1', timestamp: new Date(T0).toISOString(), message: { role: 'user', content: 'run the tests' } },
  {
    type: 'assistant', uuid: 'u2', parentUuid: 'u1', ...envelope, requestId: 'req_three', timestamp: new Date(T0 + 2000).toISOString(),
    message: { id: 'msg_three', type: 'message', role: 'assistant', model: 'claude-sonnet-4-6', content: [{ type: 'tool_use', id: 'toolu_three', name: 'Bash', input: { command: 'npm test' } }], usage: { input_tokens: 4, output_tokens: 61, cache_read_input_tokens: 18200, cache_creation_input_tokens: 1520 } },
  },
  { type: 'user', uuid: 'u3', parentUuid: 'u2', ...envelope, timestamp: new Date(T0 + 5000).toISOString(), message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_three', content: 'ok' }] }, toolUseResult: { stdout: 'ok', stderr: '', interrupted: false } },
];

const hook = (event: string, extra: object) => ({ session_id: SESSION, transcript_path: `/x/projects/-home-dev-shop/${SESSION}.jsonl`, cwd: CWD, hook_event_name: event, ...extra });
const hooks = [
  hook('UserPromptSubmit', { prompt: 'run the tests', prompt_id: 'prompt-1' }),
  hook('PreToolUse', { tool_name: 'Bash', tool_input: { command: 'npm test' }, tool_use_id: 'toolu_three', prompt_id: 'prompt-1' }),
  hook('PostToolUse', { tool_name: 'Bash', tool_input: { command: 'npm test' }, tool_response: { stdout: 'ok', stderr: '', interrupted: false }, tool_use_id: 'toolu_three', prompt_id: 'prompt-1' }),
];

const kv = (key: string, value: string | number | boolean) =>
  ({ key, value: typeof value === 'string' ? { stringValue: value } : typeof value === 'boolean' ? { boolValue: value } : { intValue: String(value) } });
const otelEvent = (name: string, seq: number, attributes: Record<string, string | number | boolean>) => ({
  timeUnixNano: `${T0 + seq * 1000}000000`,
  body: { stringValue: `claude_code.${name}` },
  attributes: Object.entries({ 'event.name': name, 'event.timestamp': new Date(T0 + seq * 1000).toISOString(), 'event.sequence': seq, 'session.id': SESSION, ...attributes }).map(([k, v]) => kv(k, v)),
});
const otlp = {
  resourceLogs: [{
    resource: { attributes: [kv('service.name', 'claude-code'), kv('service.version', '2.1.200')] },
    scopeLogs: [{ scope: { name: 'com.anthropic.claude_code.events' }, logRecords: [
      otelEvent('user_prompt', 1, { prompt_length: 13, 'prompt.id': 'prompt-1' }),
      otelEvent('api_request', 2, { model: 'claude-sonnet-4-6', input_tokens: 4, output_tokens: 70, cache_read_tokens: 18200, cache_creation_tokens: 1520, cost_usd: 0.0118, duration_ms: 3700, request_id: 'req_three', 'prompt.id': 'prompt-1' }),
      otelEvent('tool_result', 5, { tool_name: 'Bash', tool_use_id: 'toolu_three', success: 'true', duration_ms: 2900, 'prompt.id': 'prompt-1' }),
    ] }],
  }],
};

for (const factory of STORE_FACTORIES) {
  test(`[${factory.kind}] transcript + hooks + OpenTelemetry for one session are counted once`, async () => {
    const { store, dispose } = await factory.create();
    const dir = await mkdtemp(join(tmpdir(), 'sightline-three-'));
    const token = await ensureToken(dir);
    const bus = await createLiveBus({ store });
    const ingest = await createIngestService({ store, bus, roots: [], watch: false });
    const app = await buildApp({ store, bus, ingest, config: { host: '127.0.0.1', port: 0, home: dir, token, version: 'test', watchedRoots: [], storeLocation: 'test' } });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const post = (path: string, body: unknown) =>
      fetch(base + path, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    try {
      for (const [i, payload] of hooks.entries()) {
        const response = await fetch(`${base}/api/v1/hooks/claude-code`, {
          method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'x-sightline-received-at': String(T0 + i * 2500) }, body: JSON.stringify(payload),
        });
        assert.equal(response.status, 200, await response.text());
      }
      assert.equal((await post('/v1/logs', otlp)).status, 200);
      const root = await tempClaudeRoot();
      writeTranscript(root, `-home-dev-shop/${SESSION}.jsonl`, transcript);
      await importTranscripts({ store, roots: [root] });
      await new Promise((resolve) => setTimeout(resolve, 300)); // the hook route refreshes sessions just after replying

      const events = await store.listEvents(localScope, { sessionId: SESSION });
      const count = (kind: string) => events.filter((e) => e.kind === kind).length;
      assert.equal(count('prompt'), 1, 'one prompt');
      assert.equal(count('tool_call'), 1, 'one tool call');
      assert.equal(count('llm_call'), 1, 'one model call');
      const usage = (await store.usageBuckets(localScope, { sessionId: SESSION })).reduce((n, r) => n + r.inputTokens + r.outputTokens + r.cacheReadTokens + r.cacheCreationTokens, 0);
      assert.equal(usage, 4 + 61 + 18200 + 1520, "the transcript's tokens, counted once");
      const tool = events.find((e) => e.kind === 'tool_call')!;
      assert.equal(tool.toolName, 'Bash');
      assert.equal(tool.status, 'ok');
    } finally {
      await app.close();
      await ingest.stop();
      await bus.close();
      await rm(dir, { recursive: true, force: true });
      await dispose();
    }
  });
}
