import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generateTranscripts } from '../bench/generate.js';
import { tempClaudeRoot } from './helpers/transcripts.js';

const SIGHTLINE = resolve(new URL('../../bin/sightline.js', import.meta.url).pathname);

function env(home: string) {
  const e: NodeJS.ProcessEnv = { ...process.env, SIGHTLINE_HOME: home, TZ: 'UTC' };
  delete e.DATABASE_URL;
  return e;
}

function cli(home: string, args: string[]): string {
  return execFileSync(process.execPath, [SIGHTLINE, ...args], { env: env(home), maxBuffer: 64 * 1024 * 1024 }).toString();
}

/** Start an import and SIGKILL it after `ms`; resolves once it is dead (or finished first). */
function importKilledAfter(home: string, root: string, ms: number): Promise<string> {
  return new Promise((done) => {
    // small transactions, so that a kill lands between commits: some sessions stored, their roll-ups not yet
    const child = spawn(process.execPath, [SIGHTLINE, 'import', root, '--quiet', '--batch-mb', '0.25'], { env: env(home), stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), ms);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      done(signal ?? `exit ${code}`);
    });
  });
}

/** Session roll-ups as the API and dashboard see them (must not stay stale after a crash). */
async function sessionRollups(home: string) {
  const { openStore } = await import('../src/store/open.js');
  const { localScope } = await import('../src/core/scope.js');
  const store = await openStore({ databaseUrl: '', duckdbPath: join(home, 'sightline.duckdb') });
  try {
    const sessions = await store.listSessions(localScope, { limit: 100_000 });
    return sessions.map((s) => [s.sessionId, s.llmCalls, s.toolCalls, s.prompts, s.inputTokens + s.outputTokens + s.cacheReadTokens + s.cacheCreationTokens]).sort();
  } finally {
    await store.close();
  }
}

function dailyTotals(home: string) {
  const report = JSON.parse(cli(home, ['report', 'daily', '--json', '--timezone', 'UTC']));
  return { days: report.daily.map((d: any) => [d.period, d.inputTokens, d.outputTokens, d.cacheCreationTokens, d.cacheReadTokens]), cost: report.totals.totalCost };
}

test('an import killed with SIGKILL at a random moment, run again, ends with the totals of an uninterrupted import', async () => {
  const root = await tempClaudeRoot();
  await generateTranscripts({ outDir: root, totalBytes: 80_000_000, seed: 5 });
  const cleanHome = mkdtempSync(join(tmpdir(), 'sightline-clean-'));
  const started = performance.now();
  cli(cleanHome, ['import', root, '--quiet']);
  const fullMs = performance.now() - started;
  const expected = dailyTotals(cleanHome);
  const sessionsExpected = JSON.parse(cli(cleanHome, ['report', 'session', '--json'])).session.length;
  const rollupsExpected = await sessionRollups(cleanHome);

  for (let trial = 0; trial < 3; trial++) {
    const home = mkdtempSync(join(tmpdir(), 'sightline-crash-'));
    const killAt = Math.round(fullMs * (0.15 + 0.7 * Math.random()));
    const outcome = await importKilledAfter(home, root, killAt);
    cli(home, ['import', root, '--quiet']);
    const actual = dailyTotals(home);
    assert.deepEqual(actual.days, expected.days, `trial ${trial}: killed after ${killAt} ms (${outcome})`);
    assert.ok(Math.abs(actual.cost - expected.cost) < 1e-6, `trial ${trial}: cost`);
    assert.equal(JSON.parse(cli(home, ['report', 'session', '--json'])).session.length, sessionsExpected);
    assert.deepEqual(await sessionRollups(home), rollupsExpected, `trial ${trial}: session roll-ups caught up`);
  }
});
