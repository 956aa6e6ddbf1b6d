import { contextWindow, defaultPriceTable } from '../../core/pricing/index.js';

/** A session with an event this recent is active. */
export const ACTIVE_WITHIN_MS = 5 * 60_000;
/** …and one quiet for longer than this is ended, as is one whose session_end was seen. In between: idle. */
export const ENDED_AFTER_MS = 30 * 60_000;
/** Context-window warning levels, in percent of the model's window. */
export const CONTEXT_WARNING_PCT = { warning: 80, high: 90, critical: 95 } as const;
/** A tool call slower than this counts against a session's health. */
export const SLOW_TOOL_MS = 60_000;

export type SessionStatus = 'active' | 'idle' | 'ended';
export type ContextLevel = 'ok' | 'warning' | 'high' | 'critical';

/**
 * active: an event in the last 5 minutes (and no session_end); ended: session_end seen or no event for
 * 30 minutes; idle: in between.
 */
export function sessionStatus(lastTs: number, ended: boolean, now: number): SessionStatus {
  if (ended || now - lastTs > ENDED_AFTER_MS) return 'ended';
  return now - lastTs <= ACTIVE_WITHIN_MS ? 'active' : 'idle';
}

export interface ContextUse {
  tokens: number;
  window: number;
  pct: number;
  level: ContextLevel;
}

export function contextLevel(pct: number): ContextLevel {
  if (pct >= CONTEXT_WARNING_PCT.critical) return 'critical';
  if (pct >= CONTEXT_WARNING_PCT.high) return 'high';
  if (pct >= CONTEXT_WARNING_PCT.warning) return 'warning';
  return 'ok';
}

/** Context tokens of one call against its model's window (price table; 200k when unknown). */
export function contextUse(tokens: number, model: string | null): ContextUse {
  const window = contextWindow(defaultPriceTable(), model ?? 'unknown');
  const pct = Math.round((tokens / window) * 1000) / 10;
  return { tokens, window, pct, level: contextLevel(pct) };
}

/** What the health score is computed from. */
export interface HealthInputs {
  /** final errors (kind `error`) */
  errors: number;
  toolCalls: number;
  toolErrors: number;
  /** api_error events: one per retry */
  retries: number;
  contextPct: number;
  slowTools: number;
}

export interface HealthPart {
  part: 'errors' | 'retries' | 'contextPressure' | 'slowTools';
  /** points taken off 100 */
  penalty: number;
  maxPenalty: number;
  explanation: string;
}

export interface Health {
  score: number;
  parts: HealthPart[];
}

/**
 * Health 0–100: 100 minus four capped penalties.
 * errors: 10 per final error plus 40 × the tool failure rate, at most 40;
 * retries: 5 per api_error retry, at most 20;
 * context pressure: 10 / 20 / 30 at 80 / 90 / 95 % of the window;
 * slow tools: 2 per tool call slower than 60 s, at most 10.
 */
export function healthScore(h: HealthInputs): Health {
  const toolFailureRate = h.toolCalls > 0 ? h.toolErrors / h.toolCalls : 0;
  const level = contextLevel(h.contextPct);
  const parts: HealthPart[] = [
    {
      part: 'errors',
      penalty: Math.min(40, Math.round(h.errors * 10 + toolFailureRate * 40)),
      maxPenalty: 40,
      explanation: `${h.errors} final error(s) × 10 + tool failure rate ${(toolFailureRate * 100).toFixed(1)}% (${h.toolErrors}/${h.toolCalls}) × 40, capped at 40`,
    },
    { part: 'retries', penalty: Math.min(20, h.retries * 5), maxPenalty: 20, explanation: `${h.retries} API retr${h.retries === 1 ? 'y' : 'ies'} × 5, capped at 20` },
    {
      part: 'contextPressure',
      penalty: { ok: 0, warning: 10, high: 20, critical: 30 }[level],
      maxPenalty: 30,
      explanation: `context window ${h.contextPct}% used (${level}); 10/20/30 at ${CONTEXT_WARNING_PCT.warning}/${CONTEXT_WARNING_PCT.high}/${CONTEXT_WARNING_PCT.critical}%`,
    },
    { part: 'slowTools', penalty: Math.min(10, h.slowTools * 2), maxPenalty: 10, explanation: `${h.slowTools} tool call(s) slower than ${SLOW_TOOL_MS / 1000} s × 2, capped at 10` },
  ];
  const score = Math.max(0, 100 - parts.reduce((sum, p) => sum + p.penalty, 0));
  return { score, parts };
}
