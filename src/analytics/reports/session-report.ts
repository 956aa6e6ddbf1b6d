import type { SessionUsageRow } from '../../store/store.js';
import { costSourceOf, type CostMode } from './cost-mode.js';
import { utcMidnight } from './dates.js';
import { breakdownJson, reportMeta, tokenFieldsJson, totalsJson, uniqueSorted, type ModelBreakdownJson, type ReportMetaJson, type TokenFieldsJson, type TotalsJson } from './json-shape.js';
import { addTotals, byCodeUnit, emptyTotals, ModelUsageGroup } from './sums.js';

/**
 * Optional columns a store may add to session rows; used when present. ccusage lists a session's
 * models in file-read order: the main transcript's by first use, then those only its subagent
 * files used. `firstMainTs` (first non-sidechain call) and `firstTs` reproduce that order.
 */
type SessionRowExtras = { firstTs?: number; firstMainTs?: number | null; agent?: string };

/** Sorts models first used in a subagent after every model of the main transcript. */
const SIDECHAIN_ONLY_OFFSET = 1e15;

function firstSeenKey(row: SessionUsageRow & SessionRowExtras): number {
  if (row.firstMainTs !== undefined) return row.firstMainTs ?? SIDECHAIN_ONLY_OFFSET + (row.firstTs ?? row.lastTs);
  return row.firstTs ?? row.lastTs;
}

export interface SessionOptions {
  /** `YYYY-MM-DD`; see filterByLastActivity for ccusage's exact rule */
  since?: string;
  until?: string;
  order: 'asc' | 'desc';
  mode: CostMode;
}

export interface SessionRowJson extends TokenFieldsJson {
  agent: string;
  metadata: { lastActivity: string };
  modelBreakdowns: ModelBreakdownJson[];
  modelsUsed: string[];
  period: string;
  sessionId: string;
  lastActivity: string;
  projectPath?: string;
}

export type SessionReportJson = ReportMetaJson & { session: SessionRowJson[]; totals: TotalsJson };

interface SessionGroup {
  sessionId: string;
  project: string;
  agent: string;
  lastTs: number;
  usage: ModelUsageGroup;
}

/**
 * Usage per session, as `ccusage session --json`: whole sessions, most expensive first
 * (`order: 'asc'` reverses the cost order; ties always go by session id).
 */
export function buildSessionReport(rows: SessionUsageRow[], opts: SessionOptions): SessionReportJson {
  const sessions = filterByLastActivity([...groupSessions(rows, opts.mode).values()], opts.since, opts.until);
  const direction = opts.order === 'asc' ? 1 : -1;
  sessions.sort((a, b) => direction * (a.usage.totals.cost - b.usage.totals.cost) || byCodeUnit(a.sessionId, b.sessionId));
  const totals = emptyTotals();
  const unpriced: string[] = [];
  for (const session of sessions) {
    addTotals(totals, session.usage.totals);
    unpriced.push(...session.usage.unpricedModels());
  }
  const unpricedModels = uniqueSorted(unpriced);
  return { session: sessions.map(sessionRowJson), totals: totalsJson(totals, unpricedModels), ...reportMeta(costSourceOf(opts.mode), unpricedModels) };
}

function groupSessions(rows: SessionUsageRow[], mode: CostMode): Map<string, SessionGroup> {
  const sessions = new Map<string, SessionGroup>();
  for (const row of rows as Array<SessionUsageRow & SessionRowExtras>) {
    let session = sessions.get(row.sessionId);
    if (!session) {
      session = { sessionId: row.sessionId, project: row.project, agent: agentName(row.agent), lastTs: row.lastTs, usage: new ModelUsageGroup(mode) };
      sessions.set(row.sessionId, session);
    }
    session.lastTs = Math.max(session.lastTs, row.lastTs);
    if (!session.project && row.project) session.project = row.project;
    session.usage.add(row.model, row, firstSeenKey(row));
  }
  return sessions;
}

/**
 * ccusage 20.0.24 keeps a whole session when its last activity (UTC) is on or after `since`
 * 00:00 UTC and strictly before `until` 00:00 UTC: it compares the ISO timestamp with the date
 * string, so `--until` excludes its own day here, unlike the daily report. Reproduced as is.
 */
export function filterByLastActivity<T extends { lastTs: number }>(sessions: T[], since?: string, until?: string): T[] {
  const from = since ? utcMidnight(since) : -Infinity;
  const to = until ? utcMidnight(until) : Infinity;
  return sessions.filter((session) => session.lastTs >= from && session.lastTs < to);
}

/** ccusage names Claude Code `claude`; other agents keep their own name. */
function agentName(agent: string | undefined): string {
  return !agent || agent === 'claude-code' ? 'claude' : agent;
}

function sessionRowJson(session: SessionGroup): SessionRowJson {
  const lastActivity = new Date(session.lastTs).toISOString();
  const json: SessionRowJson = {
    agent: session.agent,
    ...tokenFieldsJson(session.usage.totals),
    lastActivity,
    metadata: { lastActivity },
    modelBreakdowns: session.usage.byCost().map(breakdownJson),
    modelsUsed: session.usage.byFirstSeen(),
    period: session.sessionId,
    sessionId: session.sessionId,
  };
  if (session.project) json.projectPath = session.project;
  return json;
}
