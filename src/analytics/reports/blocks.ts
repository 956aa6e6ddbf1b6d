import type { UsageEntryRow } from '../../store/store.js';
import type { CostMode } from './cost-mode.js';
import { SYNTHETIC_MODEL } from './sums.js';

const HOUR_MS = 3_600_000;

/** One 5-hour billing window (or the idle gap between two), before it becomes JSON. */
export interface SessionBlock {
  id: string;
  startTime: number;
  endTime: number;
  /** last entry's time; null for gaps */
  actualEndTime: number | null;
  isActive: boolean;
  isGap: boolean;
  entries: number;
  inputTokens: number;
  outputTokens: number;
  cacheCreationInputTokens: number;
  cacheReadInputTokens: number;
  costUsd: number;
  /** models by first appearance, `<synthetic>` left out */
  models: string[];
  /** models counted at $0 for want of a price */
  unpricedModels: string[];
  firstEntryTime: number;
}

/** The cost of one entry under ccusage's `--mode`. */
export function entryCost(entry: UsageEntryRow, mode: CostMode): number {
  if (mode === 'calculate') return entry.costUsd;
  if (mode === 'display') return entry.reportedCostUsd ?? 0;
  return entry.autoCostUsd ?? entry.reportedCostUsd ?? entry.costUsd;
}

/** Whether the entry has calls counted at $0 for want of a price. */
function entryUnpriced(entry: UsageEntryRow, mode: CostMode): boolean {
  if (mode === 'display' || entry.model === SYNTHETIC_MODEL) return false;
  if (entry.unpricedCalls !== undefined) return (mode === 'auto' ? entry.unpricedUnreportedCalls ?? entry.unpricedCalls : entry.unpricedCalls) > 0;
  if (entry.costUsd !== 0) return false;
  if (mode === 'auto' && entry.reportedCostUsd !== null) return false;
  return entry.inputTokens + entry.outputTokens + entry.cacheCreationTokens + entry.cacheReadTokens > 0;
}

/**
 * ccusage's block algorithm (formats.md §1.13). Entries must be sorted by time. A block starts at
 * its first entry's time floored to the UTC hour and spans `lengthMs`; an entry more than
 * `lengthMs` after the block start or after the previous entry opens a new block, and when the
 * pause itself exceeds `lengthMs` a gap block [previous + lengthMs, entry) is put between.
 */
export function identifyBlocks(entries: UsageEntryRow[], lengthMs: number, now: number, mode: CostMode): SessionBlock[] {
  const blocks: SessionBlock[] = [];
  let current: UsageEntryRow[] = [];
  let blockStart = 0;
  let lastInBlock = 0;
  for (const entry of entries) {
    if (current.length > 0 && (entry.ts - blockStart > lengthMs || entry.ts - lastInBlock > lengthMs)) {
      blocks.push(closeBlock(current, blockStart, lengthMs, now, mode));
      if (entry.ts - lastInBlock > lengthMs) blocks.push(gapBlock(lastInBlock + lengthMs, entry.ts));
      current = [];
    }
    if (current.length === 0) {
      blockStart = Math.floor(entry.ts / HOUR_MS) * HOUR_MS;
      lastInBlock = entry.ts;
    }
    current.push(entry);
    lastInBlock = Math.max(lastInBlock, entry.lastTs ?? entry.ts);
  }
  if (current.length > 0) blocks.push(closeBlock(current, blockStart, lengthMs, now, mode));
  return blocks;
}

function closeBlock(entries: UsageEntryRow[], start: number, lengthMs: number, now: number, mode: CostMode): SessionBlock {
  const block = emptyBlock(new Date(start).toISOString(), start, start + lengthMs, false);
  const models = new Set<string>();
  const unpriced = new Set<string>();
  let last = 0;
  for (const entry of entries) {
    block.inputTokens += entry.inputTokens;
    block.outputTokens += entry.outputTokens;
    block.cacheCreationInputTokens += entry.cacheCreationTokens;
    block.cacheReadInputTokens += entry.cacheReadTokens;
    block.costUsd += entryCost(entry, mode);
    block.entries += entry.calls ?? 1;
    last = Math.max(last, entry.lastTs ?? entry.ts);
    if (entry.model !== SYNTHETIC_MODEL) models.add(entry.model);
    if (entryUnpriced(entry, mode)) unpriced.add(entry.model);
  }
  block.firstEntryTime = entries[0].ts;
  block.actualEndTime = last;
  block.isActive = now - last < lengthMs && now < block.endTime;
  block.models = [...models];
  block.unpricedModels = [...unpriced];
  return block;
}

function gapBlock(start: number, end: number): SessionBlock {
  return emptyBlock(`gap-${new Date(start).toISOString()}`, start, end, true);
}

function emptyBlock(id: string, startTime: number, endTime: number, isGap: boolean): SessionBlock {
  return {
    id, startTime, endTime, actualEndTime: null, isActive: false, isGap, entries: 0,
    inputTokens: 0, outputTokens: 0, cacheCreationInputTokens: 0, cacheReadInputTokens: 0,
    costUsd: 0, models: [], unpricedModels: [], firstEntryTime: startTime,
  };
}

export function blockTotalTokens(block: SessionBlock): number {
  return block.inputTokens + block.outputTokens + block.cacheCreationInputTokens + block.cacheReadInputTokens;
}
