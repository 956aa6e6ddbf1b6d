/**
 * `sightline hook` and `sightline statusline` start-up: whole process, spawn to exit, median of
 * 20 runs, with the server up and down, against a bare `node -e 0`. Target: each under 150 ms.
 * Run alone: `node dist/bench/hooks-bench.js`.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startServer } from '../src/server/start.js';
import { writeServerFile } from '../src/server/server-file.js';

const SIGHTLINE = resolve(new URL('../..', import.meta.url).pathname, 'bin', 'sightline.js');
const RUNS = 20;

export interface HookBench {
  /** `sightline hook`, server up */
  hookMedianMs: number;
  /** `sightline statusline`, server up */
  statuslineMedianMs: number;
  /** `node -e 0` on this machine, for scale */
  nodeMedianMs: number;
  hookDownMedianMs: number;
  statuslineDownMedianMs: number;
}

const HOOK_PAYLOAD = JSON.stringify({
  session_id: 'bench-session', transcript_path: '/home/dev/.claude/projects/-home-dev-shop/bench-session.jsonl', cwd: '/home/dev/shop',
  hook_event_name: 'PostToolUse', tool_name: 'Bash', tool_input: { command: 'npm test' }, tool_response: { stdout: '12 passed', stderr: '' }, tool_use_id: 'toolu_bench', duration_ms: 120,
});
const STATUS_PAYLOAD = JSON.stringify({
  session_id: 'bench-session', model: { id: 'claude-sonnet-4-6', display_name: 'Sonnet 4.6' }, cost: { total_cost_usd: 0.42 },
  context_window: { context_window_size: 200000, used_percentage: 12 }, rate_limits: { five_hour: { used_percentage: 20 } },
});

export async function benchHookCommands(): Promise<HookBench> {
  const upHome = mkdtempSync(join(tmpdir(), 'sightline-hookbench-up-'));
  const downHome = mkdtempSync(join(tmpdir(), 'sightline-hookbench-down-'));
  const previousHome = process.env.SIGHTLINE_HOME;
  process.env.SIGHTLINE_HOME = upHome; // the server's DuckDB file lives in its home
  const server = await startServer({ home: upHome, host: '127.0.0.1', port: 0, roots: [], watch: false, version: 'bench', databaseUrl: '' });
  try {
    await writeServerFile(upHome, { url: server.url, pid: process.pid, startedAt: new Date().toISOString() });
    writeFileSync(join(downHome, 'token'), server.token);
    await writeServerFile(downHome, { url: 'http://127.0.0.1:9', pid: process.pid, startedAt: '' }); // nothing listens on port 9
    const sightline = (home: string, args: string[], input: string) => () => timedRun(process.execPath, [SIGHTLINE, ...args], input, home);
    return {
      nodeMedianMs: await median(() => timedRun(process.execPath, ['-e', '0'], '', upHome)),
      hookMedianMs: await median(sightline(upHome, ['hook'], HOOK_PAYLOAD)),
      hookDownMedianMs: await median(sightline(downHome, ['hook'], HOOK_PAYLOAD)),
      statuslineMedianMs: await median(sightline(upHome, ['statusline'], STATUS_PAYLOAD)),
      statuslineDownMedianMs: await median(sightline(downHome, ['statusline'], STATUS_PAYLOAD)),
    };
  } finally {
    await server.close();
    if (previousHome === undefined) delete process.env.SIGHTLINE_HOME;
    else process.env.SIGHTLINE_HOME = previousHome;
    rmSync(upHome, { recursive: true, force: true });
    rmSync(downHome, { recursive: true, force: true });
  }
}

/** Spawn to exit, in ms, with `input` on stdin (then closed, as Claude Code does). */
function timedRun(cmd: string, args: string[], input: string, home: string): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const started = performance.now();
    const child = spawn(cmd, args, { env: { ...process.env, SIGHTLINE_HOME: home }, stdio: ['pipe', 'ignore', 'ignore'] });
    child.on('error', reject);
    child.on('close', () => resolvePromise(performance.now() - started));
    child.stdin.end(input);
  });
}

async function median(run: () => Promise<number>): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) samples.push(await run());
  samples.sort((a, b) => a - b);
  return Math.round(samples[Math.floor(samples.length / 2)] * 10) / 10;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/^.*\/dist\//, '/dist/'))) {
  const result = await benchHookCommands();
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
