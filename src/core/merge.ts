import type { CanonicalEvent } from './event.js';

/**
 * When two copies of one event id meet (streamed snapshots of one API response, a resumed
 * session's copied history, a tool_use and its later tool_result), which copy wins?
 * The rule follows ccusage 20 so token totals agree with it:
 *   1. a main-conversation copy beats a sidechain replay;
 *   2. else the larger token total wins (streaming placeholders lose to final counts);
 *   3. else a copy that knows its `speed` wins;
 *   4. else the copy earlier in (source path, byte offset) order wins, so the result never
 *      depends on the order files were imported in.
 * Columns the winner leaves empty are filled from the loser (that is how a tool result
 * completes its tool call); `attrs` are merged key by key, the winner's keys on top. Both stores implement exactly this in SQL.
 */
export function candidateWins(candidate: CanonicalEvent, existing: CanonicalEvent): boolean {
  const candSide = candidate.isSidechain === true;
  const existSide = existing.isSidechain === true;
  if (candSide !== existSide) return existSide;
  const candTotal = tokenTotal(candidate);
  const existTotal = tokenTotal(existing);
  if (candTotal !== existTotal) return candTotal > existTotal;
  const candSpeed = candidate.speed != null;
  const existSpeed = existing.speed != null;
  if (candSpeed !== existSpeed) return candSpeed;
  return compareSourceOrder(candidate, existing) < 0;
}

export function tokenTotal(e: Pick<CanonicalEvent, 'inputTokens' | 'outputTokens' | 'cacheReadTokens' | 'cacheCreationTokens'>): number {
  return (e.inputTokens ?? 0) + (e.outputTokens ?? 0) + (e.cacheReadTokens ?? 0) + (e.cacheCreationTokens ?? 0);
}

function compareSourceOrder(a: CanonicalEvent, b: CanonicalEvent): number {
  const pa = a.sourcePath ?? '';
  const pb = b.sourcePath ?? '';
  if (pa !== pb) return pa < pb ? -1 : 1;
  return (a.sourceOffset ?? 0) - (b.sourceOffset ?? 0);
}

/** Merge two copies of the same event id into one, by the rule above. */
export function mergeEvents(existing: CanonicalEvent, candidate: CanonicalEvent): CanonicalEvent {
  const candidateIsWinner = candidateWins(candidate, existing);
  const winner = candidateIsWinner ? candidate : existing;
  const loser = candidateIsWinner ? existing : candidate;
  // hot on the import path: plain loops, no intermediate arrays
  const merged: Record<string, unknown> = {};
  for (const key in loser) merged[key] = (loser as Record<string, unknown>)[key];
  for (const key in winner) {
    const value = (winner as Record<string, unknown>)[key];
    if (value !== null && value !== undefined) merged[key] = value;
  }
  const out = merged as CanonicalEvent;
  // attrs merge key by key: a tool result's output excerpt joins its tool call's input details
  if (winner.attrs && loser.attrs) out.attrs = { ...loser.attrs, ...winner.attrs };
  if (out.durationMs == null && out.endTs != null && out.endTs >= out.ts) out.durationMs = out.endTs - out.ts;
  return out;
}

/** Collapse duplicate ids inside one batch (stores upsert a batch in one statement). */
export function mergeBatch(events: CanonicalEvent[]): CanonicalEvent[] {
  const byId = new Map<string, CanonicalEvent>();
  for (const event of events) {
    const seen = byId.get(event.id);
    byId.set(event.id, seen ? mergeEvents(seen, event) : event);
  }
  return byId.size === events.length ? events : [...byId.values()];
}
