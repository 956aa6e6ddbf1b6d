import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { openStore } from '../../src/store/open.js';
import { startServer } from '../../src/server/start.js';
import { seedEvents } from './event-seeder.js';

export interface EndpointTiming {
  path: string;
  p50: number;
  p95: number;
  samples: number;
}

/** Seed (once, reused) a store of `events` events in `home`, then time every read endpoint over real HTTP. */
export async function benchReadApi(home: string, events: number, databaseUrl?: string): Promise<EndpointTiming[]> {
  await ensureSeeded(home, events, databaseUrl);
  process.env.SIGHTLINE_HOME = home; // the embedded store lives in $SIGHTLINE_HOME
  const server = await startServer({ home, host: '127.0.0.1', port: 0, roots: [], watch: false, version: 'bench', databaseUrl, logger: false });
  try {
    const get = (path: string) => fetch(server.url + path, { headers: { authorization: `Bearer ${server.token}` } });
    const sessions = (await (await get('/api/v1/sessions?limit=5&sort=tokens')).json()) as { items: Array<{ sessionId: string }> };
    const session = sessions.items[0]?.sessionId;
    const timeline = (await (await get(`/api/v1/sessions/${session}/events?limit=5`)).json()) as { items: Array<{ id: string }> };
    const eventId = timeline.items[0]?.id;
    const paths = [
      '/api/v1/overview', '/api/v1/sessions', `/api/v1/sessions/${session}`, `/api/v1/sessions/${session}/events`,
      `/api/v1/sessions/${session}/context`, '/api/v1/tokens', '/api/v1/tokens/blocks', '/api/v1/tools', '/api/v1/tools/bash',
      '/api/v1/errors', '/api/v1/performance', '/api/v1/logs', '/api/v1/logs?q=error', `/api/v1/events/${eventId}`,
    ];
    const timings: EndpointTiming[] = [];
    for (const path of paths) timings.push(await timeEndpoint(path, get));
    return timings;
  } finally {
    await server.close();
  }
}

/** 30 timed requests after 3 warm-ups, or fewer (at least 5) when an endpoint is slow: ~20 s each at most. */
async function timeEndpoint(path: string, get: (path: string) => Promise<Response>): Promise<EndpointTiming> {
  for (let i = 0; i < 3; i++) await (await get(path)).arrayBuffer();
  const samples: number[] = [];
  const started = performance.now();
  for (let i = 0; i < 30 && (i < 5 || performance.now() - started < 20_000); i++) {
    const started = performance.now();
    const response = await get(path);
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  return { path, p50: samples[Math.floor(samples.length * 0.5)], p95: samples[Math.min(samples.length - 1, Math.floor(samples.length * 0.95))], samples: samples.length };
}

export async function ensureSeeded(home: string, events: number, databaseUrl?: string): Promise<void> {
  const marker = join(home, `seeded-${events}`);
  if (existsSync(marker)) return;
  mkdirSync(home, { recursive: true });
  const store = await openStore({ databaseUrl: databaseUrl ?? '', duckdbPath: join(home, 'sightline.duckdb') });
  try {
    const started = performance.now();
    let last = 0;
    await seedEvents(store, {
      events,
      onProgress: (n) => {
        if (n - last >= 1_000_000) process.stderr.write(`  seeded ${(n / 1e6).toFixed(0)}M events …\n`);
        if (n - last >= 1_000_000) last = n;
      },
    });
    process.stderr.write(`  seeded ${events.toLocaleString('en-US')} events in ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
    const { writeFileSync } = await import('node:fs');
    writeFileSync(marker, new Date().toISOString());
  } finally {
    await store.close();
  }
}
