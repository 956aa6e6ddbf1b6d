import { parentPort, workerData } from 'node:worker_threads';
import { defaultPriceTable } from '../../core/pricing/index.js';
import { parseTranscriptFile, type FileTask } from './file-parser.js';
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
  };
  try {
    parseTranscriptFile(task, ctx, (chunk) => {
      waitForRoom();
      Atomics.add(inflight, 0, chunk.events.length);
      parentPort!.postMessage({ type: 'chunk', chunk });
    });
    parentPort!.postMessage({ type: 'done', path: task.path });
  } catch (err) {
    parentPort!.postMessage({ type: 'error', path: task.path, message: describe(err) });
  }
});

function describe(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e?.code === 'ENOENT') return 'file vanished before it could be read';
  if (e?.code === 'EACCES') return 'permission denied';
  return e?.message ?? String(err);
}
