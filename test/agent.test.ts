import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { compilePattern } from '../src/agent/exclude.js';
import { eventId } from '../src/core/ids.js';
import { generateKey } from '../src/people/api-keys.js';
import { openStore, type OpenStoreOptions } from '../src/store/open.js';
import type { Store } from '../src/store/store.js';
import { TEST_DATABASE_URL, dropSchema } from './helpers/stores.js';
import { assistantLine, promptLine, toolResultLine } from './helpers/transcripts.js';

const CLI = resolve(new URL('../../bin/sightline.js', import.meta.url).pathname);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const TEAM = 'team-agent-test';
const USER = 'user-agent-test';
const VISIBLE = 'VISIBLE-MARKER-7d1f';
const SECRET = 'SECRET-MARKER-93ac';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

/** Where the server keeps its data, for each store kind: how the test opens it, and the serve env. */
interface StoreSetup {
  open(): Promise<Store>;
  env: NodeJS.ProcessEnv;
  dispose(): Promise<void>;
}

function duckdbSetup(home: string): StoreSetup {
  const options: OpenStoreOptions = { databaseUrl: '', duckdbPath: join(home, 'sightline.duckdb') };
  return { open: () => openStore(options), env: { DATABASE_URL: '' }, dispose: async () => undefined };
}

/** A fresh schema; serve reaches it through the URL's `options=-csearch_path=…`. */
function postgresSetup(): StoreSetup {
  const schema = `sl_agent_${process.pid}_${Date.now().toString(36)}`;
  const url = new URL(TEST_DATABASE_URL);
  url.searchParams.set('options', `-csearch_path=${schema}`);
  return { open: () => openStore({ databaseUrl: TEST_DATABASE_URL, pgSchema: schema }), env: { DATABASE_URL: url.toString() }, dispose: () => dropSchema(TEST_DATABASE_URL, schema) };
}

/** One team, one member, one ingest key: the rows team mode authenticates the agent with. */
async function seedTeam(setup: StoreSetup): Promise<string> {
  const store = await setup.open();
  const key = generateKey();
  const now = Date.now();
  try {
    await store.transaction(async (db) => {
      await db.run('INSERT INTO teams (id, name, settings, created_at) VALUES ($1, $2, $3, $4)', [TEAM, 'Agent test', '{}', now]);
      await db.run('INSERT INTO users (id, email, name, password_hash, disabled, session_epoch, created_at) VALUES ($1, $2, $3, NULL, false, 0, $4)', [USER, 'dev@example.com', 'Dev', now]);
      await db.run('INSERT INTO memberships (team_id, user_id, role, created_at) VALUES ($1, $2, $3, $4)', [TEAM, USER, 'member', now]);
      await db.run('INSERT INTO api_keys (id, team_id, user_id, name, scopes, secret_hash, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)', [
        key.id, TEAM, USER, 'laptop agent', JSON.stringify(['ingest', 'read']), key.secretHash, USER, now,
      ]);
    });
  } finally {
    await store.close();
  }
  return key.key;
}

