import type { Scope } from '../../core/scope.js';
import { SqlParams, scopeSql } from '../../store/sql/params.js';
import type { TimeRange } from './time-range.js';

/**
 * The filters every view accepts. Each is optional except the time range; `q` searches event text
 * (case-insensitive substring). `kind` and `level` may list several values: `error,api_error`.
 */
export interface ViewFilters extends TimeRange {
  project?: string;
  user?: string;
  agent?: string;
  model?: string;
  session?: string;
  kind?: string[];
  level?: string[];
  q?: string;
}

/** `%`, `_` and `\` match themselves in a search. */
export function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export function ilikeSql(params: SqlParams, expr: string, q: string): string {
  return `${expr} ILIKE ${params.add(likePattern(q))} ESCAPE '\\'`;
}

/**
 * WHERE conditions over `events` for the caller's scope and the filters; `time: false` leaves the
 * range out (a session's whole timeline).
 */
export function eventConditions(params: SqlParams, scope: Scope, f: Partial<ViewFilters>, opts: { time?: boolean } = {}): string[] {
  const conditions = [scopeSql(params, scope)];
  if (opts.time !== false && f.from !== undefined) conditions.push(`ts >= ${params.add(f.from)}`);
  if (opts.time !== false && f.to !== undefined) conditions.push(`ts < ${params.add(f.to)}`);
  if (f.project !== undefined) conditions.push(`project = ${params.add(f.project)}`);
  if (f.user !== undefined) conditions.push(`user_id = ${params.add(f.user)}`);
  if (f.agent !== undefined) conditions.push(`agent = ${params.add(f.agent)}`);
  if (f.model !== undefined) conditions.push(`model = ${params.add(f.model)}`);
  if (f.session !== undefined) conditions.push(`session_id = ${params.add(f.session)}`);
  if (f.kind?.length) conditions.push(`kind IN (${params.list(f.kind)})`);
  if (f.level?.length) conditions.push(`level IN (${params.list(f.level)})`);
  if (f.q) conditions.push(ilikeSql(params, 'text', f.q));
  return conditions;
}

/** eventConditions joined for a WHERE clause. */
export function eventWhere(params: SqlParams, scope: Scope, f: Partial<ViewFilters>, opts: { time?: boolean } = {}): string {
  return eventConditions(params, scope, f, opts).join(' AND ');
}
