/**
 * Rates in USD per MILLION tokens, as written in prices.json.
 * `*Above200k` rates (Claude) bill only the tokens of one type beyond 200k of one entry.
 * `requestTier` (OpenAI, threshold 272k) bills the whole entry at its rates once the prompt
 * (input + cache writes + cache reads) exceeds the threshold; rates it omits fall back to the base ones.
 */
export interface ModelPrice {
  input: number;
  output: number;
  cacheWrite5m: number;
  cacheWrite1h: number;
  cacheRead: number;
  inputAbove200k?: number;
  outputAbove200k?: number;
  cacheWrite5mAbove200k?: number;
  cacheWrite1hAbove200k?: number;
  cacheReadAbove200k?: number;
  requestTier?: RequestTier;
  contextWindow: number;
  maxOutput?: number;
  /** Whole-entry multiplier when usage.speed is "fast"; absent = 1. */
  fastMultiplier?: number;
}

export interface RequestTier {
  threshold: number;
  input: number;
  output: number;
  cacheRead?: number;
  cacheWrite5m?: number;
  cacheWrite1h?: number;
}

export interface PriceTable {
  asOf: string;
  source: string;
  lookup(model: string): ModelPrice | null;
}

/** What a price file holds once parsed; the table built from it resolves model ids lazily. */
export interface PriceFile {
  asOf: string;
  source: string;
  models: Record<string, ModelPrice>;
}

export function createPriceTable(file: PriceFile): PriceTable {
  // Frozen: lookups hand out shared objects, and one caller's edit must not reprice everyone's events.
  const models = new Map(Object.entries(file.models).map(([id, price]) => [id, freezePrice(price)]));
  const resolved = new Map<string, ModelPrice | null>();
  return {
    asOf: file.asOf,
    source: file.source,
    lookup(model: string): ModelPrice | null {
      let price = resolved.get(model);
      if (price === undefined) {
        // Bounded: model strings come from user data, and a flood of odd ids must not grow memory forever.
        if (resolved.size > 10_000) resolved.clear();
        price = resolveModel(models, model);
        resolved.set(model, price);
      }
      return price;
    },
  };
}

/** Exact id, then without provider/platform wrapping, then without a date suffix — like ccusage. */
export function resolveModel(models: Map<string, ModelPrice>, model: string): ModelPrice | null {
  const exact = models.get(model);
  if (exact) return exact;
  const bare = stripProvider(model);
  const unwrapped = models.get(bare);
  if (unwrapped) return unwrapped;
  const undated = stripDateSuffix(bare);
  return (undated !== bare && models.get(undated)) || null;
}

/** `anthropic/x`, Bedrock `[us.|eu.|…]anthropic.x-v1:0`, Vertex `x@20250929` → `x`. */
export function stripProvider(model: string): string {
  let bare = model.startsWith('anthropic/') ? model.slice('anthropic/'.length) : model;
  const bedrock = /^(?:[a-z]{2,6}\.)?anthropic\.(.+?)(?:-v\d+(?::\d+)?)?$/.exec(bare);
  if (bedrock) bare = bedrock[1];
  const at = bare.indexOf('@');
  return at > 0 ? bare.slice(0, at) : bare;
}

/** `-20250929` or `-2025-08-07` at the end. */
export function stripDateSuffix(model: string): string {
  return model.replace(/-(?:\d{8}|\d{4}-\d{2}-\d{2})$/, '');
}

function freezePrice(price: ModelPrice): ModelPrice {
  if (price.requestTier) Object.freeze(price.requestTier);
  return Object.freeze(price);
}
