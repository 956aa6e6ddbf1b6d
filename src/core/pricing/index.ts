import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { createPriceTable, type ModelPrice, type PriceFile, type PriceTable } from './table.js';

export { costUsd, contextWindow, tier, type UsageForCost } from './cost.js';
export { createPriceTable, stripDateSuffix, stripProvider, type ModelPrice, type PriceTable, type RequestTier } from './table.js';

/** The bundled table; env SIGHTLINE_PRICES=<path> merges an override file. Built once per override path. */
export function defaultPriceTable(): PriceTable {
  const overridePath = process.env.SIGHTLINE_PRICES || undefined;
  if (!cachedDefault || cachedDefault.overridePath !== overridePath) {
    cachedDefault = { overridePath, table: loadPriceTable(overridePath) };
  }
  return cachedDefault.table;
}
let cachedDefault: { overridePath: string | undefined; table: PriceTable } | undefined;

/**
 * The bundled table, merged with an override file when given. The file is either our own shape
 * (`{ asOf?, source?, models: { id: { input, output, … } } }`, USD per million tokens) or a LiteLLM price file
 * (`{ id: { input_cost_per_token, … } }`, USD per token). Override fields replace bundled ones field by field;
 * a new model needs at least input and output.
 * @example loadPriceTable('/etc/sightline/prices.json').lookup('claude-sonnet-4-5')?.input // 3
 */
export function loadPriceTable(overridePath?: string): PriceTable {
  const bundled = bundledPriceFile();
  if (!overridePath) return createPriceTable(bundled);
  const override = parseOverride(JSON.parse(readFileSync(overridePath, 'utf8')), overridePath);
  const models: Record<string, ModelPrice> = { ...bundled.models };
  for (const [id, fields] of Object.entries(override.models)) {
    const merged = { ...newModelDefaults, ...models[id], ...fields };
    if (merged.input === undefined || merged.output === undefined) {
      throw new Error(`${overridePath}: model "${id}" needs input and output prices`);
    }
    models[id] = merged as ModelPrice;
  }
  return createPriceTable({
    asOf: override.asOf ?? bundled.asOf,
    source: `${bundled.source}; overridden by ${overridePath}`,
    models,
  });
}

/** Absent rates mean "no such charge" (OpenAI has no cache writes). */
const newModelDefaults = { cacheWrite5m: 0, cacheWrite1h: 0, cacheRead: 0, contextWindow: 200_000 };

const rate = z.number().nonnegative();
const nativeModelSchema = z.object({
  input: rate, output: rate, cacheWrite5m: rate, cacheWrite1h: rate, cacheRead: rate,
  inputAbove200k: rate, outputAbove200k: rate, cacheWrite5mAbove200k: rate, cacheWrite1hAbove200k: rate, cacheReadAbove200k: rate,
  requestTier: z.object({
    threshold: z.number().int().positive(), input: rate, output: rate,
    cacheRead: rate.optional(), cacheWrite5m: rate.optional(), cacheWrite1h: rate.optional(),
  }),
  contextWindow: z.number().int().positive(), maxOutput: z.number().int().positive(), fastMultiplier: z.number().positive(),
}).partial();
const nativeFileSchema = z.object({
  asOf: z.string().optional(),
  source: z.string().optional(),
  models: z.record(z.string(), nativeModelSchema),
});
type NativeFile = z.infer<typeof nativeFileSchema>;

function parseOverride(json: unknown, path: string): NativeFile {
  if (json && typeof json === 'object' && 'models' in json) {
    const parsed = nativeFileSchema.safeParse(json);
    if (!parsed.success) throw new Error(`${path}: not a valid price file: ${z.prettifyError(parsed.error)}`);
    return parsed.data;
  }
  return { models: fromLiteLlm(json as Record<string, unknown>) };
}

function bundledPriceFile(): PriceFile {
  if (!bundledCache) {
    // The bundled file is ours and checked by tests; skipping validation keeps start-up cheap.
    const file = JSON.parse(readFileSync(bundledJsonPath(), 'utf8')) as PriceFile;
    const models: Record<string, ModelPrice> = {};
    for (const [id, price] of Object.entries(file.models)) models[id] = { ...newModelDefaults, ...price };
    bundledCache = { asOf: file.asOf, source: file.source, models };
  }
  return bundledCache;
}
let bundledCache: PriceFile | undefined;

