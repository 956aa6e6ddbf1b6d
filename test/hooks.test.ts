import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/server/app.js';
import { ensureToken } from '../src/server/auth/token.js';
import { writeServerFile } from '../src/server/server-file.js';
import { createLiveBus } from '../src/live/index.js';
import { createIngestService, type IngestService } from '../src/ingest/service.js';
import { importTranscripts } from '../src/ingest/transcript-import.js';
import { localScope } from '../src/core/scope.js';
import { eventId } from '../src/core/ids.js';
import type { LiveBus } from '../src/live/types.js';
import type { Store } from '../src/store/store.js';
import { appendToSpool } from '../src/cli/hook-client/spool.js';
import { drainHookSpool } from '../src/sources/claude-code/hooks/spool-drain.js';
import { STORE_FACTORIES, freshDuckDbStore, type FreshStore, type StoreFactory } from './helpers/stores.js';
import { assistantLine, tempClaudeRoot, writeTranscript } from './helpers/transcripts.js';

const BIN = fileURLToPath(new URL('../../bin/sightline.js', import.meta.url));

interface TestServer {
  home: string;
  base: string;
  token: string;
  store: Store;
  close(): Promise<void>;
}

/** A real server on port 0 with its own SIGHTLINE_HOME (server.json + token), like `sightline serve`. */
async function startTestServer(factory: Pick<StoreFactory, 'create'>): Promise<TestServer> {
  const home = await mkdtemp(join(tmpdir(), 'sightline-hooks-'));
  const token = await ensureToken(home);
  const fresh: FreshStore = await factory.create();
  const bus: LiveBus = await createLiveBus({ store: fresh.store });
  const ingest: IngestService = await createIngestService({ store: fresh.store, bus, roots: [], watch: false });
  const config = { host: '127.0.0.1', port: 0, home, token, version: '0.0.0-test', watchedRoots: [], storeLocation: 'test' };
  const app: FastifyInstance = await buildApp({ store: fresh.store, bus, ingest, config });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  await writeServerFile(home, { url: base, pid: process.pid, startedAt: new Date().toISOString() });
  return {
    home, base, token, store: fresh.store,
    async close() {
      await app.close();
      await ingest.stop();
      await bus.close();
      await fresh.dispose();
      await rm(home, { recursive: true, force: true });
    },
  };
}

