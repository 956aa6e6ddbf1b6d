import type { UsageEntryRow } from '../../store/store.js';
import { costSourceOf, type CostMode } from './cost-mode.js';
import { DAY_MS } from './dates.js';
import { reportMeta, uniqueSorted, type ReportMetaJson } from './json-shape.js';
import { localDate } from './local-time.js';
import { blockTotalTokens, identifyBlocks, type SessionBlock } from './blocks.js';

export interface BlocksOptions {
  /** hours per block (ccusage `--session-length`, default 5) */
  sessionLength: number;
  now: number;
  /** zone whose local date of a block's start `since`/`until` compare with */
  zone: string;
  since?: string;
  until?: string;
  order: 'asc' | 'desc';
  mode: CostMode;
  /** only the active block */
  active?: boolean;
  /** blocks started in the last 3 days, plus the active one */
  recent?: boolean;
}

export interface BurnRateJson {
  costPerHour: number;
  tokensPerMinute: number;
  tokensPerMinuteForIndicator: number;
}

export interface ProjectionJson {
  remainingMinutes: number;
  totalCost: number;
  totalTokens: number;
}

export interface BlockJson {
  actualEndTime: string | null;
  burnRate: BurnRateJson | null;
  costUSD: number;
  endTime: string;
  entries: number;
  id: string;
  isActive: boolean;
  isGap: boolean;
  models: string[];
  projection: ProjectionJson | null;
  startTime: string;
  tokenCounts: { cacheCreationInputTokens: number; cacheReadInputTokens: number; inputTokens: number; outputTokens: number };
  totalTokens: number;
}

export type BlocksReportJson = ReportMetaJson & { blocks: BlockJson[] };

const RECENT_DAYS = 3;

/**
 * `ccusage blocks --json`: blocks are built from every entry, then filtered (so a `--since` view
 * can open on a gap block, as ccusage's does). Burn rate and projection exist only for the active block.
 */
export function buildBlocksReport(entries: UsageEntryRow[], opts: BlocksOptions): BlocksReportJson {
  const all = identifyBlocks(entries, opts.sessionLength * 3_600_000, opts.now, opts.mode);
  // A block starts at its first entry floored to the hour, so it can start before the gap that
  // precedes it; ccusage lists by start time (stable: a gap stays first on a tie).
  all.sort((a, b) => a.startTime - b.startTime);
  const kept = all.filter((block) => keepBlock(block, opts));
  if (opts.order === 'desc') kept.reverse();
  const unpricedModels = uniqueSorted(kept.flatMap((block) => block.unpricedModels));
  return { blocks: kept.map((block) => blockJson(block, opts.now)), ...reportMeta(costSourceOf(opts.mode), unpricedModels) };
}

function keepBlock(block: SessionBlock, opts: BlocksOptions): boolean {
  if (opts.active && !block.isActive) return false;
  if (opts.recent && !block.isActive && block.startTime < opts.now - RECENT_DAYS * DAY_MS) return false;
  if (opts.since || opts.until) {
    const startDate = localDate(block.startTime, opts.zone);
    if ((opts.since && startDate < opts.since) || (opts.until && startDate > opts.until)) return false;
  }
  return true;
}

/** ccusage: tokens and cost per minute between the block's first and last entry. */
export function burnRateOf(block: SessionBlock): BurnRateJson | null {
  if (block.isGap || block.entries === 0 || block.actualEndTime === null) return null;
  const minutes = (block.actualEndTime - block.firstEntryTime) / 60_000;
  if (minutes <= 0) return null;
  return {
    costPerHour: (block.costUsd / minutes) * 60,
    tokensPerMinute: blockTotalTokens(block) / minutes,
    tokensPerMinuteForIndicator: (block.inputTokens + block.outputTokens) / minutes,
  };
}

/** ccusage 20 rounds the remaining minutes first and projects with the rounded figure. */
export function projectionOf(block: SessionBlock, burnRate: BurnRateJson, now: number): ProjectionJson {
  const remainingMinutes = Math.round(Math.max(0, block.endTime - now) / 60_000);
  return {
    remainingMinutes,
    totalCost: Math.round((block.costUsd + (burnRate.costPerHour / 60) * remainingMinutes) * 100) / 100,
    totalTokens: Math.round(blockTotalTokens(block) + burnRate.tokensPerMinute * remainingMinutes),
  };
}

function blockJson(block: SessionBlock, now: number): BlockJson {
  const burnRate = block.isActive ? burnRateOf(block) : null;
  return {
    actualEndTime: block.actualEndTime === null ? null : new Date(block.actualEndTime).toISOString(),
    burnRate,
    costUSD: block.costUsd,
    endTime: new Date(block.endTime).toISOString(),
    entries: block.entries,
    id: block.id,
    isActive: block.isActive,
    isGap: block.isGap,
    models: block.models,
    projection: burnRate ? projectionOf(block, burnRate, now) : null,
    startTime: new Date(block.startTime).toISOString(),
    tokenCounts: {
      cacheCreationInputTokens: block.cacheCreationInputTokens,
      cacheReadInputTokens: block.cacheReadInputTokens,
      inputTokens: block.inputTokens,
      outputTokens: block.outputTokens,
    },
    totalTokens: blockTotalTokens(block),
  };
}
