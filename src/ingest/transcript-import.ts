import { availableParallelism } from 'node:os';
import type { CanonicalEvent } from '../core/event.js';
import { localOwner } from '../core/scope.js';
import type { FileCheckpoint, Store } from '../store/store.js';
import { claudeConfigRoots, discoverTranscripts, type TranscriptFile } from '../sources/claude-code/discover.js';
import type { ParsedChunk } from '../sources/claude-code/file-parser.js';
import type { WorkerInit, WorkerTask } from '../sources/claude-code/import-worker.js';
import { WorkerPool } from './worker-pool.js';

export interface ImportOptions {
  store: Store;
  /** Claude config roots (dirs holding projects/); default: the discovered ones */
  roots?: string[];
  owner?: WorkerInit['owner'];
  workers?: number;
  /** events per store transaction */
  batchEvents?: number;
  onProgress?: (progress: ImportProgress) => void;
}

export interface ImportProgress {
  bytesDone: number;
  bytesTotal: number;
  filesDone: number;
  filesTotal: number;
  events: number;
}

export interface ImportSummary {
  roots: string[];
  files: number;
  filesRead: number;
  filesUnchanged: number;
  bytes: number;
  lines: number;
  events: number;
  newEvents: number;
  sessions: number;
  malformedLines: number;
  unpricedModels: string[];
  problems: Array<{ path: string; message: string }>;
  seconds: number;
  /** peak resident memory of this process so far (workers included) */
  peakRssBytes: number;
}

/**
 * Import Claude Code transcripts incrementally: only bytes after each file's checkpoint are read,
 * in worker threads, and each batch of events is committed together with the checkpoints it reaches,
 * so an import killed at any moment and run again ends with exactly the same data.
 */
export async function importTranscripts(opts: ImportOptions): Promise<ImportSummary> {
  const started = performance.now();
  const roots = opts.roots ?? claudeConfigRoots();
  const discovery = await discoverTranscripts(roots);
  const checkpoints = await opts.store.getCheckpoints();
  const tasks = planTasks(discovery.files, checkpoints);
  const summary: ImportSummary = {
    roots,
    files: discovery.files.length,
    filesRead: tasks.length,
    filesUnchanged: discovery.files.length - tasks.length,
    bytes: 0,
    lines: 0,
    events: 0,
    newEvents: 0,
    sessions: 0,
    malformedLines: 0,
    unpricedModels: [],
    problems: [...discovery.problems],
    seconds: 0,
    peakRssBytes: 0,
  };
  if (tasks.length > 0) await runTasks(opts, tasks, summary);
  summary.seconds = (performance.now() - started) / 1000;
  summary.peakRssBytes = process.resourceUsage().maxRSS * 1024;
  return summary;
}

/** Which files need reading, and from where. A shrunk or replaced file is read again from 0. */
export function planTasks(files: TranscriptFile[], checkpoints: Map<string, FileCheckpoint>): WorkerTask[] {
  const tasks: WorkerTask[] = [];
  for (const file of files) {
    const seen = checkpoints.get(file.path);
    const replaced = seen && (seen.ino !== file.ino || file.size < seen.offset);
    if (seen && !replaced && seen.size === file.size && seen.mtimeMs === file.mtimeMs) continue;
    const offset = seen && !replaced ? seen.offset : 0;
    if (seen && !replaced && offset === file.size) continue;
    const malformedSoFar = replaced ? 0 : seen?.malformedLines ?? 0;
    tasks.push({ path: file.path, offset, size: file.size, ino: file.ino, mtimeMs: file.mtimeMs, malformedSoFar, fromStart: offset === 0 });
  }
  // largest first, so the long files do not end up alone on one worker at the end
  return tasks.sort((a, b) => b.size - b.offset - (a.size - a.offset));
}

async function runTasks(opts: ImportOptions, tasks: WorkerTask[], summary: ImportSummary): Promise<void> {
  const batchEvents = opts.batchEvents ?? 50_000;
  const inflightBuffer = new SharedArrayBuffer(4);
  const inflight = new Int32Array(inflightBuffer);
  const init: WorkerInit = { owner: opts.owner ?? localOwner, inflight: inflightBuffer, maxInflight: batchEvents * 3 };
  const sessions = new Set<string>();
  const unpriced = new Set<string>();
  const progress: ImportProgress = { bytesDone: 0, bytesTotal: 0, filesDone: 0, filesTotal: tasks.length, events: 0 };
  let pending: CanonicalEvent[] = [];
  let pendingCheckpoints = new Map<string, FileCheckpoint>();
  let writes: Promise<void> = Promise.resolve();
  let writeError: unknown = null;

  const flush = () => {
    const events = pending;
    const cps = [...pendingCheckpoints.values()];
    pending = [];
    pendingCheckpoints = new Map();
    writes = writes.then(async () => {
      if (writeError) return;
      try {
        const result = await opts.store.writeBatch(events, cps);
        summary.newEvents += result.inserted;
      } catch (err) {
        writeError = err;
      } finally {
        Atomics.sub(inflight, 0, events.length);
        Atomics.notify(inflight, 0);
      }
    });
  };

  const onMessage = (message: any) => {
    if (message.type === 'chunk') {
      const chunk = message.chunk as ParsedChunk;
      for (const event of chunk.events) {
        pending.push(event);
        sessions.add(event.sessionId);
        if (event.kind === 'llm_call' && event.costUsd == null && event.model) unpriced.add(event.model);
      }
      pendingCheckpoints.set(chunk.checkpoint.path, chunk.checkpoint);
      summary.bytes += chunk.bytes;
      summary.lines += chunk.lines;
      summary.events += chunk.events.length;
      summary.malformedLines += chunk.malformed;
      progress.bytesDone = summary.bytes;
      progress.events = summary.events;
      if (pending.length >= batchEvents) flush();
    } else if (message.type === 'done' || message.type === 'error') {
      progress.filesDone++;
      if (message.type === 'error') summary.problems.push({ path: message.path, message: message.message });
    }
    opts.onProgress?.(progress);
  };

  progress.bytesTotal = tasks.reduce((sum, task) => sum + Math.max(0, task.size - task.offset), 0);
  const pool = new WorkerPool(new URL('../sources/claude-code/import-worker.js', import.meta.url), init, tasks, onMessage);
  await pool.run(opts.workers ?? defaultWorkers());
  flush();
  await writes;
  if (writeError) throw writeError;
  await opts.store.refreshSessions([...sessions]);
  summary.sessions = sessions.size;
  summary.unpricedModels = [...unpriced].sort();
}

function defaultWorkers(): number {
  return Math.max(1, Math.min(4, availableParallelism()));
}
