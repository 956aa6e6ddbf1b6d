import type { Scope } from '../../../core/scope.js';
import type { Store } from '../../../store/store.js';
import { identifyBlocks } from '../../../analytics/reports/blocks.js';
import type { StatusLineFacts } from './statusline.js';

const HOUR_MS = 3_600_000;
const BLOCK_MS = 5 * HOUR_MS;

/** What the server answers a status-line post with; `sightline statusline` caches it for its next run. */
export interface StatusLineSummary {
  ok: true;
  /** cost of today's model calls (from `dayStart`, the caller's local midnight), ccusage "auto" mode */
  todayCostUsd: number;
  dayStart: number;
  /** the official rate_limits.five_hour.used_percentage, when Claude Code sent it */
  fiveHourPct: number | null;
  fiveHourResetsAt: number | null;
  sevenDayPct: number | null;
  /** the active 5-hour block by ccusage's rule (blocks are rebuilt from the last 24 h only) */
  block: { startTime: number; endTime: number; costUsd: number; elapsedPct: number } | null;
  computedAt: number;
}

export async function statusLineSummary(store: Store, scope: Scope, facts: StatusLineFacts, dayStart: number, now = Date.now()): Promise<StatusLineSummary> {
  const [buckets, entries] = await Promise.all([
    store.usageBuckets(scope, { since: dayStart }),
    store.usageEntries(scope, { since: now - 24 * HOUR_MS }),
  ]);
  const todayCostUsd = buckets.reduce((sum, row) => sum + row.autoCostUsd, 0);
  entries.sort((a, b) => a.ts - b.ts);
  const active = identifyBlocks(entries, BLOCK_MS, now, 'auto').find((b) => b.isActive && !b.isGap) ?? null;
  return {
    ok: true,
    todayCostUsd: Math.round(todayCostUsd * 1e6) / 1e6,
    dayStart,
    fiveHourPct: facts.fiveHourPct,
    fiveHourResetsAt: facts.fiveHourResetsAt,
    sevenDayPct: facts.sevenDayPct,
    block: active && {
      startTime: active.startTime,
      endTime: active.endTime,
      costUsd: Math.round(active.costUsd * 1e6) / 1e6,
      elapsedPct: Math.min(100, Math.round(((now - active.startTime) / BLOCK_MS) * 100)),
    },
    computedAt: now,
  };
}
