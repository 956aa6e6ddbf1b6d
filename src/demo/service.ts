import { rm } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import type { Store } from '../store/store.js';
import type { IngestControl } from '../server/deps.js';
import { writeDemoTranscripts } from './generate.js';

/**
 * Demo data for a first run: generated Claude Code transcripts under `$SIGHTLINE_HOME/demo/`,
 * imported like any transcripts. What makes a session "demo" is where its events came from: every
 * event read from a file under that directory (`source_path`). The ids of those sessions are kept in
 * the store's meta (`demo.sessions`), so the API can mark them (`demo: true`) without scanning events,
 * and removal deletes every event of those sessions and every event read from that directory.
 */
export const DEMO_META_KEY = 'demo.sessions';

export interface DemoStatus {
  loaded: boolean;
  /** demo sessions still in the store */
  sessions: number;
  /** their events */
  events: number;
  /** when the demo data was loaded (epoch ms), null when not loaded */
  loadedAt: number | null;
  sessionIds: string[];
}

export interface DemoRemoval {
  removedEvents: number;
  removedSessions: number;
}

interface DemoMeta {
  sessionIds: string[];
  loadedAt: number;
  /** events imported (nothing adds to demo sessions later), so GET /demo need not count them */
  events?: number;
}

export interface DemoDeps {
  store: Store;
  ingest: IngestControl;
  home: string;
}

/** `$SIGHTLINE_HOME/demo`: a Claude config dir of its own (projects/…), never one of the watched roots. */
export function demoDir(home: string): string {
  return resolve(home, 'demo');
}

const IDS_PER_STATEMENT = 1000;
const CACHE_MS = 3000;

/** Per store: the demo session ids (short cache; load/remove reset it) and the running load/remove. */
const cache = new WeakMap<Store, { at: number; ids: Set<string> }>();
const running = new WeakMap<Store, Promise<unknown>>();

async function readMeta(store: Store): Promise<DemoMeta | null> {
  const raw = await store.getMeta(DEMO_META_KEY);
  if (!raw) return null;
  try {
    const parsed = JSON.parse(raw) as DemoMeta;
    return Array.isArray(parsed.sessionIds) ? parsed : null;
  } catch {
    return null;
  }
}

/** The ids of the demo sessions (empty when none are loaded). */
export async function demoSessionIds(store: Store): Promise<Set<string>> {
  const cached = cache.get(store);
  if (cached && Date.now() - cached.at < CACHE_MS) return cached.ids;
  const ids = new Set((await readMeta(store))?.sessionIds ?? []);
  cache.set(store, { at: Date.now(), ids });
  return ids;
}

/** Adds `demo: true` to the items whose sessionId is a demo session (and `demo: false` to the others). */
export async function markDemo<T extends { sessionId: string }>(store: Store, items: T[]): Promise<Array<T & { demo: boolean }>> {
  const ids = await demoSessionIds(store);
  return items.map((item) => ({ ...item, demo: ids.has(item.sessionId) }));
}

export async function demoStatus(store: Store): Promise<DemoStatus> {
  const meta = await readMeta(store);
  if (!meta) return { loaded: false, sessions: 0, events: 0, loadedAt: null, sessionIds: [] };
  const sessions = await countIn(store, 'sessions', meta.sessionIds);
  const events = meta.events ?? (await countIn(store, 'events', meta.sessionIds));
  return { loaded: true, sessions, events, loadedAt: meta.loadedAt, sessionIds: meta.sessionIds };
}

async function countIn(store: Store, table: 'sessions' | 'events', sessionIds: readonly string[]): Promise<number> {
  let total = 0;
  for (let start = 0; start < sessionIds.length; start += IDS_PER_STATEMENT) {
    const chunk = sessionIds.slice(start, start + IDS_PER_STATEMENT);
    const [row] = await store.reads.all(`SELECT count(*) AS n FROM ${table} WHERE session_id IN (${chunk.map((_, i) => `$${i + 1}`).join(', ')})`, chunk);
    total += Number(row.n);
  }
  return total;
}

/** One load or removal at a time per store; a second request waits for the first. */
function exclusive<T>(store: Store, job: () => Promise<T>): Promise<T> {
  const previous = running.get(store) ?? Promise.resolve();
  const next = previous.then(job, job);
  running.set(store, next.catch(() => undefined));
  return next;
}

/**
 * Generate the demo transcripts (ending now) and import them. Loading again replaces the earlier
 * demo data, so "now" moves with it.
 */
export function loadDemo(deps: DemoDeps, now = Date.now()): Promise<DemoStatus> {
  return exclusive(deps.store, async () => {
    await removeDemoNow(deps);
    const dir = demoDir(deps.home);
    await writeDemoTranscripts(dir, now);
    const summary = await deps.ingest.importNow([dir]);
    if (summary.problems.length && summary.newEvents === 0) throw new Error(`demo import failed: ${summary.problems[0].message}`);
    const sessionIds = await sessionsUnder(deps.store, dir);
    const events = await countIn(deps.store, 'events', sessionIds);
    await deps.store.setMeta(DEMO_META_KEY, JSON.stringify({ sessionIds, loadedAt: now, events } satisfies DemoMeta));
    cache.delete(deps.store);
    return demoStatus(deps.store);
  });
}

/** Delete every demo event and session (roll-ups included) and the demo transcripts. */
export function removeDemo(deps: Pick<DemoDeps, 'store' | 'home'>): Promise<DemoRemoval> {
  return exclusive(deps.store, () => removeDemoNow(deps));
}

async function removeDemoNow(deps: Pick<DemoDeps, 'store' | 'home'>): Promise<DemoRemoval> {
  const dir = demoDir(deps.home);
  const meta = await readMeta(deps.store);
  const ids = new Set([...(meta?.sessionIds ?? []), ...(await sessionsUnder(deps.store, dir))]);
  let removed: DemoRemoval = { removedEvents: 0, removedSessions: 0 };
  if (ids.size > 0 || meta) {
    const deleted = await deps.store.deleteEvents({ sourcePathPrefix: dir + sep, sessionIds: [...ids] });
    await deps.store.refreshSessions(deleted.sessionIds);
    removed = { removedEvents: deleted.events, removedSessions: ids.size };
  } else {
    // no events, but checkpoints of an interrupted load may remain
    await deps.store.deleteEvents({ sourcePathPrefix: dir + sep });
  }
  await deps.store.setMeta(DEMO_META_KEY, null);
  cache.delete(deps.store);
  await rm(dir, { recursive: true, force: true });
  return removed;
}

/** Sessions with an event read from a file under `dir`. */
async function sessionsUnder(store: Store, dir: string): Promise<string[]> {
  const rows = await store.reads.all(`SELECT DISTINCT session_id FROM events WHERE left(source_path, length($1)) = $1`, [dir + sep]);
  return rows.map((r) => String(r.session_id)).sort();
}
