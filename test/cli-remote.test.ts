import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generateTranscripts } from '../bench/generate.js';

const SIGHTLINE = resolve(new URL('../../bin/sightline.js', import.meta.url).pathname);

let dir: string;
let transcripts: string;

/** The CLI's environment: its own home, no discovered Claude dirs, the embedded store. */
function env(home: string): NodeJS.ProcessEnv {
  return { ...process.env, SIGHTLINE_HOME: home, CLAUDE_CONFIG_DIR: join(dir, 'empty'), DATABASE_URL: '', TZ: 'UTC', NO_COLOR: '1' };
}

function run(home: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [SIGHTLINE, ...args], { env: env(home), maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      done({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

async function runJson(home: string, args: string[]): Promise<Record<string, unknown>> {
  const result = await run(home, args);
  assert.equal(result.code, 0, `sightline ${args.join(' ')} failed: ${result.stderr}`);
  return JSON.parse(result.stdout);
}

/** Starts `sightline serve` and resolves once it printed its URL. */
function startServe(home: string, args: string[] = []): Promise<{ child: ChildProcess; tokenUrl: string; exited: Promise<number | null> }> {
  const child = spawn(process.execPath, [SIGHTLINE, 'serve', '--port', '0', '--no-watch', '--log-level', 'warn', ...args], { env: env(home), stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  let output = '';
  return new Promise((done, fail) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Sightline is running at (http:\/\/\S+)/.exec(output);
      if (match) done({ child, tokenUrl: match[1], exited });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    void exited.then((code) => fail(new Error(`serve exited (${code}) before printing its URL:\n${output}`)));
  });
}

const SUMMARY_FIELDS = ['files', 'filesRead', 'filesUnchanged', 'bytes', 'events', 'newEvents', 'sessions', 'malformedLines', 'unpricedModels'];
const pick = (summary: Record<string, unknown>) => Object.fromEntries(SUMMARY_FIELDS.map((key) => [key, summary[key]]));

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sightline-remote-'));
  transcripts = join(dir, 'claude');
  await generateTranscripts({ outDir: transcripts, totalBytes: 300_000, seed: 21 });
  await mkdir(join(dir, 'empty', 'projects'), { recursive: true });
});

after(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('serve --help explains the port, the token and the options', async () => {
  const { code, stdout } = await run(join(dir, 'help-home'), ['serve', '--help']);
  assert.equal(code, 0);
  for (const words of ['7317', '--port', '--host', '--no-watch', 'token']) assert.ok(stdout.includes(words), `help lacks ${words}`);
});

test('import and report talk to a running serve over HTTP and give the numbers of a direct run; SIGTERM stops it cleanly', async () => {
  const directHome = join(dir, 'direct');
  const directImport = await runJson(directHome, ['import', transcripts, '--json', '--quiet']);
  const directDaily = await runJson(directHome, ['report', 'daily', '--json', '--timezone', 'UTC']);
  const directSessions = await runJson(directHome, ['report', 'session', '--json']);
  assert.ok((directDaily.daily as unknown[]).length > 0);

  const home = join(dir, 'served');
  const serve = await startServe(home);
  try {
    const token = (await readFile(join(home, 'token'), 'utf8')).trim();
    assert.equal((await stat(join(home, 'token'))).mode & 0o777, 0o600);
    assert.equal(new URL(serve.tokenUrl).searchParams.get('token'), token);
    const serverFile = JSON.parse(await readFile(join(home, 'server.json'), 'utf8'));
    assert.equal(serverFile.pid, serve.child.pid);
    assert.equal(serverFile.url, new URL(serve.tokenUrl).origin);
    assert.equal((await stat(join(home, 'server.json'))).mode & 0o777, 0o600);

    // the server holds the DuckDB file: these can only succeed through HTTP
    const remoteImport = await runJson(home, ['import', transcripts, '--json']);
    assert.deepEqual(pick(remoteImport), pick(directImport));
    assert.deepEqual(await runJson(home, ['report', 'daily', '--json', '--timezone', 'UTC']), directDaily);
    assert.deepEqual(await runJson(home, ['report', 'session', '--json']), directSessions);
    const table = await run(home, ['report', 'daily', '--timezone', 'UTC']);
    assert.equal(table.code, 0, table.stderr);
    assert.match(table.stdout, /Daily/);
    const again = await runJson(home, ['import', transcripts, '--json']);
    assert.equal(again.newEvents, 0, 'a second import through the server is incremental');
    const badFlag = await run(home, ['report', 'daily', '--timezone', 'Mars/Base']);
    assert.equal(badFlag.code, 2, 'usage errors are caught before the server is asked');
  } finally {
    serve.child.kill('SIGTERM');
  }
  assert.equal(await serve.exited, 0);
  assert.equal(existsSync(join(home, 'server.json')), false, 'server.json is removed on exit');
  // the store was closed cleanly and holds what the server imported
  assert.deepEqual(await runJson(home, ['report', 'daily', '--json', '--timezone', 'UTC']), directDaily);
});

test('serve on a port in use fails with a message naming the port and --port', async () => {
  const blocker = createServer();
  await new Promise<void>((done) => blocker.listen(0, '127.0.0.1', done));
  const port = (blocker.address() as { port: number }).port;
  try {
    const { code, stderr } = await run(join(dir, 'busy'), ['serve', '--port', String(port), '--no-watch', '--log-level', 'silent']);
    assert.equal(code, 1);
    assert.match(stderr, new RegExp(`port ${port}`));
    assert.match(stderr, /--port/);
    assert.equal(existsSync(join(dir, 'busy', 'server.json')), false);
  } finally {
    blocker.close();
  }
});

test('a stale server.json (dead pid) is ignored: the CLI opens the store itself', async () => {
  const home = join(dir, 'stale');
  await mkdir(home, { recursive: true });
  const { writeFile } = await import('node:fs/promises');
  await writeFile(join(home, 'server.json'), JSON.stringify({ url: 'http://127.0.0.1:9', pid: 2 ** 22 + 12345, startedAt: new Date().toISOString() }));
  const summary = await runJson(home, ['import', transcripts, '--json', '--quiet']);
  assert.ok((summary.newEvents as number) > 0);
});
