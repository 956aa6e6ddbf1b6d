import type { CanonicalEvent } from '../../core/event.js';
import type { Scope } from '../../core/scope.js';
import type { EventQuery, SessionRollup } from '../store.js';
import { EVENT_COLUMN_LIST } from './columns.js';
import { byteOrder, type Dialect } from './dialect.js';
import { clampLimit, SqlParams, scopeSql } from './params.js';
import { rowToEvent, rowToSession, toNumber } from './rows.js';
import type { SqlSession } from './session.js';

const DEFAULT_EVENT_LIMIT = 1000;
const DEFAULT_SESSION_LIMIT = 100;

function eventWhere(params: SqlParams, scope: Scope, query: EventQuery): string {
  const conditions = [scopeSql(params, scope)];
  if (query.sessionId !== undefined) conditions.push(`session_id = ${params.add(query.sessionId)}`);
  if (query.kind !== undefined) conditions.push(`kind = ${params.add(query.kind)}`);
  if (query.since !== undefined) conditions.push(`ts >= ${params.add(query.since)}`);
  if (query.until !== undefined) conditions.push(`ts < ${params.add(query.until)}`);
  return conditions.join(' AND ');
}

/** One event by id; `times`, when given, are where to look (a store that keeps ids' times prunes by them). */
export async function getEvent(db: SqlSession, scope: Scope, id: string, times?: readonly number[]): Promise<CanonicalEvent | null> {
  const params = new SqlParams();
  const at = times ? ` AND ts IN (${params.list(times)})` : '';
  const where = `id = ${params.add(id)}${at} AND ${scopeSql(params, scope)}`;
  const rows = await db.all(`SELECT ${EVENT_COLUMN_LIST} FROM events WHERE ${where}`, params.values);
  return rows.length ? rowToEvent(rows[0]) : null;
}

/** Events matching the query, oldest first (conversation order), at most `limit` (default 1000). */
export async function listEvents(db: SqlSession, dialect: Dialect, scope: Scope, query: EventQuery): Promise<CanonicalEvent[]> {
  const params = new SqlParams();
  const limit = clampLimit(query.limit, DEFAULT_EVENT_LIMIT);
  const rows = await db.all(
    `SELECT ${EVENT_COLUMN_LIST} FROM events WHERE ${eventWhere(params, scope, query)}
     ORDER BY ts, ${byteOrder(dialect, 'id')} LIMIT ${limit}`,
    params.values,
  );
  return rows.map(rowToEvent);
}

/** How many events match; `limit` is ignored. */
export async function countEvents(db: SqlSession, scope: Scope, query: EventQuery = {}): Promise<number> {
  const params = new SqlParams();
  const rows = await db.all(`SELECT count(*) AS n FROM events WHERE ${eventWhere(params, scope, query)}`, params.values);
  return toNumber(rows[0]?.n);
}

export async function getSession(db: SqlSession, scope: Scope, sessionId: string): Promise<SessionRollup | null> {
  const params = new SqlParams();
  const where = `session_id = ${params.add(sessionId)} AND ${scopeSql(params, scope)}`;
  const rows = await db.all(`SELECT * FROM sessions WHERE ${where}`, params.values);
  return rows.length ? rowToSession(rows[0]) : null;
}

/** Sessions by most recent activity, at most `limit` (default 100). */
export async function listSessions(
  db: SqlSession,
  dialect: Dialect,
  scope: Scope,
  query: { limit?: number } = {},
): Promise<SessionRollup[]> {
  const params = new SqlParams();
  const limit = clampLimit(query.limit, DEFAULT_SESSION_LIMIT);
  const rows = await db.all(
    `SELECT * FROM sessions WHERE ${scopeSql(params, scope)}
     ORDER BY last_ts DESC, ${byteOrder(dialect, 'session_id')} LIMIT ${limit}`,
    params.values,
  );
  return rows.map(rowToSession);
}