/** A child process with its output collected; `ready` resolves once `marker` was printed. */
function spawnCli(args: string[], env: NodeJS.ProcessEnv, marker?: string): { child: ChildProcess; output: () => string; ready: Promise<void> } {
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const ready = new Promise<void>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`${args[0]} did not start: ${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (marker === undefined || output.includes(marker)) {
        clearTimeout(timer);
        done();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (marker !== undefined && !output.includes(marker)) fail(new Error(`${args[0]} exited with ${code}: ${output}`));
    });
  });
  return { child, output: () => output, ready };
}

function startServe(env: NodeJS.ProcessEnv, port: number) {
  const serve = spawnCli(['serve', '--team', '--port', String(port), '--no-watch', '--log-level', 'silent'], env, 'Sightline is running at');
  return serve.ready.then(() => serve.child);
}

function stop(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((done) => {
    child.once('exit', (code) => done(code));
    child.kill(signal);
  });
}

async function waitFor(what: string, check: () => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** Transcripts, and the ids the server must end up with (ids by their documented natural keys). */
class Transcripts {
  readonly expected = new Set<string>();
  private readonly started = new Set<string>();

  constructor(readonly root: string) {}

  path(project: string, session: string): string {
    return join(this.root, 'projects', project, `${session}.jsonl`);
  }

  /** Rounds of prompt → tool call → tool result, the prompt and output carrying `marker`. */
  append(project: string, session: string, cwd: string, rounds: number[], marker: string, expect = true): void {
    const lines: object[] = [];
    for (const n of rounds) {
      const ts = (s: number) => new Date(Date.UTC(2025, 5, 1, 10, n, s)).toISOString();
      const tool = `toolu_${session}_${n}`;
      const at = { cwd };
      lines.push({ ...promptLine(session, `${session}-p${n}`, ts(0), `prompt ${n}: ${marker}`), ...at });
      lines.push({ ...assistantLine(session, `${session}-a${n}`, ts(1), `msg_${session}_${n}`, { input: 100 + n, output: 20 }, [{ type: 'tool_use', id: tool, name: 'Bash', input: { command: `grep ${marker} .` } }]), ...at });
      lines.push({ ...toolResultLine(session, `${session}-r${n}`, ts(2), tool, `found ${marker} in 3 files`), toolUseResult: { stdout: '', stderr: '' }, ...at });
      if (!expect) continue;
      if (!this.started.has(session)) this.expected.add(eventId('cc', 'session-start', session));
      this.started.add(session);
      this.expected.add(eventId('cc', 'line', `${session}-p${n}`));
      this.expected.add(eventId('cc', 'msg', `msg_${session}_${n}`));
      this.expected.add(eventId('cc', 'tool', tool));
    }
    mkdirSync(join(this.root, 'projects', project), { recursive: true });
    appendFileSync(this.path(project, session), lines.map((l) => JSON.stringify(l) + '\n').join(''));
  }
}

/** The agent's acknowledged offsets have reached the end of these files. */
function caughtUp(agentHome: string, paths: string[]): boolean {
  const state = join(agentHome, 'agent', 'state.json');
  if (!existsSync(state)) return false;
  const files = (JSON.parse(readFileSync(state, 'utf8')) as { files: Record<string, { offset: number }> }).files;
  return paths.every((p) => files[p]?.offset === statSync(p).size);
}

const count = (text: string, needle: string) => text.split(needle).length - 1;

for (const kind of ['duckdb', 'postgres'] as const) {
  test(`agent (${kind}): pushes, survives the server going away exactly once, redacts, honours exclusions`, { timeout: 240_000 }, async (t) => {
    const dir = await mkdtemp(join(tmpdir(), 'sightline-agent-'));
    const serverHome = join(dir, 'server-home');
    const setup = kind === 'duckdb' ? duckdbSetup(serverHome) : postgresSetup();
    const key = await seedTeam(setup);
    const port = await freePort();
    const server = `http://127.0.0.1:${port}`;
    // the server watches an empty config dir: everything it stores came from the agent
    const serverEnv = { ...setup.env, SIGHTLINE_HOME: serverHome, CLAUDE_CONFIG_DIR: join(dir, 'server-claude') };
    mkdirSync(join(dir, 'server-claude', 'projects'), { recursive: true });
    const children: ChildProcess[] = [];
    t.after(async () => {
      for (const child of children) child.kill('SIGKILL');
      await setup.dispose().catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    });
    let serve = await startServe(serverEnv, port);
    children.push(serve);

    // (1) push: one project is sent; one is excluded by flag, one by its .sightline-ignore
    const work = (name: string) => join(dir, 'work', name);
    for (const name of ['app', 'secret', 'private']) mkdirSync(work(name), { recursive: true });
    writeFileSync(join(work('private'), '.sightline-ignore'), '');
    const claude = new Transcripts(join(dir, 'claude'));
    claude.append('-work-app', 'sess-a', work('app'), [0, 1, 2], VISIBLE);
    claude.append('-work-secret', 'sess-x', work('secret'), [0, 1], VISIBLE, false);
    claude.append('-work-private', 'sess-y', join(work('private'), 'sub'), [0], VISIBLE, false);
    const agentHome = join(dir, 'agent-home');
    const agentEnv = { SIGHTLINE_HOME: agentHome, CLAUDE_CONFIG_DIR: claude.root, DATABASE_URL: '', SIGHTLINE_SERVER: server, SIGHTLINE_KEY: key };
    const agent = spawnCli(['agent', '--interval', '0.2', '--max-backoff', '1', '--exclude-project', work('secret')], agentEnv, 'agent started');
    children.push(agent.child);
    await agent.ready;
    const sendable = () => [claude.path('-work-app', 'sess-a'), ...(existsSync(claude.path('-work-app', 'sess-b')) ? [claude.path('-work-app', 'sess-b')] : [])];
    await waitFor('the first push', () => caughtUp(agentHome, sendable()));
    assert.match(agent.output(), /pushed events=10 inserted=10/);

    // (2) the server goes away; the agent keeps trying; lines appended meanwhile arrive exactly once
    await stop(serve, 'SIGKILL');
    const failuresBefore = count(agent.output(), 'push failed');
    claude.append('-work-app', 'sess-a', work('app'), [3, 4], VISIBLE);
    claude.append('-work-app', 'sess-b', work('app'), [0, 1], VISIBLE);
    claude.append('-work-secret', 'sess-x', work('secret'), [2], VISIBLE, false);
    await waitFor('the agent to retry', () => count(agent.output(), 'push failed') >= failuresBefore + 2);
    assert.equal(caughtUp(agentHome, sendable()), false, 'nothing is acknowledged while the server is down');
    serve = await startServe(serverEnv, port);
    children.push(serve);
    await waitFor('the backlog to arrive', () => caughtUp(agentHome, sendable()));

    // (3) --redact: a second machine whose prompts and tool outputs carry a marker
    const redacted = new Transcripts(join(dir, 'claude-redact'));
    mkdirSync(work('redact'), { recursive: true });
    redacted.append('-work-redact', 'sess-r', work('redact'), [0, 1], SECRET);
    const once = spawnSync(process.execPath, [CLI, 'agent', '--once', '--redact'], {
      env: { ...process.env, ...agentEnv, SIGHTLINE_HOME: join(dir, 'agent-home-2'), CLAUDE_CONFIG_DIR: redacted.root },
      encoding: 'utf8',
    });
    assert.equal(once.status, 0, once.stdout + once.stderr);
    assert.match(once.stdout, /pass complete events=7/);

    const status = await fetch(`${server}/api/v1/agent/status`, { headers: { authorization: `Bearer ${key}` } });
    assert.equal(status.status, 200);
    const { agents } = (await status.json()) as { agents: Array<{ agentId: string; hostname: string; pushes: number; eventsPushed: number; errors: number }> };
    assert.equal(agents.length, 2, 'both agents are listed for their owner');
    assert.ok(agents.every((a) => a.hostname && a.pushes >= 1 && a.errors === 0));

    await checkBadPushes(server, key);

    assert.equal(await stop(agent.child), 0, 'the agent stops cleanly on SIGTERM');
    assert.equal(await stop(serve), 0);
    const store = await setup.open();
    try {
      await checkStored(store, [...claude.expected, ...redacted.expected]);
      await checkRedacted(store);
      // (4) excluded projects never arrive, and their transcripts were never even read
      const excluded = await store.reads.all(`SELECT count(*) AS n FROM events WHERE session_id IN ('sess-x', 'sess-y')`);
      assert.equal(Number(excluded[0].n), 0);
      const offsets = JSON.parse(readFileSync(join(agentHome, 'agent', 'state.json'), 'utf8')).files as Record<string, unknown>;
      assert.deepEqual(Object.keys(offsets).sort(), sendable().sort());
      assert.match(agent.output(), /excluded file=\S+sess-x\.jsonl why="--exclude-project/);
      assert.match(agent.output(), /excluded file=\S+sess-y\.jsonl why="\S+\.sightline-ignore exists"/);
    } finally {
      await store.close();
    }
  });
}

