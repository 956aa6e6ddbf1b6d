import { appendFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { startServer } from '../../src/server/start.js';

export interface LiveLatency {
  samples: number;
  p50: number;
  p99: number;
  max: number;
  rssStartMiB: number;
  rssEndMiB: number;
  rssMaxMiB: number;
  /** RSS at each quarter of the run, to tell a plateau from a leak */
  rssQuartersMiB: number[];
  seconds: number;
}

/**
 * Append prompt lines to a watched transcript at `perSecond` for `seconds`, and time each one from
 * the append to its arrival at a subscribed WebSocket client. RSS is sampled throughout (soak).
 */
export async function benchLiveLatency(seconds: number, perSecond: number): Promise<LiveLatency> {
  const home = mkdtempSync(join(tmpdir(), 'sightline-live-bench-'));
  const claude = join(home, 'claude');
  const session = 'dddddddd-0000-4000-8000-000000000004';
  const file = join(claude, 'projects', '-bench', `${session}.jsonl`);
  mkdirSync(join(claude, 'projects', '-bench'), { recursive: true });
  writeFileSync(file, '');
  process.env.SIGHTLINE_HOME = home;
  const server = await startServer({ home, host: '127.0.0.1', port: 0, roots: [claude], watch: true, version: 'bench', databaseUrl: '', logger: false });
  const sent = new Map<string, number>();
  const latencies: number[] = [];
  const rss: number[] = [];
  const ws = new WebSocket(`${server.url.replace('http', 'ws')}/api/v1/live`, { headers: { authorization: `Bearer ${server.token}` } });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  ws.on('message', (raw) => {
    const text = raw.toString();
    for (const match of text.matchAll(/bench-marker-(\d+)/g)) {
      const at = sent.get(match[0]);
      if (at !== undefined) {
        latencies.push(performance.now() - at);
        sent.delete(match[0]);
      }
    }
  });
  ws.send(JSON.stringify({ type: 'subscribe', id: 'bench', channel: 'events' }));
  await new Promise((r) => setTimeout(r, 300));
  const started = performance.now();
  let n = 0;
  const sampler = setInterval(() => rss.push(process.memoryUsage().rss / 2 ** 20), 1000);
  while (performance.now() - started < seconds * 1000) {
    const marker = `bench-marker-${n}`;
    const line = { type: 'user', uuid: `u-${n}`, parentUuid: null, isSidechain: false, cwd: '/bench', sessionId: session, version: '2.1.120', timestamp: new Date().toISOString(), message: { role: 'user', content: `prompt ${marker}` } };
    sent.set(marker, performance.now());
    appendFileSync(file, JSON.stringify(line) + '\n');
    n++;
    await new Promise((r) => setTimeout(r, 1000 / perSecond));
  }
  await new Promise((r) => setTimeout(r, 1500));
  clearInterval(sampler);
  ws.close();
  await server.close();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * q))] ?? NaN;
  if (sent.size > 0) process.stderr.write(`  ${sent.size} of ${n} appended lines never reached the client\n`);
  return {
    samples: latencies.length,
    p50: at(0.5),
    p99: at(0.99),
    max: latencies[latencies.length - 1] ?? NaN,
    rssStartMiB: rss[0] ?? NaN,
    rssEndMiB: rss[rss.length - 1] ?? NaN,
    rssMaxMiB: Math.max(...rss),
    rssQuartersMiB: [0.25, 0.5, 0.75, 1].map((q) => rss[Math.min(rss.length - 1, Math.floor(rss.length * q))] ?? NaN),
    seconds,
  };
}
