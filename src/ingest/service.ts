import type { Store } from '../store/store.js';
import type { LiveBus } from '../live/types.js';
import type { IngestControl, IngestStatus } from '../server/deps.js';
import { discoverTranscripts } from '../sources/claude-code/discover.js';
import { FileWatcher } from './file-watcher.js';
import { ingestIncrement } from './incremental.js';
import { importTranscripts, planTasks, type ImportSummary } from './transcript-import.js';

export interface IngestServiceOptions {
  store: Store;
  bus: LiveBus;
  roots: string[];
  watch: boolean;
  /** how often to rescan even without file-system events (ms) */
  pollMs?: number;
}

export type IngestService = IngestControl & { start(): Promise<void>; stop(): Promise<void> };

/** Increments bigger than this go through the parallel importer instead of the live path. */
const LIVE_PATH_MAX_BYTES = 32 * 1024 * 1024;

/**
 * Continuous ingestion for `sightline serve`: a catch-up import at start, then every change noticed
 * by the watcher (or the poll) is read from its checkpoint, stored and published on the live bus.
 * Passes never overlap: a change during a pass schedules one more pass after it.
 */
export async function createIngestService(opts: IngestServiceOptions): Promise<IngestService> {
  const status: IngestStatus = {
    roots: opts.roots,
    watching: 'off',
    files: 0,
    lastPassAt: null,
    lastEventAt: null,
    lagMs: 0,
    eventsIngested: 0,
    malformedLines: 0,
    problems: [],
    caughtUp: false,
  };
  let running: Promise<unknown> = Promise.resolve();
  let again = false;
  let busy = false;
  let stopped = false;

  const serialize = <T>(job: () => Promise<T>): Promise<T> => {
    const next = running.then(job, job);
    running = next.catch(() => undefined);
    return next;
  };

  const pass = async (): Promise<void> => {
    const noticed = Date.now();
    const discovery = await discoverTranscripts(opts.roots);
    status.files = discovery.files.length;
    const tasks = planTasks(discovery.files, await opts.store.getCheckpoints());
    const bytes = tasks.reduce((sum, t) => sum + t.size - t.offset, 0);
    if (tasks.length > 0 && bytes > LIVE_PATH_MAX_BYTES) {
      record(await importTranscripts({ store: opts.store, roots: opts.roots }), noticed);
    } else if (tasks.length > 0) {
      const result = await ingestIncrement(opts.store, tasks);
      if (result.events.length > 0) await opts.bus.publish(result.events);
      status.eventsIngested += result.events.length;
      status.malformedLines += result.malformed;
      status.problems = [...discovery.problems, ...result.problems].slice(-50);
      const newest = result.events.reduce((max, e) => Math.max(max, e.ts), 0);
      if (newest) status.lastEventAt = Math.max(status.lastEventAt ?? 0, newest);
      status.lagMs = Date.now() - noticed;
    }
    status.lastPassAt = Date.now();
  };

  const record = (summary: ImportSummary, noticed: number) => {
    status.eventsIngested += summary.newEvents;
    status.malformedLines += summary.malformedLines;
    status.problems = summary.problems.slice(-50);
    status.lagMs = Date.now() - noticed;
    status.lastEventAt = Date.now();
  };

  // Coalesce bursts of change notices into one pass at a time.
  const schedule = (): void => {
    if (stopped) return;
    if (busy) {
      again = true;
      return;
    }
    busy = true;
    void serialize(pass)
      .catch((err) => status.problems.push({ path: '(ingest)', message: (err as Error).message }))
      .finally(() => {
        busy = false;
        if (again) {
          again = false;
          schedule();
        }
      });
  };

  const watcher = new FileWatcher(opts.roots, schedule, { pollMs: opts.pollMs ?? 1000, debounceMs: 25 });

  return {
    status: () => ({ ...status, watching: watcher.mode }),
    importNow: (roots) =>
      serialize(async () => {
        const summary = await importTranscripts({ store: opts.store, roots: roots ?? opts.roots });
        record(summary, Date.now());
        return summary;
      }),
    async start() {
      const summary = await serialize(() => importTranscripts({ store: opts.store, roots: opts.roots }));
      record(summary, Date.now());
      status.files = summary.files;
      status.caughtUp = true;
      if (opts.watch) watcher.start();
    },
    async stop() {
      stopped = true;
      watcher.stop();
      await running;
    },
  };
}
