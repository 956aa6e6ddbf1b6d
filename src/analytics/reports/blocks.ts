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
  return entry.reportedCostUsd ?? entry.costUsd;
}

/** The store prices unknown models at 0; a call with tokens and no cost had no price. */
function entryUnpriced(entry: UsageEntryRow, mode: CostMode): boolean {
  if (mode === 'display' || entry.costUsd !== 0 || entry.model === SYNTHETIC_MODEL) return false;
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
  for (const entry of entries) {
    const previous = current[current.length - 1];
    if (previous && (entry.ts - blockStart > lengthMs || entry.ts - previous.ts > lengthMs)) {
      blocks.push(closeBlock(current, blockStart, lengthMs, now, mode));
      if (entry.ts - previous.ts > lengthMs) blocks.push(gapBlock(previous.ts + lengthMs, entry.ts));
      current = [];
    }
    if (current.length === 0) blockStart = Math.floor(entry.ts / HOUR_MS) * HOUR_MS;
    current.push(entry);
  }
  if (current.length > 0) blocks.push(closeBlock(current, blockStart, lengthMs, now, mode));
  return blocks;
}

function closeBlock(entries: UsageEntryRow[], start: number, lengthMs: number, now: number, mode: CostMode): SessionBlock {
  const block = emptyBlock(new Date(start).toISOString(), start, start + lengthMs, false);
  const models = new Set<string>();
  const unpriced = new Set<string>();
  for (const entry of entries) {
    block.inputTokens += entry.inputTokens;
    block.outputTokens += entry.outputTokens;
    block.cacheCreationInputTokens += entry.cacheCreationTokens;
    block.cacheReadInputTokens += entry.cacheReadTokens;
    block.costUsd += entryCost(entry, mode);
    if (entry.model !== SYNTHETIC_MODEL) models.add(entry.model);
    if (entryUnpriced(entry, mode)) unpriced.add(entry.model);
  }
  const last = entries[entries.length - 1].ts;
  block.entries = entries.length;
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
