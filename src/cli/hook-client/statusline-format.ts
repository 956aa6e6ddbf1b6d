import type { StatusLineCache } from './statusline-cache.js';

type Json = Record<string, any>;

/**
 * The compact status line: model, context %, session cost, today's cost, 5-hour block.
 * Payload values are current; today's cost (and the block, when Claude Code sends no official
 * rate limit) come from the server's last answer, if it is from today.
 * @example formatStatusLine(payload, cache, dayStart) // "Sonnet 4.6 · ctx 42% · $1.23 session · $8.90 today · 5h 37%"
 */
export function formatStatusLine(payload: Json, cache: StatusLineCache, dayStart: number): string {
  const model = str(payload.model?.display_name) ?? str(payload.model?.id) ?? 'Claude';
  const context = num(payload.context_window?.used_percentage) ?? contextPct(payload.context_window);
  const sessionCost = num(payload.cost?.total_cost_usd);
  const today = cache.dayStart === dayStart ? num(cache.todayCostUsd) : null;
  const parts = [
    model,
    `ctx ${context === null ? '–' : `${Math.round(context)}%`}`,
    `${usd(sessionCost)} session`,
    `${usd(today)} today`,
    fiveHour(payload, cache),
  ];
  return parts.join(' · ');
}

function fiveHour(payload: Json, cache: StatusLineCache): string {
  const official = num(payload.rate_limits?.five_hour?.used_percentage) ?? num(cache.fiveHourPct);
  if (official !== null) return `5h ${Math.round(official)}%`;
  const block = cache.block;
  if (block && typeof block.endTime === 'number' && block.endTime > Date.now()) return `5h ${usd(block.costUsd)} (${Math.round(block.elapsedPct)}% elapsed)`;
  return '5h –';
}

function contextPct(context: Json | undefined): number | null {
  const size = num(context?.context_window_size);
  const usage = context?.current_usage;
  if (!size || !usage) return null;
  return (((num(usage.input_tokens) ?? 0) + (num(usage.cache_creation_input_tokens) ?? 0) + (num(usage.cache_read_input_tokens) ?? 0)) / size) * 100;
}

function usd(value: number | null): string {
  if (value === null) return '$–';
  return value >= 100 ? `$${Math.round(value)}` : `$${value.toFixed(2)}`;
}

function num(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function str(value: unknown): string | null {
  return typeof value === 'string' && value ? value : null;
}
