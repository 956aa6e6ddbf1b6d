import type { TokenSums } from '../../store/store.js';

/**
 * ccusage's `--mode`: `auto` uses the costUSD the agent wrote when present, else our price;
 * `calculate` always prices tokens; `display` shows only the reported costUSD (0 when absent).
 */
export type CostMode = 'auto' | 'calculate' | 'display';
export const COST_MODES: readonly CostMode[] = ['auto', 'calculate', 'display'];

/** The top-level `costSource` of a report: which cost its figures use. */
export type CostSource = 'auto' | 'computed' | 'reported';

export function costSourceOf(mode: CostMode): CostSource {
  return mode === 'calculate' ? 'computed' : mode === 'display' ? 'reported' : 'auto';
}

export function costOf(sums: TokenSums, mode: CostMode): number {
  if (mode === 'calculate') return sums.costUsd;
  if (mode === 'display') return sums.reportedCostUsd;
  return sums.autoCostUsd;
}

/**
 * Whether some calls of these sums were counted at $0 for want of a price (ccusage's
 * `missingPricing`). In auto mode a reported costUSD covers an unpriced call; the store's sums do
 * not say how many unpriced calls had one, so an optional `unpricedUnreportedCalls` count is used
 * when a store provides it, and otherwise the model is flagged (never a silent $0).
 */
export function missesPricing(sums: TokenSums, mode: CostMode): boolean {
  if (mode === 'display' || sums.unpricedCalls <= 0) return false;
  const uncovered = (sums as TokenSums & { unpricedUnreportedCalls?: number }).unpricedUnreportedCalls;
  if (mode === 'auto' && typeof uncovered === 'number') return uncovered > 0;
  return true;
}
