import type { TokenSums } from '../../store/store.js';
import { costOf, missesPricing, type CostMode } from './cost-mode.js';

/** ccusage leaves locally generated messages out of model lists. */
export const SYNTHETIC_MODEL = '<synthetic>';

export interface TokenTotals {
  inputTokens: number;
  outputTokens: number;
  cacheCreationTokens: number;
  cacheReadTokens: number;
  cost: number;
}

export function emptyTotals(): TokenTotals {
  return { inputTokens: 0, outputTokens: 0, cacheCreationTokens: 0, cacheReadTokens: 0, cost: 0 };
}

export function addTokens(into: TokenTotals, sums: TokenSums, cost: number): void {
  into.inputTokens += sums.inputTokens;
  into.outputTokens += sums.outputTokens;
  into.cacheCreationTokens += sums.cacheCreationTokens;
  into.cacheReadTokens += sums.cacheReadTokens;
  into.cost += cost;
}

export function addTotals(into: TokenTotals, from: TokenTotals): void {
  into.inputTokens += from.inputTokens;
  into.outputTokens += from.outputTokens;
  into.cacheCreationTokens += from.cacheCreationTokens;
  into.cacheReadTokens += from.cacheReadTokens;
  into.cost += from.cost;
}

/** input + output + cache creation + cache read, as ccusage's totalTokens. */
export function totalTokensOf(totals: Omit<TokenTotals, 'cost'>): number {
  return totals.inputTokens + totals.outputTokens + totals.cacheCreationTokens + totals.cacheReadTokens;
}

export interface ModelUsage extends TokenTotals {
  model: string;
  missingPricing: boolean;
  /** earliest time seen: breaks cost ties the way ccusage's read order mostly does */
  firstSeen: number;
}

/** Usage of one report row (a day, a session …) summed per model. */
export class ModelUsageGroup {
  readonly totals = emptyTotals();
  private readonly models = new Map<string, ModelUsage>();

  constructor(private readonly mode: CostMode) {}

  add(model: string, sums: TokenSums, seenAt: number): void {
    const cost = costOf(sums, this.mode);
    addTokens(this.totals, sums, cost);
    if (model === SYNTHETIC_MODEL) return;
    let usage = this.models.get(model);
    if (!usage) {
      usage = { model, ...emptyTotals(), missingPricing: false, firstSeen: seenAt };
      this.models.set(model, usage);
    }
    addTokens(usage, sums, cost);
    usage.firstSeen = Math.min(usage.firstSeen, seenAt);
    if (missesPricing(sums, this.mode)) usage.missingPricing = true;
  }

  /** ccusage's modelBreakdowns order: cost high to low, ties by first appearance. */
  byCost(): ModelUsage[] {
    return [...this.models.values()].sort((a, b) => b.cost - a.cost || a.firstSeen - b.firstSeen);
  }

  /** Model names by first appearance (ccusage's session modelsUsed). */
  byFirstSeen(): string[] {
    return [...this.models.values()].sort((a, b) => a.firstSeen - b.firstSeen).map((usage) => usage.model);
  }

  /** Model names sorted by code unit (ccusage 20's daily/weekly/monthly modelsUsed). */
  sortedNames(): string[] {
    return [...this.models.keys()].sort(byCodeUnit);
  }

  unpricedModels(): string[] {
    return [...this.models.values()].filter((usage) => usage.missingPricing).map((usage) => usage.model);
  }
}

export function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
