import type { Scope } from '../../core/scope.js';
import { SqlParams } from '../../store/sql/params.js';
import { toNumber } from '../../store/sql/rows.js';
import type { Store } from '../../store/store.js';
import { eventConditions, type ViewFilters } from './filters.js';
import { afterCursorSql, keysetOrderSql, toPage, type Page, type PageRequest } from './pagination.js';
import { TIMELINE_COLUMNS, presentTimelineEvent, type TimelineEvent } from './session-events.js';
import { textOrNull } from './sql.js';

/** A light row of the recent-events list: a timeline row plus where it belongs. */
export interface RecentEvent extends TimelineEvent {
  sessionId: string;
  project: string | null;
  agent: string;
  source: string;
}

/**
 * Events of every kind, newest first (or oldest with order=asc), with the usual filters and a cursor:
 * what the live page polls when its WebSocket cannot connect, and a plain "what just happened" list.
 */
export async function recentEvents(store: Store, scope: Scope, filters: ViewFilters, page: PageRequest): Promise<Page<RecentEvent>> {
  const params = new SqlParams();
  const order = page.order ?? 'desc';
  const conditions = eventConditions(params, scope, filters);
  const after = afterCursorSql(params, store.dialect, page.cursor, 'ts', 'id', order);
  if (after) conditions.push(after);
  const rows = await store.reads.all(
    `SELECT ${TIMELINE_COLUMNS}, session_id, project, agent, source FROM events WHERE ${conditions.join(' AND ')}
     ORDER BY ${keysetOrderSql(store.dialect, 'ts', 'id', order)} LIMIT ${page.limit + 1}`,
    params.values,
  );
  return toPage(rows, page.limit, (r) => [toNumber(r.ts), String(r.id)], (r) => ({
    ...presentTimelineEvent(r),
    sessionId: String(r.session_id),
    project: textOrNull(r.project),
    agent: String(r.agent),
    source: String(r.source),
  }));
}
