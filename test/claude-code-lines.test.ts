import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CanonicalEvent } from '../src/core/event.js';
import { canonicalEvent } from '../src/core/event.js';
import { defaultPriceTable } from '../src/core/pricing/index.js';
import { lineToEvents, type FileContext } from '../src/sources/claude-code/line-events.js';
import { transcriptKeys } from '../src/sources/claude-code/paths.js';
import { mcpServerOf } from '../src/sources/claude-code/tools.js';

const SESSION = '3f0c2a9e-1111-4c2b-9d55-0a1b2c3d4e5f';

function ctx(over: Partial<FileContext> = {}): FileContext {
  return {
    path: `/x/projects/-home-dev-shop/${SESSION}.jsonl`,
    sessionId: SESSION,
    project: '-home-dev-shop',
    teamId: 'local',
    userId: 'local',
    visibility: 'private',
    prices: defaultPriceTable(),
    lastTs: 0,
    sawSessionStart: true,
    isSubagentFile: false,
    ...over,
  };
}

function parse(record: unknown, c = ctx(), offset = 0): CanonicalEvent[] {
  const out: CanonicalEvent[] = [];
  lineToEvents(JSON.stringify(record), offset, c, out);
  for (const e of out) canonicalEvent.parse(e); // every event the parser makes passes the schema
  return out;
}

const envelope = { isSidechain: false, userType: 'external', cwd: '/home/dev/shop', sessionId: SESSION, version: '2.1.120', gitBranch: 'main' };

const assistant = (over: Record<string, unknown> = {}, usage: Record<string, unknown> = {}, content: unknown[] = [{ type: 'text', text: 'hi' }]) => ({
  type: 'assistant',
  uuid: 'a2',
  parentUuid: 'a1',
  ...envelope,
  requestId: 'req_1',
  timestamp: '2026-03-04T10:15:03.900Z',
  message: { id: 'msg_1', type: 'message', role: 'assistant', model: 'claude-sonnet-4-6', content, usage: { input_tokens: 4, cache_creation_input_tokens: 1520, cache_read_input_tokens: 18200, output_tokens: 61, ...usage } },
  ...over,
});

test('a prompt line becomes a prompt event with its text, cwd and branch', () => {
  const [e] = parse({ type: 'user', uuid: 'a1', parentUuid: null, ...envelope, promptId: 'p1', timestamp: '2026-03-04T10:15:00.120Z', message: { role: 'user', content: 'list the test files' } });
  assert.equal(e.kind, 'prompt');
  assert.equal(e.text, 'list the test files');
  assert.equal(e.ts, Date.parse('2026-03-04T10:15:00.120Z'));
  assert.equal(e.attrs?.cwd, '/home/dev/shop');
  assert.equal(e.attrs?.gitBranch, 'main');
  assert.equal(e.sessionId, SESSION);
});

test('an assistant line becomes an llm_call with the four token counts and a computed cost', () => {
  const [e] = parse(assistant({}, { cache_creation: { ephemeral_5m_input_tokens: 1520, ephemeral_1h_input_tokens: 0 } }));
  assert.equal(e.kind, 'llm_call');
  assert.equal(e.model, 'claude-sonnet-4-6');
  assert.deepEqual([e.inputTokens, e.outputTokens, e.cacheCreationTokens, e.cacheReadTokens], [4, 61, 1520, 18200]);
  const expected = (4 * 3 + 61 * 15 + 1520 * 3.75 + 18200 * 0.3) / 1e6;
  assert.ok(Math.abs((e.costUsd ?? 0) - expected) < 1e-12, `cost ${e.costUsd} vs ${expected}`);
  assert.equal(e.reportedCostUsd, null);
});

test('content blocks of one response share one event id (message id), so copies dedupe', () => {
  const a = parse(assistant({ uuid: 'b1' }, {}, [{ type: 'thinking', thinking: '…' }]));
  const b = parse(assistant({ uuid: 'b2' }, {}, [{ type: 'text', text: 'done' }]));
  assert.equal(a[0].id, b[0].id);
});

test('costUSD written by the agent is kept beside our own figure', () => {
  const [e] = parse(assistant({ costUSD: 0.5 }));
  assert.equal(e.reportedCostUsd, 0.5);
  assert.ok((e.costUsd ?? 0) > 0);
});

test('an unknown model is unpriced (null), never $0', () => {
  const [e] = parse(assistant({ message: { id: 'm', model: 'acme-coder-1', content: [], usage: { input_tokens: 10, output_tokens: 5 } } }));
  assert.equal(e.kind, 'llm_call');
  assert.equal(e.costUsd, null);
});

test('usage lines ccusage rejects are not counted (null requestId, bad version)', () => {
  assert.equal(parse(assistant({ requestId: null })).filter((e) => e.kind === 'llm_call').length, 0);
  assert.equal(parse(assistant({ version: 'dev' })).filter((e) => e.kind === 'llm_call').length, 0);
});

