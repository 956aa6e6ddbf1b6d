import type { CanonicalEvent } from '../core/event.js';
import { defaultPriceTable, type PriceTable } from '../core/pricing/index.js';
import { localOwner } from '../core/scope.js';
import type { FileCheckpoint } from '../store/store.js';
import { parseTranscriptFile } from '../sources/claude-code/file-parser.js';
import type { FileContext } from '../sources/claude-code/line-events.js';
import { isSubagentFile, transcriptKeys } from '../sources/claude-code/paths.js';
import type { WorkerTask } from '../sources/claude-code/import-worker.js';

/** Events read from one file up to a checkpoint: delivered together, or not at all. */
export interface ReadSegment {
  events: CanonicalEvent[];
  checkpoint: FileCheckpoint;
  bytes: number;
  malformed: number;
}

export interface FileRead {
  segments: ReadSegment[];
  /** false when the budget stopped the read before the end of the file: read on from the last checkpoint */
  complete: boolean;
}

/** Thrown from the parser's callback to stop reading once enough is in hand. */
const ENOUGH = Symbol('enough');

let prices: PriceTable | null = null;

/**
 * Read a transcript from its delivered offset, with the same parser as `sightline import` (so ids
 * and events are identical), stopping after about `budget` events. Owner fields are placeholders:
 * the server stamps the pushing key's team and user.
 */
export function readTranscript(task: WorkerTask, budget: number): FileRead {
  const segments: ReadSegment[] = [];
  let events = 0;
  try {
    parseTranscriptFile(task, contextOf(task), (chunk) => {
      segments.push({ events: chunk.events, checkpoint: chunk.checkpoint, bytes: chunk.bytes, malformed: chunk.malformed });
      events += chunk.events.length;
      if (events >= budget) throw ENOUGH;
    });
  } catch (error) {
    if (error !== ENOUGH) throw error;
    return { segments, complete: false };
  }
  return { segments, complete: true };
}

function contextOf(task: WorkerTask): FileContext {
  prices ??= defaultPriceTable();
  return {
    path: task.path,
    ...transcriptKeys(task.path),
    ...localOwner,
    prices,
    lastTs: task.fromStart ? 0 : task.mtimeMs,
    sawSessionStart: !task.fromStart,
    isSubagentFile: isSubagentFile(task.path),
    seenUsage: new Map(),
  };
}
