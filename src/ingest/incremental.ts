import type { CanonicalEvent } from '../core/event.js';
import { mergeBatch } from '../core/merge.js';
import { defaultPriceTable } from '../core/pricing/index.js';
import { localOwner } from '../core/scope.js';
import type { FileCheckpoint, Store } from '../store/store.js';
import { parseTranscriptFile } from '../sources/claude-code/file-parser.js';
import type { FileContext } from '../sources/claude-code/line-events.js';
import { isSubagentFile, transcriptKeys } from '../sources/claude-code/paths.js';
import type { WorkerTask } from '../sources/claude-code/import-worker.js';
import { ROLLUPS_OWED } from './transcript-import.js';

export interface IncrementalResult {
  /** the events as stored, for the live bus */
  events: CanonicalEvent[];
  bytes: number;
  malformed: number;
  problems: Array<{ path: string; message: string }>;
}

/**
 * Read the appended bytes of a few files in this thread and store them, one transaction per file.
 * The live path: no worker start-up, and the events come back so they can be published.
 */
export async function ingestIncrement(store: Store, tasks: WorkerTask[], owner = localOwner): Promise<IncrementalResult> {
  const result: IncrementalResult = { events: [], bytes: 0, malformed: 0, problems: [] };
  const prices = defaultPriceTable();
  await store.setMeta(ROLLUPS_OWED, String(Date.now()));
  for (const task of tasks) {
    const events: CanonicalEvent[] = [];
    let checkpoint: FileCheckpoint | null = null;
    try {
      parseTranscriptFile(task, fileContext(task, owner, prices), (chunk) => {
        events.push(...chunk.events);
        checkpoint = chunk.checkpoint;
        result.bytes += chunk.bytes;
        result.malformed += chunk.malformed;
      });
    } catch (err) {
      result.problems.push({ path: task.path, message: (err as Error).message });
      continue;
    }
    const merged = mergeBatch(events);
    await store.writeBatch(merged, checkpoint ? [checkpoint] : []);
    result.events.push(...merged);
  }
  await store.refreshSessions([...new Set(result.events.map((e) => e.sessionId))]);
  await store.setMeta(ROLLUPS_OWED, null);
  result.events = await completeFromStore(store, result.events);
  return result;
}

function fileContext(task: WorkerTask, owner: typeof localOwner, prices: FileContext['prices']): FileContext {
  return {
    path: task.path,
    ...transcriptKeys(task.path),
    ...owner,
    prices,
    lastTs: task.fromStart ? 0 : task.mtimeMs,
    sawSessionStart: !task.fromStart,
    isSubagentFile: isSubagentFile(task.path),
    seenUsage: new Map(),
  };
}

/**
 * A tool result read now completes a tool call stored earlier: publish the stored (merged) row, not
 * the partial one, so live viewers see the tool's name and duration.
 */
async function completeFromStore(store: Store, events: CanonicalEvent[]): Promise<CanonicalEvent[]> {
  const out: CanonicalEvent[] = [];
  for (const event of events) {
    if (event.kind === 'tool_call' && !event.toolName) {
      const stored = await store.getEvent({ teamId: event.teamId, userId: event.userId, role: 'admin', allOfTeam: true }, event.id);
      out.push(stored ?? event);
    } else out.push(event);
  }
  return out;
}
