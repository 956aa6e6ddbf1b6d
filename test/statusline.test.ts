import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { buildApp } from '../src/server/app.js';
import { ensureToken } from '../src/server/auth/token.js';
import { writeServerFile } from '../src/server/server-file.js';
import { createLiveBus } from '../src/live/index.js';
import { createIngestService } from '../src/ingest/service.js';
import { localScope } from '../src/core/scope.js';
import { STORE_FACTORIES, freshDuckDbStore, type StoreFactory } from './helpers/stores.js';
import { assistantLine, tempClaudeRoot, writeTranscript } from './helpers/transcripts.js';
import { importTranscripts } from '../src/ingest/transcript-import.js';

const BIN = fileURLToPath(new URL('../../bin/sightline.js', import.meta.url));

const PAYLOAD = {
  session_id: 'dddddddd-0000-4000-8000-000000000001', cwd: '/home/dev/shop', model: { id: 'claude-opus-4-6', display_name: 'Opus 4.6' },
  cost: { total_cost_usd: 1.234 }, context_window: { context_window_size: 200000, used_percentage: 41.6 },
  rate_limits: { five_hour: { used_percentage: 37.2, resets_at: 1_800_000_000 }, seven_day: { used_percentage: 12 } },
};

async function startServer(factory: Pick<StoreFactory, 'create'>) {
  const home = await mkdtemp(join(tmpdir(), 'sightline-statusline-'));
  const token = await ensureToken(home);
  const fresh = await factory.create();
  const bus = await createLiveBus({ store: fresh.store });
  const ingest = await createIngestService({ store: fresh.store, bus, roots: [], watch: false });
  const app = await buildApp({ store: fresh.store, bus, ingest, config: { host: '127.0.0.1', port: 0, home, token, version: 't', watchedRoots: [], storeLocation: 't' } });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  await writeServerFile(home, { url: base, pid: process.pid, startedAt: '' });
  return { home, token, base, store: fresh.store, close: async () => { await app.close(); await ingest.stop(); await bus.close(); await fresh.dispose(); await rm(home, { recursive: true, force: true }); } };
}

function runStatusLine(input: string, home: string): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'statusline'], { env: { ...process.env, SIGHTLINE_HOME: home } });
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout }));
    child.stdin.end(input);
  });
}

const midnight = () => { const d = new Date(); d.setHours(0, 0, 0, 0); return d.getTime(); };

for (const factory of STORE_FACTORIES) {
  test(`[${factory.kind}] the status-line route stores the sample and answers today's cost and the 5h block`, async (t) => {
    const server = await startServer(factory);
    t.after(() => server.close());
    const root = await tempClaudeRoot();
    t.after(() => rm(root, { recursive: true, force: true }));
    const now = new Date(Math.max(Date.now() - 60_000, midnight() + 1000)).toISOString();
    writeTranscript(root, '-home-dev-shop/s-cost.jsonl', [assistantLine('s-cost', 'u1', now, 'msg_cost', { input: 1_000_000, output: 0 })]);
    await importTranscripts({ store: server.store, roots: [root], workers: 1 });
    const post = async (body: unknown) => {
      const response = await fetch(`${server.base}/api/v1/hooks/statusline`, {
        method: 'POST', body: JSON.stringify(body),
        headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json', 'x-sightline-day-start': String(midnight()) },
      });
      return { status: response.status, body: await response.json() as any };
    };
    const { status, body } = await post(PAYLOAD);
    assert.equal(status, 200);
    assert.equal(body.todayCostUsd, 3, 'one million sonnet input tokens today');
    assert.equal(body.fiveHourPct, 37.2);
    assert.equal(body.sevenDayPct, 12);
    assert.equal(body.block?.costUsd, 3);
    await post(PAYLOAD); // the same minute: still one sample
    const samples = await server.store.listEvents(localScope, { sessionId: PAYLOAD.session_id });
    assert.equal(samples.length, 1);
    assert.equal(samples[0].kind, 'log');
    assert.deepEqual([(samples[0].attrs?.statusLine as any).fiveHourPct, (samples[0].attrs?.statusLine as any).contextUsedPct], [37.2, 41.6]);
    assert.equal((await post([1])).status, 400);
  });
}

test('sightline statusline prints from the cache when the server is down, and refreshes the cache when it is up', async (t) => {
  const downHome = mkdtempSync(join(tmpdir(), 'sightline-statusline-down-'));
  t.after(() => rmSync(downHome, { recursive: true, force: true }));
  writeFileSync(join(downHome, 'statusline-cache.json'), JSON.stringify({ todayCostUsd: 8.9, dayStart: midnight(), fiveHourPct: 50 }));
  const down = await runStatusLine(JSON.stringify(PAYLOAD), downHome);
  assert.equal(down.code, 0);
  assert.equal(down.stdout, 'Opus 4.6 · ctx 42% · $1.23 session · $8.90 today · 5h 37%\n');
  const garbage = await runStatusLine('nope', downHome);
  assert.equal(garbage.code, 0);
  assert.match(garbage.stdout, /\$8\.90 today · 5h 50%\n$/);

  const server = await startServer({ create: freshDuckDbStore });
  t.after(() => server.close());
  const up = await runStatusLine(JSON.stringify(PAYLOAD), server.home);
  assert.equal(up.code, 0);
  assert.match(up.stdout, /^Opus 4\.6 · ctx 42% · \$1\.23 session · \$– today · 5h 37%\n$/, 'nothing cached yet');
  // the cache is refreshed when the server answers within the status line's short wait: a loaded machine may need a few runs
  for (let tries = 0; tries < 20 && !existsSync(join(server.home, 'statusline-cache.json')); tries++) await runStatusLine(JSON.stringify(PAYLOAD), server.home);
  const cache = JSON.parse(readFileSync(join(server.home, 'statusline-cache.json'), 'utf8'));
  assert.equal(cache.todayCostUsd, 0);
  assert.equal(cache.dayStart, midnight());
  const next = await runStatusLine(JSON.stringify(PAYLOAD), server.home);
  assert.match(next.stdout, /\$0\.00 today/);
});