/** Bad input is a 4xx naming what is wrong; a wrong key is a 401. */
async function checkBadPushes(server: string, key: string): Promise<void> {
  const push = async (body: Buffer, headers: Record<string, string>, token = key) => {
    const response = await fetch(`${server}/api/v1/agent/push`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson', 'x-sightline-agent-id': 'agent-test-bad', ...headers },
      body: new Uint8Array(body),
    });
    return { status: response.status, error: ((await response.json()) as { error?: { field?: string } }).error };
  };
  const event = { id: 'bad-1', ts: 'yesterday', agent: 'claude-code', source: 'transcript', sessionId: 's', kind: 'log' };
  const gz = (text: string) => gzipSync(text);
  assert.deepEqual(await push(gz(JSON.stringify(event)), { 'content-encoding': 'gzip' }).then((r) => [r.status, r.error?.field]), [400, 'lines.0.ts']);
  assert.deepEqual(await push(gz('{"id":\n'), { 'content-encoding': 'gzip' }).then((r) => [r.status, r.error?.field]), [400, 'lines.0']);
  assert.deepEqual(await push(Buffer.from('not gzip'), { 'content-encoding': 'gzip' }).then((r) => [r.status, r.error?.field]), [400, 'body']);
  assert.deepEqual(await push(Buffer.from('{}'), { 'content-encoding': 'br' }).then((r) => [r.status, r.error?.field]), [415, 'content-encoding']);
  assert.deepEqual(await push(gz('{}'), { 'content-encoding': 'gzip', 'x-sightline-agent-id': 'x' }).then((r) => [r.status, r.error?.field]), [400, 'x-sightline-agent-id']);
  assert.equal((await push(gz('{}'), { 'content-encoding': 'gzip' }, 'sl_wrongwrongwr_' + 'x'.repeat(43))).status, 401);
}

