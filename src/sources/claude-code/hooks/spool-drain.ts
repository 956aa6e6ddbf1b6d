import { localOwner } from '../../../core/scope.js';
import { drainSpool, droppedCount } from '../../../cli/hook-client/spool.js';
import { ingestHooks, parseHook, type HookIngestDeps } from './ingest.js';
import type { ReceivedHook } from './payload.js';

export interface HookSpoolDrain {
  delivered: number;
  /** spooled lines that were not valid payloads (skipped) */
  invalid: number;
  remaining: number;
  /** payloads the hook command dropped because the spool was full */
  droppedWhileFull: number;
}

/**
 * Deliver what `sightline hook` spooled while the server was down: call it once the store is
 * open (startServer). Each spooled payload keeps its original receipt time, and the claim-by-rename
 * protocol of the spool means a hook process draining at the same moment never takes the same lines.
 * @example const drained = await drainHookSpool(home, { store, bus });
 */
export async function drainHookSpool(home: string, deps: HookIngestDeps): Promise<HookSpoolDrain> {
  let invalid = 0;
  const result = await drainSpool(home, async (lines) => {
    const hooks: ReceivedHook[] = [];
    for (const line of lines) {
      const hook = parseSpoolLine(line);
      if (hook) hooks.push(hook);
      else invalid++;
    }
    await ingestHooks(deps, hooks, localOwner);
    return true;
  }, { batchLines: 1000 });
  return { delivered: result.delivered - invalid, invalid, remaining: result.remaining, droppedWhileFull: droppedCount(home) };
}

/** One spool line → a validated payload with its receipt time, or null. */
export function parseSpoolLine(line: string): ReceivedHook | null {
  try {
    const item = JSON.parse(line) as { receivedAt?: unknown; payload?: unknown };
    const receivedAt = typeof item.receivedAt === 'number' && Number.isInteger(item.receivedAt) && item.receivedAt > 0 ? item.receivedAt : null;
    if (receivedAt === null) return null;
    const parsed = parseHook(item.payload, receivedAt);
    return parsed.ok ? parsed.hook : null;
  } catch {
    return null;
  }
}
