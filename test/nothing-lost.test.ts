import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SightlineClient } from '../src/client/index.js';
import { eventId } from '../src/core/ids.js';
import { openStore } from '../src/store/open.js';
import { spoolHasWork } from '../src/cli/hook-client/spool.js';

const CLI = resolve(new URL('../../bin/sightline.js', import.meta.url).pathname);
const HOOKS_ROUTE_EXISTS = existsSync(new URL('../src/server/routes/hooks.js', import.meta.url));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

/** `sightline serve` as a real child process; resolves once it says it is listening. */
async function startServe(env: NodeJS.ProcessEnv, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [CLI, 'serve', '--port', String(port), '--no-watch', '--log-level', 'silent'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  await new Promise<void>((ready, fail) => {
    const timer = setTimeout(() => fail(new Error(`serve did not start: ${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Sightline is running at')) {
        clearTimeout(timer);
        ready();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
    child.once('exit', (code) => fail(new Error(`serve exited with ${code}: ${output}`)));
  });
  return child;
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((r) => child.once('exit', () => r()));
}

/** One `sightline hook` run with a PreToolUse payload on stdin; it always exits 0 within its budget. */
function runHook(env: NodeJS.ProcessEnv, payload: object): Promise<number | null> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [CLI, 'hook'], { env, stdio: ['pipe', 'ignore', 'ignore'] });
    child.once('exit', (code) => done(code));
    child.stdin!.end(JSON.stringify(payload));
  });
}

test('nothing lost: client batches and hook payloads keep flowing while serve is SIGKILLed and restarted', { timeout: 180_000 }, async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'sightline-nothing-lost-'));
  const home = join(dir, 'home');
  const claude = join(dir, 'claude');
  await mkdir(claude, { recursive: true });
  const env = { ...process.env, SIGHTLINE_HOME: home, CLAUDE_CONFIG_DIR: claude, DATABASE_URL: '' };
  const port = await freePort();
  let server = await startServe(env, port);
  t.after(() => void server.kill('SIGKILL')); // a failed assertion must not leave serve running (the test file would never exit)
  const token = (await readFile(join(home, 'token'), 'utf8')).trim();

  const client = new SightlineClient({ url: `http://127.0.0.1:${port}`, token, bufferDir: join(dir, 'client-buffer'), batchSize: 200, flushIntervalMs: 50, maxBackoffMs: 300 });
  const clientIds: string[] = [];
  const hookIds: string[] = [];
  let sending = true;
  const clientSender = (async () => {
    for (let n = 0; sending; n++) {
      for (let i = 0; i < 20; i++) clientIds.push(client.log(`event ${n}.${i}`, { sessionId: 'nothing-lost', ts: Date.now() })!);
      await sleep(10); // ~2,000 events/s
    }
  })();
  const hookSender = (async () => {
    if (!HOOKS_ROUTE_EXISTS) return;
    for (let n = 0; sending; n++) {
      const toolUseId = `toolu_nothing_lost_${n}`;
      const payload = { hook_event_name: 'PreToolUse', session_id: 'nothing-lost-hooks', cwd: '/tmp/nothing-lost', tool_name: 'Bash', tool_use_id: toolUseId, tool_input: { command: `echo ${n}` } };
      assert.equal(await runHook(env, payload), 0);
      hookIds.push(eventId('cc', 'tool', toolUseId));
    }
  })();

  await sleep(1500);
  server.kill('SIGKILL');
  await exited(server);
  await sleep(1500); // the server is down: the client buffers on disk, hooks spool
  server = await startServe(env, port);
  await sleep(1500);
  sending = false;
  await Promise.all([clientSender, hookSender]);
  assert.equal(await client.close(60_000), true, 'the client delivered everything');
  assert.equal(client.stats().dropped, 0);
  assert.ok(client.stats().retries > 0, 'the kill happened while the client was sending');
  // hook runs deliver the spool a bounded slice at a time: a few more calls empty it
  // (on a loaded machine each run delivers less: keep going for up to a minute)
  const drainDeadline = Date.now() + 60_000;
  for (let n = 0; HOOKS_ROUTE_EXISTS && spoolHasWork(home) && (n < 50 || Date.now() < drainDeadline); n++) {
    const toolUseId = `toolu_nothing_lost_drain_${n}`;
    await runHook(env, { hook_event_name: 'PreToolUse', session_id: 'nothing-lost-hooks', cwd: '/tmp/nothing-lost', tool_name: 'Bash', tool_use_id: toolUseId, tool_input: {} });
    hookIds.push(eventId('cc', 'tool', toolUseId));
  }
  assert.equal(HOOKS_ROUTE_EXISTS && spoolHasWork(home), false, 'the hook spool was delivered');

  server.kill('SIGTERM');
  await exited(server);
  const store = await openStore({ databaseUrl: '', duckdbPath: join(home, 'sightline.duckdb') });
  try {
    const counts = new Map((await store.reads.all('SELECT id, count(*) AS n FROM events GROUP BY id')).map((r) => [String(r.id), Number(r.n)]));
    const sent = [...clientIds, ...hookIds];
    assert.ok(clientIds.length > 1000, `sent ${clientIds.length} client events`);
    if (HOOKS_ROUTE_EXISTS) assert.ok(hookIds.length > 3, `sent ${hookIds.length} hook payloads`);
    t.diagnostic(`client events ${clientIds.length} (retries ${client.stats().retries}), hook payloads ${hookIds.length}${HOOKS_ROUTE_EXISTS ? '' : ' (no hooks route: hook part skipped)'}`);
    const missing = sent.filter((id) => !counts.has(id));
    const duplicated = [...counts].filter(([, n]) => n > 1);
    assert.deepEqual(missing, [], `${missing.length} of ${sent.length} events never stored`);
    assert.deepEqual(duplicated, [], 'an id stored more than once');
  } finally {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
});
