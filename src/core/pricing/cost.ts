import type { ModelPrice, PriceTable } from './table.js';

/** Token counts of one model call, Anthropic semantics: inputTokens excludes cache reads and writes. */
export interface UsageForCost {
  inputTokens: number;
  outputTokens: number;
  /** All cache writes, both TTLs. */
  cacheCreationTokens: number;
  /** The part of cacheCreationTokens written with a 1h TTL; the rest is billed as 5m writes. */
  cacheCreation1hTokens?: number | null;
  cacheReadTokens: number;
  /** "fast" applies the model's fast multiplier; anything else is standard speed. */
  speed?: string | null;
}

const CLAUDE_TIER_THRESHOLD = 200_000;
const PER_MILLION = 1_000_000;

/**
 * Cost of one model call in USD, exactly as ccusage 20 computes it; null when the model is unpriced
 * (unknown ids, `<synthetic>`), never 0.
 * @example costUsd(defaultPriceTable(), 'claude-sonnet-4-5', { inputTokens: 1000, outputTokens: 100, cacheCreationTokens: 0, cacheReadTokens: 0 }) // 0.0045
 */
export function costUsd(table: PriceTable, model: string, usage: UsageForCost): number | null {
  const price = table.lookup(model);
  if (!price) return null;
  const cacheWrite1h = usage.cacheCreation1hTokens ?? 0;
  // Clamped: a 1h count larger than the total would otherwise produce a negative 5m part.
  const cacheWrite5m = Math.max(0, usage.cacheCreationTokens - cacheWrite1h);
  const perMillion = isInRequestTier(price, usage)
    ? requestTierCost(price, usage, cacheWrite5m, cacheWrite1h)
    : perTypeTierCost(price, usage, cacheWrite5m, cacheWrite1h);
  const fast = usage.speed === 'fast' ? (price.fastMultiplier ?? 1) : 1;
  return (perMillion / PER_MILLION) * fast;
}

/** The model's context window in tokens; 200k when the model is unpriced. */
export function contextWindow(table: PriceTable, model: string): number {
  return table.lookup(model)?.contextWindow ?? CLAUDE_TIER_THRESHOLD;
}

/** Tokens up to 200k at `base`, the rest at `above` when the model has such a rate (ccusage `tiered_cost`). */
export function tier(tokens: number, base: number, above: number | undefined): number {
  if (above === undefined || tokens <= CLAUDE_TIER_THRESHOLD) return tokens * base;
  return CLAUDE_TIER_THRESHOLD * base + (tokens - CLAUDE_TIER_THRESHOLD) * above;
}

function perTypeTierCost(price: ModelPrice, usage: UsageForCost, cacheWrite5m: number, cacheWrite1h: number): number {
  return (
    tier(usage.inputTokens, price.input, price.inputAbove200k) +
    tier(usage.outputTokens, price.output, price.outputAbove200k) +
    tier(cacheWrite5m, price.cacheWrite5m, price.cacheWrite5mAbove200k) +
    tier(cacheWrite1h, price.cacheWrite1h, price.cacheWrite1hAbove200k) +
    tier(usage.cacheReadTokens, price.cacheRead, price.cacheReadAbove200k)
  );
}

function isInRequestTier(price: ModelPrice, usage: UsageForCost): boolean {
  const requestTier = price.requestTier;
  if (!requestTier) return false;
  const promptTokens = usage.inputTokens + usage.cacheCreationTokens + usage.cacheReadTokens;
  return promptTokens > requestTier.threshold;
}

/** Every token of the call at the long-context rates (OpenAI >272k); missing tier rates keep the base rate. */
function requestTierCost(price: ModelPrice, usage: UsageForCost, cacheWrite5m: number, cacheWrite1h: number): number {
  const longContext = price.requestTier!;
  return (
    usage.inputTokens * longContext.input +
    usage.outputTokens * longContext.output +
    cacheWrite5m * (longContext.cacheWrite5m ?? price.cacheWrite5m) +
    cacheWrite1h * (longContext.cacheWrite1h ?? price.cacheWrite1h) +
    usage.cacheReadTokens * (longContext.cacheRead ?? price.cacheRead)
  );
}