/** Every expected id once, nothing else, all stamped with the key's owner and the team default visibility. */
async function checkStored(store: Store, expected: string[]): Promise<void> {
  const rows = await store.reads.all('SELECT id, count(*) AS n, min(team_id) AS team, min(user_id) AS owner, min(visibility) AS vis FROM events GROUP BY id');
  const stored = new Map(rows.map((r) => [String(r.id), r]));
  const missing = expected.filter((id) => !stored.has(id));
  assert.deepEqual(missing, [], `${missing.length} of ${expected.length} events never arrived`);
  assert.equal(stored.size, new Set(expected).size, 'no event beyond the expected ones');
  for (const row of rows) {
    assert.equal(Number(row.n), 1, `event ${row.id} stored more than once`);
    assert.deepEqual([row.team, row.owner, row.vis], [TEAM, USER, 'private'], 'owner from the key, visibility from the team default');
  }
}

/** No text or attrs column of a redacted event (nor its session) holds the marker; facts survive. */
async function checkRedacted(store: Store): Promise<void> {
  const visible = await store.reads.all(`SELECT * FROM events WHERE session_id = 'sess-a'`);
  assert.ok(visible.some((row) => JSON.stringify(row, bigints).includes(VISIBLE)), 'the search finds a marker that was sent');
  const rows = await store.reads.all(`SELECT * FROM events WHERE session_id = 'sess-r'`);
  assert.equal(rows.length, 7);
  for (const row of rows) assert.ok(!JSON.stringify(row, bigints).includes(SECRET), `redacted event ${row.id} still carries the marker`);
  const sessions = await store.reads.all(`SELECT * FROM sessions WHERE session_id = 'sess-r'`);
  assert.ok(!JSON.stringify(sessions, bigints).includes(SECRET));
  const tools = rows.filter((r) => r.kind === 'tool_call');
  assert.ok(tools.length === 2 && tools.every((r) => r.tool_name === 'Bash' && r.status === 'ok' && Number(r.exit_code) === 0), 'tool names and exit codes still go');
  const calls = rows.filter((r) => r.kind === 'llm_call');
  assert.ok(calls.length === 2 && calls.every((r) => r.model === 'claude-sonnet-4-6' && Number(r.output_tokens) === 20), 'models and tokens still go');
}

function bigints(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? Number(value) : value;
}

test('agent: --exclude-project patterns', () => {
  const match = (pattern: string, candidate: string) => compilePattern(pattern)(candidate);
  assert.equal(match('/home/me/secret', '/home/me/secret'), true);
  assert.equal(match('/home/me/secret', '/home/me/secret-2'), false, 'a path is not a prefix match (parents are tried one by one)');
  assert.equal(match('/home/*/scratch', '/home/me/scratch'), true);
  assert.equal(match('/home/*/scratch', '/home/me/x/scratch'), false, '* stays within one name');
  assert.equal(match('/home/**/scratch', '/home/me/x/scratch'), true);
  assert.equal(match('-home-me-client-?', '-home-me-client-x'), true, 'the folder name under projects/');
  assert.equal(match('/a.b/(c)', '/a.b/(c)'), true);
  assert.equal(match('/a.b/*', '/aXb/c'), false, 'regex characters are literal');
});
