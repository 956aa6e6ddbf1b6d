import { availableParallelism } from 'node:os';
import { localOwner } from '../core/scope.js';
import type { FileCheckpoint, Store } from '../store/store.js';
import { claudeConfigRoots, discoverTranscripts, type TranscriptFile } from '../sources/claude-code/discover.js';
import type { EncodedChunk, WorkerInit, WorkerTask } from '../sources/claude-code/import-worker.js';
import { WorkerPool } from './worker-pool.js';

/** Meta key set while stored events may be ahead of their session roll-ups. */
export const ROLLUPS_OWED = 'ingest.rollups_owed';

export interface ImportOptions {
  store: Store;
  /** Claude config roots (dirs holding projects/); default: the discovered ones */
  roots?: string[];
  owner?: WorkerInit['owner'];
  workers?: number;
  /** encoded bytes per store transaction */
  batchBytes?: number;
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
  // Session roll-ups are recomputed after the events are stored; a crash in between must not leave
  // them stale for good, so the debt is recorded first and paid by whichever import runs next.
  const owed = await opts.store.getMeta(ROLLUPS_OWED);
  if (tasks.length > 0) {
    await opts.store.setMeta(ROLLUPS_OWED, String(Date.now()));
    await runTasks(opts, tasks, summary);
  }
  if (owed) await opts.store.refreshSessions();
  if (owed || tasks.length > 0) await opts.store.setMeta(ROLLUPS_OWED, null);
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
  const batchBytes = opts.batchBytes ?? 8 * 1024 * 1024;
  const inflightBuffer = new SharedArrayBuffer(4);
  const inflight = new Int32Array(inflightBuffer);
  const init: WorkerInit = { owner: opts.owner ?? localOwner, inflight: inflightBuffer, maxInflight: 50_000 };
  const sessions = new Set<string>();
  const unpriced = new Set<string>();
  const progress: ImportProgress = { bytesDone: 0, bytesTotal: 0, filesDone: 0, filesTotal: tasks.length, events: 0 };
  const batch = new PendingBatch();
  let writes: Promise<void> = Promise.resolve();
  let writeError: unknown = null;

  const flush = () => {
    const { parts, checkpoints, count, ids } = batch.take();
    if (count === 0 && checkpoints.length === 0) return;
    writes = writes.then(async () => {
      if (writeError) return;
      try {
        summary.newEvents += (await opts.store.writeEventLines(parts, checkpoints, ids)).inserted;
      } catch (err) {
        writeError = err;
      } finally {
        Atomics.sub(inflight, 0, count);
        Atomics.notify(inflight, 0);
      }
    });
  };

  const onMessage = (message: any) => {
    if (message.type === 'chunk') {
      const chunk = message as EncodedChunk;
      batch.add(chunk);
      chunk.sessions.forEach((s) => sessions.add(s));
      chunk.unpricedModels.forEach((m) => unpriced.add(m));
      summary.bytes += chunk.bytes;
      summary.lines += chunk.lines;
      summary.events += chunk.parsedEvents;
      summary.malformedLines += chunk.malformed;
      progress.bytesDone = summary.bytes;
      progress.events = summary.events;
      if (batch.bytes >= batchBytes) flush();
    } else if (message.type === 'done' || message.type === 'error') {
      progress.filesDone++;
      if (message.type === 'error') summary.problems.push({ path: message.path, message: message.message });
    }
    opts.onProgress?.(progress);
  };

  progress.bytesTotal = tasks.reduce((sum, task) => sum + Math.max(0, task.size - task.offset), 0);
  const pool = new WorkerPool(new URL('../sources/claude-code/import-worker.js', import.meta.url), init, tasks, onMessage);
  await pool.run(opts.workers ?? defaultWorkers());
  while (!batch.isEmpty) flush();
  await writes;
  if (writeError) throw writeError;
  await opts.store.refreshSessions([...sessions]);
  // an import is no live write: the dashboard's first read should not wait for its roll-ups
  await opts.store.payOwedRollups();
  summary.sessions = sessions.size;
  summary.unpricedModels = [...unpriced].sort();
}

interface CarriedLine {
  id: string;
  line: Uint8Array;
  path: string;
}

/**
 * Encoded chunks waiting for one store transaction, with the checkpoints they reach. The store's
 * bulk path needs unique ids per transaction, so an event whose id is already in the batch (a tool
 * result whose call was in the previous chunk, a resumed session's copied history) is carried over
 * to the next batch, and so is every later checkpoint of its file: a checkpoint never commits
 * before the events it covers.
 */
class PendingBatch {
  private parts: Uint8Array[] = [];
  private ids = new Set<string>();
  private checkpoints = new Map<string, FileCheckpoint>();
  private carried: CarriedLine[] = [];
  private carriedPaths = new Set<string>();
  private carriedCheckpoints = new Map<string, FileCheckpoint>();
  bytes = 0;

  add(chunk: EncodedChunk): void {
    const path = chunk.checkpoint.path;
    const ids = chunk.count > 0 ? chunk.ids.split('\n') : [];
    if (ids.some((id) => this.ids.has(id))) {
      const lines = splitLines(chunk.ndjson);
      ids.forEach((id, i) => this.addLine({ id, line: lines[i], path }));
    } else if (ids.length > 0) {
      this.parts.push(chunk.ndjson);
      for (const id of ids) this.ids.add(id);
      this.bytes += chunk.ndjson.byteLength;
    }
    this.addCheckpoint(chunk.checkpoint);
  }

  /** Take what is ready; what was carried over starts the next batch. */
  take(): { parts: Uint8Array[]; checkpoints: FileCheckpoint[]; count: number; ids: string[] } {
    const taken = { parts: this.parts, checkpoints: [...this.checkpoints.values()], count: this.ids.size, ids: [...this.ids] };
    const { carried, carriedCheckpoints } = this;
    this.parts = [];
    this.ids = new Set();
    this.checkpoints = new Map();
    this.carried = [];
    this.carriedPaths = new Set();
    this.carriedCheckpoints = new Map();
    this.bytes = 0;
    for (const line of carried) this.addLine(line);
    for (const checkpoint of carriedCheckpoints.values()) this.addCheckpoint(checkpoint);
    return taken;
  }

  get isEmpty(): boolean {
    return this.ids.size === 0 && this.checkpoints.size === 0 && this.carriedCheckpoints.size === 0;
  }

  private addLine(line: CarriedLine): void {
    if (this.ids.has(line.id)) {
      this.carried.push(line);
      this.carriedPaths.add(line.path);
      return;
    }
    this.parts.push(line.line);
    this.ids.add(line.id);
    this.bytes += line.line.byteLength;
  }

  private addCheckpoint(checkpoint: FileCheckpoint): void {
    if (this.carriedPaths.has(checkpoint.path)) this.carriedCheckpoints.set(checkpoint.path, checkpoint);
    else this.checkpoints.set(checkpoint.path, checkpoint);
  }
}

function splitLines(ndjson: Uint8Array): Uint8Array[] {
  const lines: Uint8Array[] = [];
  let start = 0;
  for (let nl = ndjson.indexOf(10); nl !== -1; nl = ndjson.indexOf(10, start)) {
    lines.push(ndjson.subarray(start, nl));
    start = nl + 1;
  }
  lines.push(ndjson.subarray(start));
  return lines;
}

function defaultWorkers(): number {
  return Math.max(1, Math.min(4, availableParallelism()));
}
