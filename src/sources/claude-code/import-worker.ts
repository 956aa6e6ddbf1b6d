import { parentPort, workerData } from 'node:worker_threads';
import { defaultPriceTable } from '../../core/pricing/index.js';
import { mergeBatch } from '../../core/merge.js';
import { parseTranscriptFile, type FileTask, type ParsedChunk } from './file-parser.js';
import { transcriptKeys, isSubagentFile } from './paths.js';
import type { FileContext } from './line-events.js';

/** Sent by the importer: one file to read from its checkpoint. */
export interface WorkerTask extends FileTask {
  fromStart: boolean;
}

export interface WorkerInit {
  owner: { teamId: string; userId: string; visibility: 'private' | 'team' | 'public' };
  /** [0] = events handed to the importer and not yet written; workers wait while it is above maxInflight */
  inflight: SharedArrayBuffer;
  maxInflight: number;
}

const init = workerData as WorkerInit;
const inflight = new Int32Array(init.inflight);
const prices = defaultPriceTable();

function waitForRoom(): void {
  // Backpressure: the importer writes slower than we parse on a big import; memory must stay bounded.
  for (let current = Atomics.load(inflight, 0); current > init.maxInflight; current = Atomics.load(inflight, 0)) {
    Atomics.wait(inflight, 0, current, 100);
  }
}

parentPort!.on('message', (task: WorkerTask) => {
  const { sessionId, project } = transcriptKeys(task.path);
  const ctx: FileContext = {
    path: task.path,
    sessionId,
    project,
    ...init.owner,
    prices,
    lastTs: task.fromStart ? 0 : task.mtimeMs,
    sawSessionStart: !task.fromStart,
    isSubagentFile: isSubagentFile(task.path),
    seenUsage: new Map(),
  };
  try {
    parseTranscriptFile(task, ctx, (chunk) => {
      const encoded = encodeChunk(chunk);
      waitForRoom();
      Atomics.add(inflight, 0, encoded.count);
      // the bytes move to the importer without a copy; strings would be serialized and copied twice
      parentPort!.postMessage(encoded, [encoded.ndjson.buffer as ArrayBuffer]);
    });
    parentPort!.postMessage({ type: 'done', path: task.path });
  } catch (err) {
    parentPort!.postMessage({ type: 'error', path: task.path, message: describe(err) });
  }
});

/** What the importer needs of a chunk; events travel JSON-encoded (cheaper than structured clone). */
export interface EncodedChunk {
  type: 'chunk';
  /** UTF-8 JSON lines, one event each */
  ndjson: Uint8Array;
  /** the events' ids, newline-separated */
  ids: string;
  count: number;
  sessions: string[];
  unpricedModels: string[];
  checkpoint: ParsedChunk['checkpoint'];
  bytes: number;
  lines: number;
  malformed: number;
  parsedEvents: number;
}

function encodeChunk(chunk: ParsedChunk): EncodedChunk {
  const events = mergeBatch(chunk.events);
  const lines: string[] = new Array(events.length);
  const ids: string[] = new Array(events.length);
  const sessions = new Set<string>();
  const unpriced = new Set<string>();
  for (let i = 0; i < events.length; i++) {
    const event = events[i];
    lines[i] = JSON.stringify(event);
    ids[i] = event.id;
    sessions.add(event.sessionId);
    if (event.kind === 'llm_call' && event.costUsd == null && event.model) unpriced.add(event.model);
  }
  const { checkpoint, bytes, malformed } = chunk;
  const ndjson = Buffer.from(lines.join('\n'), 'utf8');
  return {
    type: 'chunk', ndjson: new Uint8Array(ndjson.buffer, ndjson.byteOffset, ndjson.byteLength), ids: ids.join('\n'), count: events.length,
    sessions: [...sessions], unpricedModels: [...unpriced], checkpoint, bytes, lines: chunk.lines, malformed, parsedEvents: chunk.events.length,
  };
}

function describe(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e?.code === 'ENOENT') return 'file vanished before it could be read';
  if (e?.code === 'EACCES') return 'permission denied';
  return e?.message ?? String(err);
}