async function postHook(server: TestServer, body: unknown, receivedAt?: number) {
  const headers: Record<string, string> = { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' };
  if (receivedAt !== undefined) headers['x-sightline-received-at'] = String(receivedAt);
  const response = await fetch(`${server.base}/api/v1/hooks/claude-code`, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
  return { status: response.status, body: await response.json() as any };
}

/** Run the real CLI as a child process (async: the server answering it lives in this process). */
function runCli(args: string[], input: string, home: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, SIGHTLINE_HOME: home }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

const SESSION = 'bbbbbbbb-0000-4000-8000-000000000001';
const CWD = '/home/dev/shop';
const common = (event: string, extra: Record<string, unknown> = {}) => ({
  session_id: SESSION, transcript_path: `/home/dev/.claude/projects/-home-dev-shop/${SESSION}.jsonl`, cwd: CWD, permission_mode: 'default', hook_event_name: event, ...extra,
});

/** One payload per event of formats.md §2.3, plus one Claude Code does not have (yet). */
const EVERY_EVENT: Array<[payload: Record<string, unknown>, kind: string]> = [
  [common('SessionStart', { source: 'startup', model: 'claude-sonnet-4-6' }), 'session_start'],
  [common('Setup', { trigger: 'init' }), 'log'],
  [common('InstructionsLoaded', { file_path: '/home/dev/shop/CLAUDE.md', memory_type: 'Project', load_reason: 'session_start' }), 'log'],
  [common('UserPromptSubmit', { prompt: 'run the tests', prompt_id: 'p-every-1' }), 'prompt'],
  [common('UserPromptExpansion', { expansion_type: 'slash_command', command_name: 'review', command_args: '', command_source: 'user', prompt: '/review' }), 'log'],
  [common('MessageDisplay', { turn_id: 't1', message_id: 'm1', index: 0, final: true, delta: 'hi' }), 'log'],
  [common('PreToolUse', { tool_name: 'Bash', tool_input: { command: 'npm test' }, tool_use_id: 'toolu_every_1' }), 'tool_call'],
  [common('PermissionRequest', { tool_name: 'Bash', tool_input: { command: 'rm -rf x' }, permission_suggestions: [] }), 'log'],
  [common('PermissionDenied', { tool_name: 'Bash', tool_input: { command: 'rm -rf x' }, tool_use_id: 'toolu_every_denied', reason: 'user said no' }), 'log'],
  [common('PostToolUse', { tool_name: 'Bash', tool_input: { command: 'npm test' }, tool_response: { stdout: '12 passed', stderr: '', interrupted: false, isImage: false }, tool_use_id: 'toolu_every_1', duration_ms: 5230 }), 'tool_call'],
  [common('PostToolUseFailure', { tool_name: 'Bash', tool_input: { command: 'false' }, tool_use_id: 'toolu_every_2', error: 'Exit code 1\nboom' }), 'tool_call'],
  [common('PostToolBatch', { tool_calls: [{ tool_name: 'Read', tool_input: {}, tool_use_id: 'toolu_every_3', tool_response: 'x' }] }), 'log'],
  [common('Notification', { message: 'Claude needs your permission', notification_type: 'permission_prompt' }), 'log'],
  [common('SubagentStart', { agent_id: 'a1b2', agent_type: 'Explore' }), 'subagent'],
  [common('SubagentStop', { agent_id: 'a1b2', agent_type: 'Explore', stop_hook_active: false, agent_transcript_path: '/x/agent-a1b2.jsonl', last_assistant_message: 'done' }), 'subagent'],
  [common('TaskCreated', { task_id: 'k1', task_subject: 'write docs' }), 'log'],
  [common('TaskCompleted', { task_id: 'k1', task_subject: 'write docs' }), 'log'],
  [common('Stop', { stop_hook_active: false, last_assistant_message: 'All tests pass.', background_tasks: [], session_crons: [] }), 'log'],
  [common('StopFailure', { error: 'rate_limit', error_details: '429' }), 'log'],
  [common('TeammateIdle', { teammate_name: 'bob', team_name: 'core' }), 'log'],
  [common('ConfigChange', { source: 'user', file_path: '/home/dev/.claude/settings.json' }), 'log'],
  [common('CwdChanged', { old_cwd: CWD, new_cwd: `${CWD}/src` }), 'log'],
  [common('DirectoryAdded', { directory: '/tmp/other', source: 'slash_command' }), 'log'],
  [common('FileChanged', { file_path: `${CWD}/a.ts`, event: 'change' }), 'log'],
  [common('WorktreeCreate', { name: 'feature' }), 'log'],
  [common('WorktreeRemove', { worktree_path: '/tmp/wt' }), 'log'],
  [common('PreCompact', { trigger: 'auto', custom_instructions: '' }), 'log'],
  [common('PostCompact', { trigger: 'auto', compact_summary: 'summary' }), 'log'],
  [common('Elicitation', { mcp_server_name: 'github', message: 'token?' }), 'log'],
  [common('ElicitationResult', { mcp_server_name: 'github', action: 'accept' }), 'log'],
  [common('SessionEnd', { reason: 'prompt_input_exit' }), 'session_end'],
  [common('SomethingNewInClaudeCode', { whatever: 1 }), 'log'],
];

for (const factory of STORE_FACTORIES) {
  test(`[${factory.kind}] hook routes: every event, pairing, validation, and transcript overlap`, async (t) => {
    const server = await startTestServer(factory);
    t.after(() => server.close());

    await t.test('every hook event type is stored as a canonical event of a fitting kind', async () => {
      let at = Date.UTC(2026, 2, 4, 10, 0, 0);
      for (const [payload] of EVERY_EVENT) {
        const response = await postHook(server, payload, (at += 1000));
        assert.equal(response.status, 200, `${payload.hook_event_name}: ${JSON.stringify(response.body)}`);
        assert.deepEqual(response.body, { ok: true, events: 1 });
      }
      const events = await server.store.listEvents(localScope, { sessionId: SESSION, limit: 1000 });
      const byEvent = new Map<string, typeof events>();
      for (const event of events) {
        assert.equal(event.source, 'hook');
        assert.equal(event.agent, 'claude-code');
        assert.equal(event.project, '-home-dev-shop', 'same project key as the transcript importer');
        for (const name of [event.attrs?.hookEvent as string]) byEvent.set(name, [...(byEvent.get(name) ?? []), event]);
      }
      for (const [payload, kind] of EVERY_EVENT) {
        const name = payload.hook_event_name as string;
        const stored = events.filter((e) => JSON.stringify(e.attrs).includes(`"hook_event_name":"${name}"`));
        assert.ok(stored.length >= 1, `${name} was stored`);
        assert.ok(stored.some((e) => e.kind === kind), `${name} → ${kind}, got ${stored.map((e) => e.kind)}`);
      }
      // Pre + Post of toolu_every_1 are one tool call; the subagent's start and stop one subagent event
      assert.equal(events.filter((e) => e.kind === 'tool_call').length, 2);
      const tool = events.find((e) => e.id === eventId('cc', 'tool', 'toolu_every_1'))!;
      assert.equal(tool.status, 'ok');
      assert.equal(tool.durationMs, 5230);
      assert.equal(tool.exitCode, 0);
      assert.equal(tool.toolName, 'Bash');
      assert.equal(tool.text, 'npm test');
      assert.equal(tool.attrs?.outputExcerpt, '12 passed');
      assert.ok(tool.attrs?.hookPayload && tool.attrs?.hookResultPayload, 'both payloads kept');
      const failed = events.find((e) => e.id === eventId('cc', 'tool', 'toolu_every_2'))!;
      assert.equal(failed.status, 'error');
      assert.equal(failed.exitCode, 1);
      const subagents = events.filter((e) => e.kind === 'subagent');
      assert.equal(subagents.length, 1);
      assert.equal(subagents[0].durationMs, 1000, 'SubagentStart → SubagentStop');
      assert.equal(events.find((e) => e.kind === 'prompt')?.text, 'run the tests');
      assert.equal(events.find((e) => e.kind === 'session_start')?.attrs?.model, 'claude-sonnet-4-6');
      assert.equal(events.find((e) => e.kind === 'session_end')?.attrs?.reason, 'prompt_input_exit');
      assert.equal(events.find((e) => e.attrs?.hookEvent === 'StopFailure')?.level, 'error');
      // the roll-up follows the reply (the route answers once the events are stored)
      let session = await server.store.getSession(localScope, SESSION);
      for (let i = 0; i < 100 && !session?.ended; i++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        session = await server.store.getSession(localScope, SESSION);
      }
      assert.equal(session?.ended, true);
      assert.equal(session?.cwd, CWD);
    });

    await t.test('PreToolUse then PostToolUse give one tool call whose duration is the time between them', async () => {
      const t0 = Date.UTC(2026, 2, 4, 11, 0, 0);
      const pre = common('PreToolUse', { tool_name: 'mcp__github__create_issue', tool_input: { title: 'x' }, tool_use_id: 'toolu_pair' });
      await postHook(server, pre, t0);
      let stored = await server.store.getEvent(localScope, eventId('cc', 'tool', 'toolu_pair'));
      assert.equal(stored?.status ?? null, null, 'pending: no status yet');
      assert.equal(stored?.endTs ?? null, null);
      assert.equal(stored?.mcpServer, 'github');
      await postHook(server, { ...pre, hook_event_name: 'PostToolUse', tool_response: { ok: true } }, t0 + 1500);
      stored = await server.store.getEvent(localScope, eventId('cc', 'tool', 'toolu_pair'));
      assert.equal(stored?.ts, t0);
      assert.equal(stored?.endTs, t0 + 1500);
      assert.equal(stored?.durationMs, 1500);
      assert.equal(stored?.status, 'ok');
      assert.equal(await server.store.countEvents(localScope, { kind: 'tool_call', sessionId: SESSION }), 3);
      // PostToolUse alone is still a whole tool call
      await postHook(server, common('PostToolUse', { tool_name: 'Read', tool_input: { file_path: '/a' }, tool_response: 'text', tool_use_id: 'toolu_alone', duration_ms: 40 }), t0 + 5000);
      const alone = await server.store.getEvent(localScope, eventId('cc', 'tool', 'toolu_alone'));
      assert.deepEqual([alone?.ts, alone?.endTs, alone?.durationMs, alone?.status, alone?.text], [t0 + 4960, t0 + 5000, 40, 'ok', '/a']);
    });

    await t.test('a payload without hook_event_name or session_id is a 400 naming the field', async () => {
      const noName = await postHook(server, { session_id: SESSION });
      assert.equal(noName.status, 400);
      assert.equal(noName.body.error.field, 'hook_event_name');
      const noSession = await postHook(server, { hook_event_name: 'Stop' });
      assert.equal(noSession.status, 400);
      assert.equal(noSession.body.error.field, 'session_id');
      assert.equal((await postHook(server, '[1,2]')).status, 400);
      assert.equal((await postHook(server, '{"broken":')).status, 400);
      const badTime = await postHook(server, common('Stop'), -5);
      assert.equal(badTime.status, 400);
      assert.equal(badTime.body.error.field, 'x-sightline-received-at');
    });

    await t.test('hook and transcript for the same session, prompt and tool call are counted once', async () => {
      const session = 'cccccccc-0000-4000-8000-000000000002';
      const root = await tempClaudeRoot();
      t.after(() => rm(root, { recursive: true, force: true }));
      const path = join(root, 'projects', '-home-dev-shop', `${session}.jsonl`);
      const hook = (event: string, extra: Record<string, unknown>) => ({ ...common(event, extra), session_id: session, transcript_path: path });
      const t0 = Date.UTC(2026, 2, 4, 10, 15, 0);
      await postHook(server, hook('SessionStart', { source: 'startup' }), t0);
      await postHook(server, hook('UserPromptSubmit', { prompt: 'list the test files', prompt_id: 'prompt-overlap-1' }), t0 + 100);
      await postHook(server, hook('PreToolUse', { tool_name: 'Glob', tool_input: { pattern: '**/*.test.ts' }, tool_use_id: 'toolu_overlap' }), t0 + 3950);
      await postHook(server, hook('PostToolUse', { tool_name: 'Glob', tool_input: { pattern: '**/*.test.ts' }, tool_response: { filenames: ['a'] }, tool_use_id: 'toolu_overlap' }), t0 + 4040);
      const envelope = { isSidechain: false, userType: 'external', cwd: CWD, sessionId: session, version: '2.1.120', gitBranch: 'main' };
      writeTranscript(root, `-home-dev-shop/${session}.jsonl`, [
        { type: 'user', uuid: 'u1', parentUuid: null, ...envelope, promptId: 'prompt-overlap-1', timestamp: '2026-03-04T10:15:00.120Z', message: { role: 'user', content: 'list the test files' } },
        assistantLine(session, 'u2', '2026-03-04T10:15:03.900Z', 'msg_overlap', { input: 4, output: 61 }, [{ type: 'tool_use', id: 'toolu_overlap', name: 'Glob', input: { pattern: '**/*.test.ts' } }]),
        { type: 'user', uuid: 'u3', parentUuid: 'u2', ...envelope, timestamp: '2026-03-04T10:15:04.050Z', message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_overlap', content: 'a' }] } },
      ]);
      await importTranscripts({ store: server.store, roots: [root], workers: 1 });
      await server.store.refreshSessions([session]);
      const count = (kind: string) => server.store.countEvents(localScope, { sessionId: session, kind });
      assert.equal(await count('prompt'), 1);
      assert.equal(await count('tool_call'), 1);
      assert.equal(await count('session_start'), 1);
      assert.equal(await count('llm_call'), 1);
      const rollup = await server.store.getSession(localScope, session);
      assert.deepEqual([rollup?.prompts, rollup?.toolCalls, rollup?.llmCalls, rollup?.project], [1, 1, 1, '-home-dev-shop']);
      const tool = await server.store.getEvent(localScope, eventId('cc', 'tool', 'toolu_overlap'));
      assert.equal(tool?.status, 'ok');
      assert.equal(tool?.durationMs, 90, 'the hook copy wins: its times stay');
      assert.ok(tool?.sourcePath, 'the transcript filled in where the full payload lives');
    });
  });
}

test('sightline hook as a real process: server up, down, garbage; spool delivered exactly once', async (t) => {
  const server = await startTestServer({ create: freshDuckDbStore });
  t.after(() => server.close());
  const payload = (n: number) => JSON.stringify(common('Notification', { message: `note ${n}`, session_id: 'proc-session' }));
  const notes = () => server.store.countEvents(localScope, { sessionId: 'proc-session' });

  await t.test('server up: exit 0, no output, stored', async () => {
    const run = await runCli(['hook'], payload(1), server.home);
    assert.deepEqual(run, { code: 0, stdout: '', stderr: '' });
    assert.equal(await notes(), 1);
  });

  const downHome = await mkdtemp(join(tmpdir(), 'sightline-hooks-down-'));
  t.after(() => rm(downHome, { recursive: true, force: true }));
  await t.test('server down: exit 0, no output, spooled with the receipt time', async () => {
    writeFileSync(join(downHome, 'token'), server.token);
    await writeServerFile(downHome, { url: `http://127.0.0.1:${await closedPort()}`, pid: process.pid, startedAt: '' });
    for (const n of [2, 3]) assert.deepEqual(await runCli(['hook'], payload(n), downHome), { code: 0, stdout: '', stderr: '' });
    const lines = readFileSync(join(downHome, 'spool', 'hooks.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    assert.equal(lines.length, 2);
    assert.equal(lines[1].payload.message, 'note 3');
    assert.ok(Math.abs(lines[0].receivedAt - Date.now()) < 60_000);
  });

  await t.test('garbage on stdin: exit 0, no output, nothing spooled', async () => {
    for (const input of ['not json at all', '', '[1,2,3]']) assert.deepEqual(await runCli(['hook'], input, downHome), { code: 0, stdout: '', stderr: '' });
    assert.equal(readFileSync(join(downHome, 'spool', 'hooks.jsonl'), 'utf8').trim().split('\n').length, 2);
  });

  await t.test('the next successful hook call delivers the spool, once', async () => {
    await writeServerFile(downHome, { url: server.base, pid: process.pid, startedAt: '' });
    assert.deepEqual(await runCli(['hook'], payload(4), downHome), { code: 0, stdout: '', stderr: '' });
    assert.equal(await notes(), 4);
    const spooled = await server.store.listEvents(localScope, { sessionId: 'proc-session', limit: 10 });
    assert.ok(spooled.find((e) => e.text === 'Notification: note 2')!.ts < spooled.find((e) => e.text === 'Notification: note 4')!.ts, 'original receipt time kept');
    assert.deepEqual(readdirSync(join(downHome, 'spool')), [], 'spool empty');
    assert.deepEqual(await runCli(['hook'], payload(5), downHome), { code: 0, stdout: '', stderr: '' });
    const texts = (await server.store.listEvents(localScope, { sessionId: 'proc-session', limit: 10 })).map((e) => e.text).sort();
    assert.deepEqual(texts, [1, 2, 3, 4, 5].map((n) => `Notification: note ${n}`), 'each payload stored once, nothing delivered twice');
  });
});

test('drainHookSpool: concurrent drainers deliver every spooled line exactly once', async (t) => {
  const fresh = await freshDuckDbStore();
  const bus = await createLiveBus({ store: fresh.store });
  const home = await mkdtemp(join(tmpdir(), 'sightline-spool-'));
  t.after(async () => { await bus.close(); await fresh.dispose(); await rm(home, { recursive: true, force: true }); });
  const base = Date.UTC(2026, 2, 4, 12, 0, 0);
  for (let i = 0; i < 300; i++) appendToSpool(home, base + i, JSON.stringify(common('Stop', { session_id: 'spool-session', n: i })));
  appendToSpool(home, base + 999, '{"no_event_name":true}');
  const seen: number[] = [];
  bus.onEvents((events) => seen.push(events.length));
  const results = await Promise.all([drainHookSpool(home, { store: fresh.store, bus }), drainHookSpool(home, { store: fresh.store, bus })]);
  assert.equal(results[0].delivered + results[1].delivered, 300, JSON.stringify(results));
  assert.equal(results[0].invalid + results[1].invalid, 1);
  assert.equal(seen.reduce((a, b) => a + b, 0), 300, 'each event published once');
  assert.equal(await fresh.store.countEvents(localScope, { sessionId: 'spool-session' }), 300);
  assert.equal(existsSync(join(home, 'spool', 'hooks.jsonl')), false);
  const again = await drainHookSpool(home, { store: fresh.store, bus });
  assert.equal(again.delivered, 0);
});

test('the spool stays bounded: the oldest lines are dropped and counted', () => {
  const home = join(tmpdir(), `sightline-spool-bound-${process.pid}`);
  mkdirSync(home, { recursive: true });
  const line = JSON.stringify(common('Stop', { pad: 'x'.repeat(900) }));
  for (let i = 0; i < 100; i++) appendToSpool(home, 1_700_000_000_000 + i, line, 20_000);
  const files = readdirSync(join(home, 'spool')).filter((n) => n.endsWith('.jsonl'));
  const total = files.reduce((sum, name) => sum + readFileSync(join(home, 'spool', name)).length, 0);
  assert.ok(total <= 20_000, `spool ${total} bytes`);
  const kept = files.flatMap((name) => readFileSync(join(home, 'spool', name), 'utf8').trim().split('\n')).map((l) => JSON.parse(l).receivedAt).sort();
  assert.equal(kept[kept.length - 1], 1_700_000_000_099, 'the newest line is kept');
  assert.equal(Number(readFileSync(join(home, 'spool', 'hooks.dropped'), 'utf8')) + kept.length, 100);
  rmSync(home, { recursive: true, force: true });
});

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}
