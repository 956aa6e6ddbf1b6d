import type { CanonicalEvent } from '../../../core/event.js';
import { eventId } from '../../../core/ids.js';
import { boundedPayload } from './bounded-payload.js';
import { hookProject } from './project.js';
import type { EventOwner } from './payload.js';

type Json = Record<string, any>;

/** The numbers of a status-line payload (formats.md §1.14) that Sightline keeps and shows. */
export interface StatusLineFacts {
  sessionId: string | null;
  model: string | null;
  contextUsedPct: number | null;
  contextWindowSize: number | null;
  sessionCostUsd: number | null;
  fiveHourPct: number | null;
  fiveHourResetsAt: number | null;
  sevenDayPct: number | null;
  sevenDayResetsAt: number | null;
}

export function statusLineFacts(payload: Json): StatusLineFacts {
  const context: Json = object(payload.context_window);
  const limits: Json = object(payload.rate_limits);
  return {
    sessionId: typeof payload.session_id === 'string' && payload.session_id ? payload.session_id : null,
    model: text(object(payload.model).id) ?? text(object(payload.model).display_name),
    contextUsedPct: finite(context.used_percentage) ?? contextPct(context),
    contextWindowSize: finite(context.context_window_size),
    sessionCostUsd: finite(object(payload.cost).total_cost_usd),
    fiveHourPct: finite(object(limits.five_hour).used_percentage),
    fiveHourResetsAt: finite(object(limits.five_hour).resets_at),
    sevenDayPct: finite(object(limits.seven_day).used_percentage),
    sevenDayResetsAt: finite(object(limits.seven_day).resets_at),
  };
}

/**
 * One `log` event (level debug) per session and minute: the rate-limit percentages and context
 * window over time, without a row per refresh (Claude Code refreshes the status line often).
 * The first sample of each minute is the one kept.
 */
export function statusLineEvent(payload: Json, facts: StatusLineFacts, receivedAt: number, owner: EventOwner): CanonicalEvent | null {
  if (!facts.sessionId) return null;
  const { sessionId: _s, ...numbers } = facts;
  return {
    id: eventId('cc', 'statusline', facts.sessionId, Math.floor(receivedAt / 60_000)),
    ts: receivedAt,
    ...owner,
    agent: 'claude-code',
    source: 'statusline',
    sessionId: facts.sessionId,
    project: hookProject(text(payload.transcript_path), text(payload.cwd) ?? text(object(payload.workspace).current_dir)),
    kind: 'log',
    level: 'debug',
    text: `Status line: context ${pct(facts.contextUsedPct)}, 5h ${pct(facts.fiveHourPct)}, 7d ${pct(facts.sevenDayPct)}`,
    attrs: { statusLine: numbers, cwd: text(payload.cwd) ?? undefined, statusLinePayload: boundedPayload(payload, 4096) },
  };
}

function contextPct(context: Json): number | null {
  const size = finite(context.context_window_size);
  const usage = object(context.current_usage);
  if (!size) return null;
  const used = (finite(usage.input_tokens) ?? 0) + (finite(usage.cache_creation_input_tokens) ?? 0) + (finite(usage.cache_read_input_tokens) ?? 0);
  return (used / size) * 100;
}

function pct(value: number | null): string {
  return value === null ? '?' : `${Math.round(value)}%`;
}

function object(value: unknown): Json {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
}

function finite(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value ? value : null;
}