/** prices.json ships in src/ (package.json "files"); compiled code runs from dist/src/core/pricing/. */
function bundledJsonPath(): string {
  const besideThisFile = fileURLToPath(new URL('./prices.json', import.meta.url));
  if (existsSync(besideThisFile)) return besideThisFile;
  return fileURLToPath(new URL('../../../../src/core/pricing/prices.json', import.meta.url));
}

type LiteLlmEntry = Record<string, unknown>;
const num = (entry: LiteLlmEntry, key: string): number | undefined =>
  typeof entry[key] === 'number' && Number.isFinite(entry[key]) ? (entry[key] as number) : undefined;
const perMillion = (perToken: number | undefined): number | undefined => (perToken === undefined ? undefined : perToken * 1e6);

/** LiteLLM entries → our shape. Missing cache rates get ccusage's defaults (1.25x, 2x, 0.1x input). */
function fromLiteLlm(file: Record<string, unknown>): Record<string, Partial<ModelPrice>> {
  const models: Record<string, Partial<ModelPrice>> = {};
  for (const [id, value] of Object.entries(file ?? {})) {
    if (!value || typeof value !== 'object') continue;
    const price = fromLiteLlmEntry(value as LiteLlmEntry);
    if (price) models[id] = price;
  }
  return models;
}

function fromLiteLlmEntry(entry: LiteLlmEntry): Partial<ModelPrice> | null {
  const input = perMillion(num(entry, 'input_cost_per_token'));
  const output = perMillion(num(entry, 'output_cost_per_token'));
  if (input === undefined || output === undefined) return null;
  const inputAbove200k = perMillion(num(entry, 'input_cost_per_token_above_200k_tokens'));
  const price: Partial<ModelPrice> = {
    input,
    output,
    cacheWrite5m: perMillion(num(entry, 'cache_creation_input_token_cost')) ?? input * 1.25,
    cacheWrite1h: perMillion(num(entry, 'cache_creation_input_token_cost_above_1hr')) ?? input * 2,
    cacheRead: perMillion(num(entry, 'cache_read_input_token_cost')) ?? input * 0.1,
    inputAbove200k,
    outputAbove200k: perMillion(num(entry, 'output_cost_per_token_above_200k_tokens')),
    cacheWrite5mAbove200k: perMillion(num(entry, 'cache_creation_input_token_cost_above_200k_tokens')),
    cacheWrite1hAbove200k:
      perMillion(num(entry, 'cache_creation_input_token_cost_above_1hr_above_200k_tokens')) ??
      (inputAbove200k === undefined ? undefined : inputAbove200k * 2),
    cacheReadAbove200k: perMillion(num(entry, 'cache_read_input_token_cost_above_200k_tokens')),
    requestTier: requestTierFromLiteLlm(entry),
    contextWindow: num(entry, 'max_input_tokens') ?? num(entry, 'max_tokens'),
    maxOutput: num(entry, 'max_output_tokens'),
    fastMultiplier: num((entry.provider_specific_entry ?? {}) as LiteLlmEntry, 'fast'),
  };
  return dropUndefined(price);
}

/** `*_above_272k_tokens` (OpenAI): cache reads without their own long-context rate pay the long-context input rate, as ccusage's Codex pricing does. */
function requestTierFromLiteLlm(entry: LiteLlmEntry): ModelPrice['requestTier'] {
  const input = perMillion(num(entry, 'input_cost_per_token_above_272k_tokens'));
  if (input === undefined) return undefined;
  return {
    threshold: 272_000,
    input,
    output: perMillion(num(entry, 'output_cost_per_token_above_272k_tokens')) ?? perMillion(num(entry, 'output_cost_per_token'))!,
    cacheRead: perMillion(num(entry, 'cache_read_input_token_cost_above_272k_tokens')) ?? input,
  };
}

function dropUndefined<T extends object>(value: T): T {
  for (const key of Object.keys(value) as (keyof T)[]) if (value[key] === undefined) delete value[key];
  return value;
}