test('tool_use and tool_result share an id; the result carries status, exit code and output', () => {
  const [llm, use] = parse(assistant({}, {}, [{ type: 'tool_use', id: 'toolu_1', name: 'Bash', input: { command: 'npm test' } }]));
  assert.equal(llm.kind, 'llm_call');
  assert.equal(use.kind, 'tool_call');
  assert.equal(use.toolName, 'Bash');
  assert.equal(use.text, 'npm test');
  const [result] = parse({ type: 'user', uuid: 'a3', parentUuid: 'a2', ...envelope, timestamp: '2026-03-04T10:15:05.900Z', message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'Exit code 2\nnpm ERR!', is_error: true }] }, toolUseResult: { stdout: '', stderr: 'npm ERR!', interrupted: false } });
  assert.equal(result.id, use.id);
  assert.equal(result.status, 'error');
  assert.equal(result.exitCode, 2);
  assert.equal(result.endTs, Date.parse('2026-03-04T10:15:05.900Z'));
});

test('MCP tool names give their server', () => {
  assert.equal(mcpServerOf('mcp__github__create_issue'), 'github');
  assert.equal(mcpServerOf('mcp__plugin_x_srv__do'), 'plugin_x_srv');
  assert.equal(mcpServerOf('Bash'), null);
});

test('synthetic API failures are errors, api_error system lines are retries, compactions keep their token counts', () => {
  const [err] = parse({ type: 'assistant', uuid: 'e1', ...envelope, timestamp: '2026-03-04T10:20:11.002Z', isApiErrorMessage: true, error: 'rate_limit', apiErrorStatus: 429, message: { id: 'msg_local', model: '<synthetic>', role: 'assistant', content: [{ type: 'text', text: 'API Error: 429 rate limited' }], usage: { input_tokens: 0, output_tokens: 0 } } });
  assert.equal(err.kind, 'error');
  assert.match(err.text ?? '', /429/);
  const [retry] = parse({ type: 'system', subtype: 'api_error', level: 'error', uuid: 's1', ...envelope, timestamp: '2026-03-04T10:20:10.002Z', error: { status: 529, message: 'Overloaded' }, retryAttempt: 1, maxRetries: 10, retryInMs: 500 });
  assert.equal(retry.kind, 'api_error');
  assert.equal(retry.attrs?.retryAttempt, 1);
  const [compaction] = parse({ type: 'system', subtype: 'compact_boundary', uuid: 'c1', parentUuid: null, ...envelope, timestamp: '2026-03-04T11:00:00.000Z', content: 'Conversation compacted', compactMetadata: { trigger: 'auto', preTokens: 167000, postTokens: 12000 } });
  assert.equal(compaction.kind, 'compaction');
  assert.equal(compaction.attrs?.preTokens, 167000);
});

test('garbage is malformed, never thrown', () => {
  const out: CanonicalEvent[] = [];
  assert.equal(lineToEvents('{"type":"user", "trunc', 0, ctx(), out), 'malformed');
  assert.equal(lineToEvents('not json at all', 0, ctx(), out), 'malformed');
  assert.equal(lineToEvents('42', 0, ctx(), out), 'malformed');
  assert.equal(lineToEvents('{"type":"user","timestamp":5,"message":{"content":7}}', 0, ctx(), out), 'ignored');
  assert.equal(out.length, 0);
});

test('the first timestamped line of a main file starts the session; subagent files do not', () => {
  const main = parse({ type: 'user', uuid: 'a1', ...envelope, timestamp: '2026-03-04T10:15:00.120Z', message: { content: 'hi' } }, ctx({ sawSessionStart: false }));
  assert.deepEqual(main.map((e) => e.kind), ['session_start', 'prompt']);
  const sub = parse({ type: 'user', uuid: 'a1', ...envelope, timestamp: '2026-03-04T10:15:00.120Z', message: { content: 'hi' } }, ctx({ sawSessionStart: false, isSubagentFile: true }));
  assert.deepEqual(sub.map((e) => e.kind), ['prompt']);
});

test('session and project keys follow ccusage', () => {
  assert.deepEqual(transcriptKeys('/r/projects/-a-b/s1.jsonl'), { sessionId: 's1', project: '-a-b' });
  assert.deepEqual(transcriptKeys('/r/projects/-a-b/s1/subagents/agent-x.jsonl'), { sessionId: 's1', project: '-a-b' });
  assert.deepEqual(transcriptKeys('/r/projects/-a-b/agent-x.jsonl'), { sessionId: 'agent-x', project: '-a-b' });
});

test('within one read, a repeated copy of a response that cannot win the merge makes no event', () => {
  const c = ctx({ seenUsage: new Map() });
  assert.equal(parse(assistant({ uuid: 'x1' }, { output_tokens: 5 }), c).filter((e) => e.kind === 'llm_call').length, 1);
  assert.equal(parse(assistant({ uuid: 'x2' }, { output_tokens: 5 }), c).filter((e) => e.kind === 'llm_call').length, 0, 'same usage: skipped');
  assert.equal(parse(assistant({ uuid: 'x3' }, { output_tokens: 3 }), c).filter((e) => e.kind === 'llm_call').length, 0, 'smaller: skipped');
  assert.equal(parse(assistant({ uuid: 'x4' }, { output_tokens: 90 }), c).filter((e) => e.kind === 'llm_call').length, 1, 'the final count wins');
  const toolLine = parse(assistant({ uuid: 'x5' }, { output_tokens: 90 }, [{ type: 'tool_use', id: 'toolu_x', name: 'Read', input: {} }]), c);
  assert.deepEqual(toolLine.map((e) => e.kind), ['tool_call'], 'its tool_use blocks still count');
});
