import { byCodeUnit, totalTokensOf, type ModelUsage, type TokenTotals } from './sums.js';
import type { CostSource } from './cost-mode.js';

/** One model's line in a row's `modelBreakdowns` (ccusage 20 field names). */
export interface ModelBreakdownJson {
  cacheCreationTokens: number;
  cacheReadTokens: number;
  cost: number;
  inputTokens: number;
  missingPricing?: true;
  modelName: string;
  outputTokens: number;
}

export interface TokenFieldsJson {
  cacheCreationTokens: number;
  cacheReadTokens: number;
  inputTokens: number;
  outputTokens: number;
  totalCost: number;
  totalTokens: number;
}

export interface TotalsJson extends TokenFieldsJson {
  unpricedModels?: string[];
}

/** Fields every report document carries besides ccusage's own. */
export interface ReportMetaJson {
  /** which cost the figures use: our price table, the agent's costUSD, or ccusage's auto mix */
  costSource: CostSource;
  /** models counted at $0 for want of a price; absent when every model was priced */
  unpricedModels?: string[];
}

export function breakdownJson(usage: ModelUsage): ModelBreakdownJson {
  // key order follows ccusage's (sorted), so documents diff cleanly
  return {
    cacheCreationTokens: usage.cacheCreationTokens,
    cacheReadTokens: usage.cacheReadTokens,
    cost: usage.cost,
    inputTokens: usage.inputTokens,
    ...(usage.missingPricing ? { missingPricing: true as const } : {}),
    modelName: usage.model,
    outputTokens: usage.outputTokens,
  };
}

export function tokenFieldsJson(totals: TokenTotals): TokenFieldsJson {
  return {
    cacheCreationTokens: totals.cacheCreationTokens,
    cacheReadTokens: totals.cacheReadTokens,
    inputTokens: totals.inputTokens,
    outputTokens: totals.outputTokens,
    totalCost: totals.cost,
    totalTokens: totalTokensOf(totals),
  };
}

export function totalsJson(totals: TokenTotals, unpricedModels: string[]): TotalsJson {
  const json: TotalsJson = tokenFieldsJson(totals);
  if (unpricedModels.length > 0) json.unpricedModels = unpricedModels;
  return json;
}

/** Sorted, de-duplicated model names: ccusage's `totals.unpricedModels`. */
export function uniqueSorted(names: Iterable<string>): string[] {
  return [...new Set(names)].sort(byCodeUnit);
}

export function reportMeta(costSource: CostSource, unpricedModels: string[]): ReportMetaJson {
  return unpricedModels.length > 0 ? { costSource, unpricedModels } : { costSource };
}
